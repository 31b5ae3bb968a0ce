import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock';
import { createScheduler, type SchedulerAccount } from './scheduler';

const MIN = 60_000;
const START = 1_700_000_000_000;

/** Accounts as the store would report them; a sync "logs in", as the sync layer persists. */
function harness(accounts: SchedulerAccount[], opts: { retryAt?: number | null } = {}) {
  const clock = new ManualClock(START);
  const rows = new Map(accounts.map((a) => [a.id, { ...a }]));
  const syncs: Array<{ id: number; at: number }> = [];
  const scheduler = createScheduler({
    clock,
    listAccounts: () => [...rows.values()],
    runSync: async (id) => {
      syncs.push({ id, at: clock.now() });
      const row = rows.get(id);
      if (row) row.lastLoginAt = clock.now();
      return { retryAt: opts.retryAt ?? null };
    },
  });
  const times = (id: number) => syncs.filter((s) => s.id === id).map((s) => (s.at - START) / MIN);
  return { clock, rows, syncs, scheduler, times };
}

const account = (id: number, over: Partial<SchedulerAccount> = {}): SchedulerAccount => ({
  id,
  checkIntervalSeconds: 600,
  lastLoginAt: null,
  loginDeferredUntil: null,
  loginDelaySeconds: null,
  ...over,
});

describe('scheduler', () => {
  it('checks every account once at start-up, then every check interval', async () => {
    const h = harness([account(1), account(2, { checkIntervalSeconds: 300 })]);
    h.scheduler.start();
    await h.clock.advance(31 * MIN);
    expect(h.times(1)).toEqual([0, 10, 20, 30]);
    expect(h.times(2)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('does not check before the interval has passed', async () => {
    const h = harness([account(1)]);
    h.scheduler.start();
    await h.clock.advance(10 * MIN - 1);
    expect(h.times(1)).toEqual([0]);
    expect(h.scheduler.nextCheckAt(1)).toBe(START + 10 * MIN);
  });

  it('never checks more often than the server LOGIN-DELAY, even with a shorter interval', async () => {
    const h = harness([account(1, { checkIntervalSeconds: 120, loginDelaySeconds: 900 })]);
    h.scheduler.start();
    await h.clock.advance(46 * MIN);
    expect(h.times(1)).toEqual([0, 15, 30, 45]);
  });

  it('waits at start-up until LOGIN-DELAY since the last persisted login has passed', async () => {
    const h = harness([
      account(1, { lastLoginAt: START - 2 * MIN, loginDelaySeconds: 300 }),
      account(2, { lastLoginAt: START - 10 * MIN, loginDelaySeconds: 300 }),
    ]);
    h.scheduler.start();
    await h.clock.advance(2 * MIN);
    expect(h.times(1)).toEqual([]);
    expect(h.times(2)).toEqual([0]);
    await h.clock.advance(1 * MIN);
    expect(h.times(1)).toEqual([3]);
  });

  it('honours a LOGIN-DELAY learnt during a sync for the following check', async () => {
    const h = harness([account(1, { checkIntervalSeconds: 60 })]);
    h.scheduler.start();
    await h.clock.advance(0);
    const row = h.rows.get(1);
    if (row) row.loginDelaySeconds = 600;
    h.scheduler.refresh();
    await h.clock.advance(21 * MIN);
    expect(h.times(1)).toEqual([0, 10, 20]);
  });

  it('does not check while offline, and checks at once when back online', async () => {
    const h = harness([account(1)]);
    h.scheduler.start();
    await h.clock.advance(1 * MIN);
    h.scheduler.setOnline(false);
    expect(h.scheduler.nextCheckAt(1)).toBeNull();
    await h.clock.advance(60 * MIN);
    expect(h.times(1)).toEqual([0]);
    h.scheduler.setOnline(true);
    await h.clock.advance(0);
    expect(h.times(1)).toEqual([0, 61]);
  });

  it('does not check while suspended, and resumes the rhythm on wake', async () => {
    const h = harness([account(1)]);
    h.scheduler.start();
    await h.clock.advance(5 * MIN);
    h.scheduler.setSuspended(true);
    await h.clock.advance(30 * MIN);
    expect(h.times(1)).toEqual([0]);
    h.scheduler.setSuspended(false);
    await h.clock.advance(11 * MIN);
    expect(h.times(1)).toEqual([0, 35, 45]);
  });

  it('does not check at all before start()', async () => {
    const h = harness([account(1)]);
    await h.clock.advance(60 * MIN);
    expect(h.syncs).toEqual([]);
  });

  it('waits for a retry time the server gave', async () => {
    const h = harness([account(1)], { retryAt: START + 25 * MIN });
    h.scheduler.start();
    await h.clock.advance(40 * MIN);
    expect(h.times(1)).toEqual([0, 25, 35]);
  });

  it('restarts the interval after a check made outside the scheduler', async () => {
    const h = harness([account(1)]);
    h.scheduler.start();
    await h.clock.advance(7 * MIN);
    h.scheduler.noteChecked(1, null);
    await h.clock.advance(10 * MIN);
    expect(h.times(1)).toEqual([0, 17]);
  });

  it('plans new accounts and forgets removed ones on refresh', async () => {
    const h = harness([account(1)]);
    h.scheduler.start();
    await h.clock.advance(1 * MIN);
    h.rows.set(2, account(2));
    h.rows.delete(1);
    h.scheduler.refresh();
    await h.clock.advance(20 * MIN);
    expect(h.times(1)).toEqual([0]);
    expect(h.times(2)).toEqual([1, 11, 21]);
    expect(h.scheduler.nextCheckAt(1)).toBeNull();
  });

  it('keeps its rhythm when a sync fails', async () => {
    const clock = new ManualClock(START);
    const attempts: number[] = [];
    const scheduler = createScheduler({
      clock,
      listAccounts: () => [account(1)],
      runSync: async () => {
        attempts.push((clock.now() - START) / MIN);
        throw new Error('network down');
      },
    });
    scheduler.start();
    await clock.advance(21 * MIN);
    expect(attempts).toEqual([0, 10, 20]);
  });

  it('never starts a second check of an account while one is running', async () => {
    const clock = new ManualClock(START);
    let running = 0;
    let overlapping = false;
    let release: () => void = () => undefined;
    const scheduler = createScheduler({
      clock,
      listAccounts: () => [account(1, { checkIntervalSeconds: 60 })],
      runSync: () => {
        running++;
        if (running > 1) overlapping = true;
        return new Promise((resolve) => {
          release = () => {
            running--;
            resolve({ retryAt: null });
          };
        });
      },
    });
    scheduler.start();
    await clock.advance(0);
    scheduler.refresh();
    await clock.advance(5 * MIN);
    expect(running).toBe(1);
    release();
    await clock.advance(1 * MIN);
    expect(overlapping).toBe(false);
    expect(running).toBe(1);
  });
});
