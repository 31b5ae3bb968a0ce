// Account passwords encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet).
// Never pretends to be strong when Linux falls back to the basic_text backend: that is 'weak',
// and accounts.add then asks the user before storing a password.
import { safeStorage } from 'electron';
import type { AppInfo } from '../../shared/model/app-info';
import type { SecretCipher } from '../secrets';

export const SAFE_STORAGE_SCHEME = 'electron-safe-storage-v1';

/** Call after the app is ready (the backend is chosen then). */
export function safeStorageProtection(
  platform: NodeJS.Platform = process.platform,
): AppInfo['secretStorage'] {
  if (!safeStorage.isEncryptionAvailable()) return 'weak';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return 'weak';
  }
  return 'os-keyring';
}

export function safeStorageCipher(protection: AppInfo['secretStorage']): SecretCipher {
  return {
    scheme: SAFE_STORAGE_SCHEME,
    secure: protection === 'os-keyring',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
