// The one interface every way of protecting a stored password implements (Electron's safeStorage
// lives in main/electron/, the file-key cipher here). Never returns or logs clear text except decrypt's result.

export interface SecretCipher {
  /** Tags what encrypt() wrote, so a secret is only ever decrypted by the scheme that made it. */
  readonly scheme: string;
  /** true only when the key is protected by something outside the profile folder (an OS keyring). */
  readonly secure: boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}
