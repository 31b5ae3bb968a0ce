import { beforeEach, describe, expect, it, vi } from 'vitest';

const safeStorage = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
  decryptString: (data: Buffer) => data.toString().slice(4),
}));
vi.mock('electron', () => ({ safeStorage }));

const { safeStorageCipher, safeStorageProtection } = await import('./safe-storage-cipher');

beforeEach(() => {
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});

describe('safeStorage protection', () => {
  it('counts a Linux keyring as strong', () => {
    expect(safeStorageProtection('linux')).toBe('os-keyring');
    safeStorage.backend = 'kwallet5';
    expect(safeStorageProtection('linux')).toBe('os-keyring');
  });

  it('calls the basic_text fallback weak, so the user is asked before a password is stored', () => {
    safeStorage.backend = 'basic_text';
    expect(safeStorageProtection('linux')).toBe('weak');
    expect(safeStorageCipher('weak').secure).toBe(false);
  });

  it('calls it weak when encryption is not available at all', () => {
    safeStorage.available = false;
    expect(safeStorageProtection('darwin')).toBe('weak');
  });

  it('trusts Keychain and DPAPI', () => {
    safeStorage.backend = 'unknown';
    expect(safeStorageProtection('darwin')).toBe('os-keyring');
    expect(safeStorageProtection('win32')).toBe('os-keyring');
  });

  it('encrypts through safeStorage under its own scheme', () => {
    const cipher = safeStorageCipher('os-keyring');
    expect(cipher.scheme).toBe('electron-safe-storage-v1');
    expect(cipher.decrypt(cipher.encrypt('pw'))).toBe('pw');
    expect(cipher.encrypt('pw').toString()).toBe('enc:pw');
  });
});
