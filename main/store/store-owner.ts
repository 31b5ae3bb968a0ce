// Who holds rows another process may have to clean up after: one open Store object, named by a
// random id, in one process, named by its pid and start time (so a pid given again later is not
// taken for the process that had it). Rows of an owner that is no longer open anywhere are stale.

import { randomUUID } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { isSameProcessAlive, processStartTime } from './process-alive';

export interface StoreOwner {
  readonly id: string;
  readonly pid: number;
  /** null where the system does not tell a process's start time. */
  readonly started: number | null;
}

// Owners open in this thread; another thread of this process keeps its own, unseen from here.
const openHere = new Set<string>();
const ownStart = processStartTime(process.pid);
const threadPrefix = `t${threadId}:`;

/** A new owner for a Store being opened; close() when the Store closes. */
export function openOwner(): StoreOwner & { close(): void } {
  const id = `${threadPrefix}${randomUUID()}`;
  openHere.add(id);
  return { id, pid: process.pid, started: ownStart, close: () => void openHere.delete(id) };
}

/**
 * Whether the owner may still use its rows: its Store is open, here or in a process still running.
 * In doubt (a running process whose start time cannot be read, another thread of this one) it is
 * taken as alive.
 */
export function isOwnerAlive(owner: StoreOwner): boolean {
  if (owner.pid === process.pid && owner.started === ownStart) {
    return openHere.has(owner.id) || !owner.id.startsWith(threadPrefix);
  }
  return isSameProcessAlive(owner.pid, owner.started);
}
