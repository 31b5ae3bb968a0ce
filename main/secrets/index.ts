// Public face of secret storage: the cipher interface, the file-key cipher, the vaults.
// Never import electron here: the safeStorage cipher belongs in main/electron/.

export type { SecretCipher } from './secret-cipher';
export { SecretError } from './secret-error';
export type { SecretErrorKind } from './secret-error';
export { createFileKeyCipher, FILE_KEY_SCHEME, KEY_FILE_NAME } from './file-key-cipher';
export { createEnvSecretVault, createStoreSecretVault, PASSWORD_ENV } from './secret-vault';
export type { SecretVault } from './secret-vault';
