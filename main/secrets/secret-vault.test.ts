import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { accountSettings, tempProfile, type TempProfile } from '../store/store-test-support';
import { createFileKeyCipher } from './file-key-cipher';
import type { SecretCipher } from './secret-cipher';
import { SecretError } from './secret-error';
import { createEnvSecretVault, createStoreSecretVault } from './secret-vault';

let profile: TempProfile;
afterEach(() => profile?.remove());

const PASSWORD = 'Tr0ub4dor&3-unique-marker';

/** Every form the clear text could take in the file bytes. */
function containsSecret(path: string): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  return (
    bytes.includes(Buffer.from(PASSWORD, 'utf8')) ||
    bytes.includes(Buffer.from(PASSWORD, 'utf16le')) ||
    bytes.includes(Buffer.from(PASSWORD.slice(0, 12), 'utf8'))
  );
}

describe('store secret vault', () => {
  it('round-trips an account password and reports how it is protected', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    try {
      const accountId = store.accounts.create(accountSettings()).id;
      const vault = createStoreSecretVault(store.accounts, createFileKeyCipher(profile.dir));
      expect(vault).toMatchObject({ persistent: true, secure: false });
      expect(vault.get(accountId)).toBeUndefined();
      vault.set(accountId, PASSWORD);
      expect(vault.has(accountId)).toBe(true);
      expect(vault.get(accountId)).toBe(PASSWORD);
      expect(store.accounts.get(accountId)?.hasSecret).toBe(true);
      vault.clear(accountId);
      expect(vault.get(accountId)).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('never lets the clear text reach the database file or its WAL', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    const accountId = store.accounts.create(accountSettings()).id;
    const vault = createStoreSecretVault(store.accounts, createFileKeyCipher(profile.dir));
    vault.set(accountId, PASSWORD);
    vault.set(accountId, PASSWORD); // an update writes a second version of the row
    // While open, the row sits in the WAL; after close it is checkpointed into the main file.
    expect(existsSync(`${profile.dbPath}-wal`)).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) {
      expect(containsSecret(`${profile.dbPath}${suffix}`), `db${suffix}`).toBe(false);
    }
    expect(vault.get(accountId)).toBe(PASSWORD);
    store.close();
    for (const suffix of ['', '-wal', '-shm']) {
      expect(containsSecret(`${profile.dbPath}${suffix}`), `db${suffix} after close`).toBe(false);
    }
  });

  it('the scan does find the marker when it is stored in clear (control for the test above)', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    store.accounts.create(accountSettings({ name: PASSWORD }));
    const found = ['', '-wal'].some((suffix) => containsSecret(`${profile.dbPath}${suffix}`));
    store.close();
    expect(found).toBe(true);
  });

  it('refuses to decrypt a secret written by another scheme', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    try {
      const accountId = store.accounts.create(accountSettings()).id;
      const other: SecretCipher = {
        scheme: 'os-keyring-v1',
        secure: true,
        encrypt: (plain) => Buffer.from(plain).reverse(),
        decrypt: (blob) => Buffer.from(blob).reverse().toString(),
      };
      createStoreSecretVault(store.accounts, other).set(accountId, PASSWORD);
      const vault = createStoreSecretVault(store.accounts, createFileKeyCipher(profile.dir));
      expect(() => vault.get(accountId)).toThrow(SecretError);
      expect(() => vault.get(accountId)).toThrow(/os-keyring-v1/);
    } finally {
      store.close();
    }
  });
});

describe('env secret vault', () => {
  it('gives every account POPLINE_PASSWORD and keeps typed passwords only in memory', () => {
    const vault = createEnvSecretVault({ POPLINE_PASSWORD: 'from-env' });
    expect(vault).toMatchObject({ persistent: false, secure: false });
    expect(vault.get(1)).toBe('from-env');
    vault.set(2, 'typed');
    expect(vault.get(2)).toBe('typed');
    expect(createEnvSecretVault({ POPLINE_PASSWORD: 'from-env' }).get(2)).toBe('from-env');
    vault.clear(2);
    expect(vault.get(2)).toBe('from-env');
  });

  it('has nothing when the variable is unset or empty', () => {
    expect(createEnvSecretVault({}).has(1)).toBe(false);
    expect(createEnvSecretVault({ POPLINE_PASSWORD: '' }).get(1)).toBeUndefined();
  });
});
