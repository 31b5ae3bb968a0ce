// One sync per account across every process and Store object on the same database file.
// Never takes a lock from a live holder; a lock whose process is gone is stale and taken over.

import type Database from 'better-sqlite3';
import { isSameProcessAlive, processStartTime } from './process-alive';

export interface SyncLockHolder {
  owner: string;
  pid: number;
  acquiredAt: number;
}

export interface SyncLocksRepo {
  /**
   * true: this Store now holds the account's lock. false: someone else (another process, another
   * Store object in this one, or this Store itself) holds it and is alive.
   */
  tryAcquire(accountId: number, pid?: number): boolean;
  /** Releases it if this Store holds it; returns whether it did. */
  release(accountId: number, pid?: number): boolean;
  holder(accountId: number): SyncLockHolder | undefined;
  /** Releases every lock this Store holds (on close). */
  releaseAll(): number;
}

export function createSyncLocksRepo(
  db: Database.Database,
  owner: string,
  now: () => number,
): SyncLocksRepo {
  const holderOf = db.prepare<
    [number],
    { owner: string; pid: number; acquired_at: number; pid_started: number | null }
  >('SELECT owner, pid, acquired_at, pid_started FROM sync_locks WHERE account_id = ?');
  const take = db.prepare<[number, string, number, number, number | null]>(
    `INSERT INTO sync_locks (account_id, owner, pid, acquired_at, pid_started)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET
       owner = excluded.owner, pid = excluded.pid, acquired_at = excluded.acquired_at,
       pid_started = excluded.pid_started`,
  );
  const drop = db.prepare<[number, string, number]>(
    'DELETE FROM sync_locks WHERE account_id = ? AND owner = ? AND pid = ?',
  );
  const dropAll = db.prepare<[string]>('DELETE FROM sync_locks WHERE owner = ?');

  // Read and write in one IMMEDIATE transaction: it takes the database's write lock first,
  // so two contenders cannot both see the lock free.
  const acquire = db.transaction((accountId: number, pid: number): boolean => {
    const current = holderOf.get(accountId);
    // The holder's pid alone would keep a lock forever once that pid names another process
    // (after a crash and a reboot, even this one): its start time says whether it is the same.
    if (current && isSameProcessAlive(current.pid, current.pid_started)) return false;
    take.run(accountId, owner, pid, now(), processStartTime(pid));
    return true;
  });

  return {
    tryAcquire: (accountId, pid = process.pid) => acquire.immediate(accountId, pid),
    release: (accountId, pid = process.pid) => drop.run(accountId, owner, pid).changes > 0,
    holder(accountId) {
      const row = holderOf.get(accountId);
      return row ? { owner: row.owner, pid: row.pid, acquiredAt: row.acquired_at } : undefined;
    },
    releaseAll: () => dropAll.run(owner).changes,
  };
}
