// The accounts service's own rules, on a real store file: consent before a weakly protected
// password is kept, and a test login paced, locked and recorded like a sync's.
import { afterEach, describe, expect, it } from 'vitest';
import { accountSettingsSchema } from '../../shared/model/account';
import { AppFailure } from '../errors';
import type { ProbeReport } from '../pop3';
import { ManualClock } from '../scheduler/manual-clock';
import { SecretError } from '../secrets';
import { emptySyncResult } from '../sync';
import { testServices, type TestServices } from '../testing/test-services';
import type { ProbeFn } from './services';

const T0 = Date.UTC(2026, 10, 27, 9);
// A process that is surely alive (init), so its lock is not taken over as stale.
const OTHER_PROCESS = 1;
let t: TestServices;
afterEach(async () => t?.cleanup());

const settings = (user = 'ann') =>
  accountSettingsSchema.parse({ host: 'pop.example.org', port: 995, security: 'tls', user });

const report = (loginDelay: number | null): ProbeReport =>
  ({
    security: { tls: true },
    capabilities: [],
    parsed: {},
    loginDelay,
    expire: null,
    messages: 0,
    octets: 0,
    authMethod: 'USER',
    log: [],
    quit: { sent: true, reply: '+OK' },
  }) as unknown as ProbeReport;

const failureOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppFailure) return error.error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('adding an account', () => {
  it('with only weak secret storage, asks first and stores nothing until the user agrees', async () => {
    t = testServices({ protection: 'weak' });
    const { accounts } = t.services;
    expect(await failureOf(() => accounts.add(settings(), 'pw', false))).toMatchObject({
      kind: 'keyring-missing',
    });
    expect(accounts.list()).toEqual([]);
    const added = accounts.add(settings(), 'pw', true);
    expect(t.services.secrets.read(added.id)).toBe('pw');
  });

  it('with no secret storage at all, refuses even with consent and stores nothing', () => {
    t = testServices({ protection: 'unavailable' });
    expect(() => t.services.accounts.add(settings(), 'pw', true)).toThrow(SecretError);
    expect(t.services.accounts.list()).toEqual([]);
  });
});

describe('Test connection of a saved mailbox', () => {
  it('holds the mailbox lock during the login, records it, and paces the next one by the LOGIN-DELAY it heard', async () => {
    const clock = new ManualClock(T0);
    let lockedDuringLogin: boolean | undefined;
    const probe: ProbeFn = async () => {
      // Another process must not get the mailbox while this login runs.
      lockedDuringLogin = !t.services.store.locks.tryAcquire(id, OTHER_PROCESS);
      return report(600);
    };
    t = testServices({ clock, probe });
    const id = t.addAccount();
    await t.services.accounts.testConnection({ id });
    expect(lockedDuringLogin).toBe(true);
    expect(t.services.store.locks.holder(id)).toBeUndefined();
    expect(t.services.accounts.get(id)).toMatchObject({ lastLoginAt: T0, loginDelaySeconds: 600 });

    await clock.advance(599_000);
    expect(await failureOf(() => t.services.accounts.testConnection({ id }))).toMatchObject({
      kind: 'retry-later',
      reason: 'login-delay',
      at: T0 + 600_000,
    });
  });

  it('paces a draft that names a saved mailbox too, and leaves an unsaved one alone', async () => {
    const clock = new ManualClock(T0);
    let logins = 0;
    t = testServices({
      clock,
      probe: async () => {
        logins++;
        return report(null);
      },
    });
    const id = t.addAccount({ user: 'ann' });
    t.services.store.accounts.update(id, { lastLoginAt: T0, loginDelaySeconds: 300 });
    const draft = { account: settings('ann'), password: 'pw' };
    expect(await failureOf(() => t.services.accounts.testConnection(draft))).toMatchObject({
      kind: 'retry-later',
    });
    await t.services.accounts.testConnection({ account: settings('bob'), password: 'pw' });
    expect(logins).toBe(1);
  });

  it('is refused as busy while another process holds the mailbox, without logging in', async () => {
    let logins = 0;
    t = testServices({
      probe: async () => {
        logins++;
        return report(null);
      },
    });
    const id = t.addAccount();
    expect(t.services.store.locks.tryAcquire(id, OTHER_PROCESS)).toBe(true);
    expect(await failureOf(() => t.services.accounts.testConnection({ id }))).toMatchObject({
      kind: 'conflict',
      reason: 'busy',
    });
    expect(logins).toBe(0);
  });

  it('releases the lock when the login fails', async () => {
    t = testServices({
      probe: async () => {
        throw new Error('connection reset');
      },
    });
    const id = t.addAccount();
    await expect(t.services.accounts.testConnection({ id })).rejects.toThrow(/reset/);
    expect(t.services.store.locks.holder(id)).toBeUndefined();
  });

  it('says which password is missing instead of logging in without one', async () => {
    t = testServices({ probe: async () => report(null) });
    const id = t.services.store.accounts.create(settings()).id;
    expect(await failureOf(() => t.services.accounts.testConnection({ id }))).toMatchObject({
      kind: 'credentials',
      reason: 'no-secret',
    });
  });
});

describe('removing an account', () => {
  it('is refused while its sync runs, and done once it has finished', async () => {
    let finish!: () => void;
    t = testServices({
      runSync: (accountId) =>
        new Promise((resolve) => {
          finish = () => resolve(emptySyncResult(accountId, 'ok'));
        }),
    });
    const id = t.addAccount();
    const running = t.services.runner.run(id);
    expect(await failureOf(() => t.services.accounts.remove(id, 'keep'))).toMatchObject({
      kind: 'conflict',
      reason: 'busy',
    });
    finish();
    await running;
    t.services.accounts.remove(id, 'keep');
    expect(t.services.accounts.list()).toEqual([]);
  });
});
