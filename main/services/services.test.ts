import { afterEach, describe, expect, it } from 'vitest';
import { emptySyncResult } from '../sync';
import { ManualClock } from '../scheduler/manual-clock';
import { testServices, type TestServices } from '../testing/test-services';
import type { RunSync } from './sync-runner';

const T0 = Date.UTC(2026, 0, 15, 12);
const MIN = 60_000;
let t: TestServices;
afterEach(async () => t?.cleanup());

/** A sync that logs in (as main/sync persists it) and answers with the server's LOGIN-DELAY. */
function loggingInSync(
  clock: ManualClock,
  loginDelaySeconds: number | null,
  calls: number[],
): RunSync {
  return async (accountId) => {
    calls.push((clock.now() - T0) / MIN);
    t.services.store.accounts.update(accountId, { lastLoginAt: clock.now(), loginDelaySeconds });
    return {
      ...emptySyncResult(accountId, 'ok'),
      reachedUpdate: true,
      nextAllowedLogin: loginDelaySeconds ? clock.now() + loginDelaySeconds * 1000 : null,
    };
  };
}

describe('the services scheduler, on the store', () => {
  it('checks at start-up, then at the account interval, paced by the LOGIN-DELAY the store remembers', async () => {
    const clock = new ManualClock(T0);
    const calls: number[] = [];
    t = testServices({ clock, runSync: loggingInSync(clock, 1200, calls) });
    const id = t.addAccount({ checkIntervalSeconds: 300 });
    t.services.start();
    await clock.advance(0);
    expect(calls).toEqual([0]);
    expect(t.services.status(id)).toMatchObject({
      nextScheduledAt: T0 + 20 * MIN,
      nextAllowedLoginAt: T0 + 20 * MIN,
    });
    await clock.advance(41 * MIN);
    expect(calls).toEqual([0, 20, 40]);
  });

  it('waits at start-up for a login deferred by the server ([LOGIN-DELAY] refusal)', async () => {
    const clock = new ManualClock(T0);
    const calls: number[] = [];
    t = testServices({ clock, runSync: loggingInSync(clock, null, calls) });
    const id = t.addAccount();
    t.services.store.accounts.update(id, { loginDeferredUntil: T0 + 7 * MIN });
    t.services.start();
    await clock.advance(6 * MIN);
    expect(calls).toEqual([]);
    await clock.advance(1 * MIN);
    expect(calls).toEqual([7]);
  });

  it('skips the start-up check when the user turned it off', async () => {
    const clock = new ManualClock(T0);
    const calls: number[] = [];
    t = testServices({ clock, runSync: loggingInSync(clock, null, calls) });
    t.addAccount();
    await t.dispatch('settings.set', { syncOnStartup: false }, { transport: 'electron' });
    t.services.start();
    await clock.advance(11 * MIN);
    expect(calls).toEqual([10]);
  });

  it('checks nothing while offline and says so in the status', async () => {
    const clock = new ManualClock(T0);
    const calls: number[] = [];
    t = testServices({ clock, runSync: loggingInSync(clock, null, calls) });
    t.addAccount();
    t.services.scheduler.setOnline(false);
    t.services.start();
    await clock.advance(60 * MIN);
    expect(calls).toEqual([]);
    expect(t.services.overview()).toMatchObject({ online: false, paused: true });
  });

  it('restarts the interval after "Get mail" and checks a new account at once', async () => {
    const clock = new ManualClock(T0);
    const calls: number[] = [];
    t = testServices({ clock, runSync: loggingInSync(clock, null, calls) });
    const first = t.addAccount();
    t.services.start();
    await clock.advance(4 * MIN);
    await t.dispatch('sync.now', { accountId: first }, { transport: 'electron' });
    expect(calls).toEqual([0, 4]);
    await clock.advance(10 * MIN);
    expect(calls).toEqual([0, 4, 14]);
    await t.dispatch(
      'accounts.add',
      {
        account: { host: 'pop.example.net', port: 995, security: 'tls', user: 'bo' },
        password: 'pw',
      },
      { transport: 'electron' },
    );
    await clock.advance(0);
    expect(calls).toEqual([0, 4, 14, 14]);
  });
});

describe('closing the services (quitting the app)', () => {
  it('waits for a sync that ends in time, then closes the store', async () => {
    let finish: () => void = () => undefined;
    t = testServices({
      runSync: (accountId) =>
        new Promise((resolve) => {
          finish = () => resolve(emptySyncResult(accountId, 'ok'));
        }),
    });
    const id = t.addAccount();
    const sync = t.services.runner.run(id);
    const closing = t.services.close({ maxWaitMs: 60_000 });
    finish();
    expect(await closing).toBe(true);
    await sync;
    expect(() => t.services.store.accounts.list()).toThrow(/not open/);
  });

  it('closes the store after at most maxWaitMs when a sync hangs on the network', async () => {
    let release: () => void = () => undefined;
    t = testServices({
      runSync: (accountId) =>
        new Promise((resolve) => {
          release = () => resolve(emptySyncResult(accountId, 'ok'));
        }),
    });
    const id = t.addAccount();
    void t.services.runner.run(id);
    expect(t.services.runner.isRunning(id)).toBe(true);
    expect(await t.services.close({ maxWaitMs: 50 })).toBe(false);
    expect(t.services.runner.isRunning(id)).toBe(true);
    expect(() => t.services.store.accounts.list()).toThrow(/not open/);
    release(); // only so that the test's own clean-up can finish
  });
});
