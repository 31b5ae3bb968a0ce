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
  failEncrypt: false,
  /** As after the keyring was replaced: what was stored no longer decrypts. */
  keyringChanged: false,
  encryptString(plain: string) {
    if (!this.available) throw new Error('Error while encrypting the text provided');
    if (this.failEncrypt) throw new Error('Encryption failed');
    return Buffer.from(`enc:${plain}`);
  },
  decryptString(data: Buffer) {
    if (!this.available || this.keyringChanged)
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    return data.toString().slice(4);
  },
}));
vi.mock('electron', () => ({ safeStorage }));

const { safeStorageCipher, safeStorageProtection } = await import('./safe-storage-cipher');
const { SecretError, createStoreSecretVault } = await import('../secrets');
const { createAccountSecrets } = await import('../services/account-secrets');
const { toAppError } = await import('../errors');
const { openStore } = await import('../store');
const { accountSettings, tempProfile } = await import('../store/store-test-support');

beforeEach(() => {
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  safeStorage.failEncrypt = false;
  safeStorage.keyringChanged = false;
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

  it('calls it unavailable, not weak, when the system cannot encrypt at all', () => {
    safeStorage.available = false;
    expect(safeStorageProtection('darwin')).toBe('unavailable');
    expect(safeStorageProtection('linux')).toBe('unavailable');
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

describe('safeStorage failures', () => {
  it('turns a password that no longer decrypts (keyring changed or gone) into "ask for it again"', () => {
    const profile = tempProfile();
    const store = openStore(profile.dbPath);
    try {
      const id = store.accounts.create(accountSettings()).id;
      const secrets = createAccountSecrets(
        createStoreSecretVault(store.accounts, safeStorageCipher('os-keyring')),
        'os-keyring',
      );
      secrets.save(id, 'pw');
      expect(secrets.read(id)).toBe('pw');
      safeStorage.keyringChanged = true;
      expect(secrets.read(id)).toBeNull();
      safeStorage.keyringChanged = false;
      safeStorage.available = false;
      expect(secrets.read(id)).toBeNull();
    } finally {
      store.close();
      profile.remove();
    }
  });

  it('reports a decrypt failure as the typed error the UI answers with a password prompt', () => {
    safeStorage.keyringChanged = true;
    let thrown: unknown;
    try {
      safeStorageCipher('os-keyring').decrypt(Buffer.from('enc:pw'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SecretError);
    expect(toAppError(thrown, { now: 0 })).toMatchObject({
      kind: 'credentials',
      reason: 'secret-unreadable',
    });
  });

  it('reports an encrypt failure, or no encryption at all, as keyring-unavailable with what to do', () => {
    safeStorage.failEncrypt = true;
    expect(() => safeStorageCipher('os-keyring').encrypt('pw')).toThrow(
      expect.objectContaining({ kind: 'unavailable' }),
    );
    safeStorage.failEncrypt = false;
    safeStorage.available = false;
    let thrown: unknown;
    try {
      safeStorageCipher('weak').encrypt('pw');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SecretError);
    const appError = toAppError(thrown, { now: 0 });
    expect(appError).toMatchObject({ kind: 'conflict', reason: 'keyring-unavailable' });
    expect(appError.message).toMatch(/keyring/);
    expect(appError.message).toMatch(/try again/);
  });
});
