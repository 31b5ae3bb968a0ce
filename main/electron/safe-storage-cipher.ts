// Account passwords encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet).
// Never pretends to be strong when Linux falls back to the basic_text backend: that is 'weak',
// and accounts.add then asks the user before storing a password. When the system cannot encrypt
// at all, that is 'unavailable' and nothing is stored. Every safeStorage failure becomes a typed
// SecretError: 'unreadable' (the UI asks for the password again) or 'unavailable'.
import { safeStorage } from 'electron';
import type { AppInfo } from '../../shared/model/app-info';
import { SecretError, type SecretCipher } from '../secrets';

export const SAFE_STORAGE_SCHEME = 'electron-safe-storage-v1';

/** Call after the app is ready (the backend is chosen then). */
export function safeStorageProtection(
  platform: NodeJS.Platform = process.platform,
): AppInfo['secretStorage'] {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
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
    encrypt(plain) {
      // Checked each time: a keyring can go away while the app runs (a locked session, a crash).
      if (!safeStorage.isEncryptionAvailable())
        throw new SecretError('unavailable', 'the system keyring is not available');
      try {
        return safeStorage.encryptString(plain);
      } catch (error) {
        throw new SecretError('unavailable', 'the system keyring refused to encrypt', {
          cause: error,
        });
      }
    },
    decrypt(data) {
      try {
        if (!safeStorage.isEncryptionAvailable()) throw new Error('encryption is not available');
        return safeStorage.decryptString(data);
      } catch (error) {
        throw new SecretError(
          'unreadable',
          'the stored password cannot be decrypted with the system keyring (it was changed, reset or is locked); enter it again',
          { cause: error },
        );
      }
    },
  };
}
