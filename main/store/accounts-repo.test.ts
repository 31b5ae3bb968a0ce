import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store';
import { StoreError } from './store-error';
import { accountSettings, manualClock, tempProfile, type TempProfile } from './store-test-support';

let profile: TempProfile;
let store: Store;
const clock = manualClock();
const open = () => {
  profile = tempProfile();
  store = openStore(profile.dbPath, { now: clock.now });
  return store;
};
afterEach(() => {
  store?.close();
  profile?.remove();
});

describe('accounts', () => {
  it('creates an account with the contract shape and reads it back', () => {
    const created = open().accounts.create(
      accountSettings({ host: 'POP.Example.ORG ', retention: { mode: 'keep-days', days: 14 } }),
    );
    expect(created).toMatchObject({
      name: 'Work',
      host: 'pop.example.org',
      port: 995,
      security: 'tls',
      auth: 'auto',
      user: 'ann',
      allowInsecurePassword: false,
      retention: { mode: 'keep-days', days: 14 },
      maxMessageSize: null,
      checkIntervalSeconds: 600,
      certFingerprint256: null,
      hasSecret: false,
      lastLoginAt: null,
      loginDelaySeconds: null,
      serverExpire: null,
      loginDeferredUntil: null,
      secretScheme: null,
      createdAt: clock.now(),
    });
    expect(store.accounts.get(created.id)).toEqual(created);
    expect(store.accounts.list()).toEqual([created]);
    expect(store.accounts.findByIdentity('ann', 'pop.example.org', 995)?.id).toBe(created.id);
  });

  it('refuses a second account for the same user, host and port', () => {
    open().accounts.create(accountSettings());
    expect(() => store.accounts.create(accountSettings({ name: 'again' }))).toThrow(
      expect.objectContaining({ kind: 'duplicate-account' }),
    );
  });

  it('upserts by identity: a second call updates the first account', () => {
    const first = open().accounts.upsertByIdentity(accountSettings());
    const second = store.accounts.upsertByIdentity(
      accountSettings({ name: 'Renamed', checkIntervalSeconds: 900 }),
    );
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ name: 'Renamed', checkIntervalSeconds: 900 });
    expect(store.accounts.list()).toHaveLength(1);
  });

  it('updates only the fields given, including what the server announced', () => {
    const account = open().accounts.create(accountSettings());
    const updated = store.accounts.update(account.id, {
      maxMessageSize: 1_000_000,
      lastLoginAt: 123,
      loginDelaySeconds: 300,
      serverExpire: 'never',
      loginDeferredUntil: 456,
    });
    expect(updated).toEqual({
      ...account,
      maxMessageSize: 1_000_000,
      lastLoginAt: 123,
      loginDelaySeconds: 300,
      serverExpire: 'never',
      loginDeferredUntil: 456,
    });
    expect(store.accounts.update(account.id, { serverExpire: 30 }).serverExpire).toBe(30);
  });

  it('reports unknown ids and out-of-domain values as typed errors', () => {
    const account = open().accounts.create(accountSettings());
    expect(() => store.accounts.update(999, { name: 'x' })).toThrow(StoreError);
    expect(() => store.accounts.update(account.id, { port: 70_000 })).toThrow(
      expect.objectContaining({ kind: 'invalid-input' }),
    );
    expect(() => store.accounts.writeSecret(999, null)).toThrow(
      expect.objectContaining({ kind: 'not-found' }),
    );
  });

  it('keeps the secret out of the account record and reads it separately', () => {
    const account = open().accounts.create(accountSettings());
    store.accounts.writeSecret(account.id, { cipher: Buffer.from([1, 2, 3]), scheme: 'test' });
    const record = store.accounts.get(account.id);
    expect(record).toMatchObject({ hasSecret: true, secretScheme: 'test' });
    expect(Object.values(record ?? {}).some((value) => Buffer.isBuffer(value))).toBe(false);
    expect(store.accounts.readSecret(account.id)).toEqual({
      cipher: Buffer.from([1, 2, 3]),
      scheme: 'test',
    });
    store.accounts.writeSecret(account.id, null);
    expect(store.accounts.readSecret(account.id)).toBeUndefined();
    expect(store.accounts.get(account.id)?.hasSecret).toBe(false);
  });

  it('removes an account', () => {
    const account = open().accounts.create(accountSettings());
    expect(store.accounts.remove(account.id)).toBe(true);
    expect(store.accounts.remove(account.id)).toBe(false);
    expect(store.accounts.get(account.id)).toBeUndefined();
  });
});
