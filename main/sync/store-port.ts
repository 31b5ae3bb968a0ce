// The sync's persistence port implemented by the SQLite store.
import { createHash } from 'node:crypto';
import { derivedUidl, StoreError, type Store, type UidlStateRow } from '../store';
import type { KnownUidl } from './plan';
import type { CommitArgs, CommitOutcome, SyncAccount, SyncPort } from './sync-port';

export function storePort(store: Store, pid: number = process.pid): SyncPort {
  return {
    transaction: (fn) => store.batch(fn),
    allOrNothing: (fn) => store.allOrNothing(fn),
    durability: (mode) => store.durability(mode),
    account(accountId): SyncAccount | null {
      const a = store.accounts.get(accountId);
      if (!a) return null;
      return {
        id: a.id,
        host: a.host,
        port: a.port,
        security: a.security,
        auth: a.auth,
        user: a.user,
        allowInsecurePassword: a.allowInsecurePassword,
        certFingerprint256: a.certFingerprint256,
        retention: a.retention,
        maxMessageSize: a.maxMessageSize,
        lastLoginAt: a.lastLoginAt,
        loginDelaySeconds: a.loginDelaySeconds,
        loginDeferredUntil: a.loginDeferredUntil,
      };
    },
    known(accountId) {
      const known = new Map<string, KnownUidl>();
      for (const [uidl, r] of store.uidl.forAccount(accountId)) {
        known.set(uidl, {
          state: r.state,
          committedAt: r.committedAt,
          partial: r.partial,
          deletedLocally: r.deletedLocally,
          deleteRequested: r.deleteRequested,
          fetchRequested: r.fetchRequested,
          firstSeenAt: r.firstSeenAt,
          ambiguous: r.ambiguous,
        });
      }
      return known;
    },
    tryLock: (accountId) => store.locks.tryAcquire(accountId, pid),
    unlock: (accountId) => void store.locks.release(accountId, pid),
    closeInterrupted(accountId, at) {
      return store.batch(() => {
        const running = store.sessions
          .list({ accountId, limit: 1000 })
          .filter((s) => s.outcome === 'running');
        for (const s of running) {
          store.sessions.appendLog(s.id, [
            {
              time: at,
              dir: 'I',
              text: 'session interrupted: the process ended before it saw a reply to QUIT; its DELE commands count as not applied and are checked in the next session',
            },
          ]);
          store.uidl.revertDeleSent(accountId, s.id);
        }
        store.sessions.markInterrupted(accountId, at);
        // A body a crashed process was still receiving is no message: its chunks go now, and so
        // do those of any account (a crashed import's), whose owner is gone like it.
        store.stagedBodies.removeLeftovers();
        return running.map((s) => s.id);
      });
    },
    startSession: (accountId, at) => store.sessions.start(accountId, at),
    appendLog: (sessionId, lines) => store.sessions.appendLog(sessionId, lines),
    finishSession: (sessionId, s) =>
      store.sessions.finish(sessionId, {
        outcome: s.outcome,
        endedAt: s.endedAt,
        retrieved: s.retrieved,
        deleted: s.deleted,
        skipped: s.skipped,
        errorKind: s.errorKind,
        errorMessage: s.errorMessage,
        reachedUpdate: s.reachedUpdate,
        quitReply: s.quitReply,
      }),
    pruneSessions: (accountId, keep, before) => void store.sessions.prune(accountId, keep, before),
    recordLogin: (accountId, at, server) => void store.accounts.recordLogin(accountId, at, server),
    deferLogin: (accountId, until) =>
      void store.accounts.update(accountId, { loginDeferredUntil: until }),
    commit: (args) => store.batch(() => commitChecked(store, args)),
    stageBody: (accountId) => store.stagedBodies.stage(accountId),
    linkByContentKey: (accountId, uidl, key, listed, match) =>
      store.uidl.linkByContentKey(accountId, uidl, key, listed, match),
    markSeen: (accountId, listing) => store.uidl.markSeen(accountId, listing),
    markAmbiguous: (accountId, uidls) => store.uidl.markAmbiguous(accountId, uidls),
    markDeleSent: (accountId, uidls, sessionId) =>
      store.uidl.markDeleSent(accountId, uidls, sessionId),
    revertDeleSent: (accountId, sessionId) => void store.uidl.revertDeleSent(accountId, sessionId),
    markGone: (accountId, uidls, at) => void store.uidl.markGone(accountId, uidls, at),
  };
}

/** Only in-memory bytes come without their hash: a staged body always brings it. */
function inMemory(raw: CommitArgs['raw']): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  throw new StoreError('integrity', `staged body ${raw.blobId} comes without its SHA-256`);
}

const HOLDS_A_MESSAGE = new Set(['committed', 'dele-sent', 'gone']);

/** Whether this key already stands for a stored message (whatever its bytes). */
function taken(row: UidlStateRow | undefined): row is UidlStateRow & { messageId: number } {
  return row !== undefined && row.messageId !== null && HOLDS_A_MESSAGE.has(row.state);
}

function sameWhole(row: UidlStateRow | undefined, sha256: string): boolean {
  return taken(row) && !row.partial && row.sha256 === sha256;
}

/**
 * Stores one retrieved message and says whether its exact bytes are now stored whole: only then
 * may the sync DELE it. A key that already names other bytes never hides this message.
 */
function commitChecked(store: Store, args: CommitArgs): CommitOutcome {
  const sha256 = args.sha256 ?? createHash('sha256').update(inMemory(args.raw)).digest('hex');
  const existing = store.uidl.get(args.accountId, args.uidl);
  if (args.replacePartial && taken(existing)) {
    const completed = store.completePartial({
      messageId: existing.messageId,
      raw: args.raw,
      sessionId: args.sessionId,
      parsed: args.parsed,
      sha256,
    });
    const after = store.uidl.get(args.accountId, args.uidl);
    return {
      messageId: existing.messageId,
      inserted: completed,
      whole: sameWhole(after, sha256),
    };
  }
  const commitAs = (uidl: string): CommitOutcome => {
    const r = store.commitMessage({
      accountId: args.accountId,
      uidl,
      raw: args.raw,
      sessionId: args.sessionId,
      parsed: args.parsed,
      contentKey: args.contentKey,
      partial: args.partial,
      sha256,
    });
    const whole = r.inserted
      ? !args.partial
      : sameWhole(store.uidl.get(args.accountId, uidl), sha256);
    return { ...r, whole };
  };
  if (args.partial) return commitAs(args.uidl);
  const derived = derivedUidl(args.uidl, sha256);
  for (const row of [existing, store.uidl.get(args.accountId, derived)]) {
    if (row && sameWhole(row, sha256))
      return { messageId: row.messageId!, inserted: false, whole: true };
  }
  if (!taken(existing)) return commitAs(args.uidl);
  // Another message already has this UIDL: from now on it is never trusted alone.
  store.uidl.markAmbiguous(args.accountId, [args.uidl]);
  return commitAs(derived);
}
