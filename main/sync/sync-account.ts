// The one-session sync: connect, authenticate, list, retrieve and commit, DELE only what is
// committed, QUIT — all in ONE POP3 login. Never sends DELE for a message not yet in SQLite, and
// counts a deletion as done only when QUIT answers +OK. This file decides whether a session may
// start at all (the account exists, LOGIN-DELAY allows a login, no other sync holds it, a password
// is stored); session.ts runs it.
import { nextAllowedLogin } from '../../shared/model/login-pacing';
import { runSession } from './session';
import type { SyncAccount } from './sync-port';
import { emptySyncResult, type SyncDeps, type SyncResult } from './sync-types';

export { emptySyncResult } from './sync-types';
export type { SyncDeps, SyncIssue, SyncIssueKind, SyncProgress, SyncResult } from './sync-types';

export async function syncAccount(deps: SyncDeps, accountId: number): Promise<SyncResult> {
  const now = deps.now ?? Date.now;
  const empty = (outcome: SyncResult['outcome']) => emptySyncResult(accountId, outcome);
  const account = deps.port.account(accountId);
  if (!account) {
    return {
      ...empty('error'),
      errors: [{ kind: 'not-found', message: `no account ${accountId}` }],
    };
  }
  const allowed = nextAllowedLogin(account) ?? 0;
  if (allowed > now()) {
    const at = new Date(allowed).toISOString();
    return {
      ...empty('too-early'),
      nextAllowedLogin: allowed,
      errors: [{ kind: 'too-early', message: `the server allows the next login at ${at}` }],
    };
  }
  // Nothing written before the retrievals lets the server delete anything: the session's first
  // writes (lock, session row, login) need no fsync each; the write before QUIT fsyncs them all.
  deps.port.durability('deferred');
  try {
    return await lockedSync(deps, account, now, empty);
  } finally {
    deps.port.durability('full');
  }
}

async function lockedSync(
  deps: SyncDeps,
  account: SyncAccount,
  now: () => number,
  empty: (outcome: SyncResult['outcome']) => SyncResult,
): Promise<SyncResult> {
  const accountId = account.id;
  if (!deps.port.tryLock(accountId)) {
    return {
      ...empty('busy'),
      errors: [{ kind: 'busy', message: 'a sync of this account is already running' }],
    };
  }
  try {
    deps.port.closeInterrupted(accountId, now());
    // Without a password there is nothing to send: no session, no connection.
    const secret = await deps.secret(account);
    if (secret === null || secret === '') {
      const message = `no password is stored for ${account.user}@${account.host}`;
      return { ...empty('error'), errors: [{ kind: 'no-secret', message }] };
    }
    return await runSession(deps, account, secret, now);
  } finally {
    deps.port.unlock(accountId);
  }
}
