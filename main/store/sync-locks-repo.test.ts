import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store';
import {
  accountSettings,
  startChildProcess,
  tempProfile,
  type TempProfile,
} from './store-test-support';

let profile: TempProfile;
const stores: Store[] = [];
const open = () => {
  const store = openStore(profile.dbPath);
  stores.push(store);
  return store;
};
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  profile?.remove();
});

function setup() {
  profile = tempProfile();
  const first = open();
  const accountId = first.accounts.create(accountSettings()).id;
  return { first, accountId };
}

/** A child process running lock-contender-child.ts, answering one line per command. */
const startContender = (dbPath: string, accountId: number) =>
  startChildProcess('lock-contender-child.ts', [dbPath, String(accountId)]);

describe('sync locks', () => {
  it('lets only one of two Store objects in one process hold an account', () => {
    const { first, accountId } = setup();
    const second = open();
    expect(first.locks.tryAcquire(accountId)).toBe(true);
    expect(second.locks.tryAcquire(accountId)).toBe(false);
    // Not re-entrant: a second sync through the same Store is refused too.
    expect(first.locks.tryAcquire(accountId)).toBe(false);
    // Only the holder can release it.
    expect(second.locks.release(accountId)).toBe(false);
    expect(first.locks.release(accountId)).toBe(true);
    expect(second.locks.tryAcquire(accountId)).toBe(true);
    expect(second.locks.holder(accountId)?.pid).toBe(process.pid);
  });

  it('releases the locks of a Store when it is closed', () => {
    const { first, accountId } = setup();
    const second = open();
    expect(second.locks.tryAcquire(accountId)).toBe(true);
    second.close();
    expect(first.locks.tryAcquire(accountId)).toBe(true);
  });

  it('locks per account', () => {
    const { first, accountId } = setup();
    const otherId = first.accounts.create(accountSettings({ user: 'other' })).id;
    const second = open();
    expect(first.locks.tryAcquire(accountId)).toBe(true);
    expect(second.locks.tryAcquire(otherId)).toBe(true);
  });

  it('contends with another process, and takes over the lock of one that died holding it', async () => {
    const { first, accountId } = setup();
    const contender = startContender(profile.dbPath, accountId);
    try {
      const childPid = Number((await contender.next()).split(' ')[1]);

      expect(await contender.send('acquire')).toBe('acquired true');
      expect(first.locks.tryAcquire(accountId)).toBe(false);
      expect(first.locks.holder(accountId)?.pid).toBe(childPid);

      expect(await contender.send('release')).toBe('released true');
      expect(first.locks.tryAcquire(accountId)).toBe(true);
      expect(await contender.send('acquire')).toBe('acquired false');
      expect(first.locks.release(accountId)).toBe(true);

      expect(await contender.send('acquire')).toBe('acquired true');
      contender.child.stdin.write('crash\n');
      await contender.exited;
      // Its pid no longer exists: the lock is stale and this process takes it over.
      expect(first.locks.holder(accountId)?.pid).toBe(childPid);
      expect(first.locks.tryAcquire(accountId)).toBe(true);
      expect(first.locks.holder(accountId)?.pid).toBe(process.pid);
    } finally {
      contender.child.kill();
    }
  });

  it('takes over a lock whose pid now names another process (a crash, then a reboot), even this one', () => {
    const { first, accountId } = setup();
    const second = open();
    expect(first.locks.tryAcquire(accountId)).toBe(true);
    // The holder had this very pid and died: a start time other than this process's says so.
    const stale = (pidStarted: string) => {
      const db = new Database(profile.dbPath);
      db.prepare(`UPDATE sync_locks SET owner = 'gone', pid_started = ${pidStarted}`).run();
      db.close();
    };
    stale('pid_started - 1');
    expect(second.locks.tryAcquire(accountId)).toBe(true);
    expect(second.locks.holder(accountId)?.owner).not.toBe('gone');
    // A live holder with its own start time is still respected...
    expect(first.locks.tryAcquire(accountId)).toBe(false);
    // ...and a lock from before start times were kept (NULL) falls back to the pid alone.
    stale('NULL');
    expect(first.locks.tryAcquire(accountId)).toBe(false);
  });
});
