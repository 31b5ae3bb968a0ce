// The real one-session sync (main/sync) bound to a store and a vault: what a host passes as
// runSync. Never runs a second session for an account; main/sync holds the lock.
import type { ConnectOptions } from '../pop3';
import type { SecretVault } from '../secrets';
import type { Store } from '../store';
import type { RunSync } from './sync-runner';

export interface DefaultSyncDeps {
  store: Store;
  vault: SecretVault;
  connectOverrides?: Partial<ConnectOptions>;
}

export function defaultRunSync(_deps: DefaultSyncDeps): RunSync {
  // main/sync's store port has not landed yet; until it does a sync reports itself unavailable.
  return async (accountId) => ({
    accountId,
    session: null,
    outcome: 'error',
    retrieved: 0,
    deleted: 0,
    skipped: 0,
    errors: [{ kind: 'internal', message: 'the sync layer is not wired in yet' }],
    warnings: [],
    nextAllowedLogin: null,
    reachedUpdate: false,
  });
}
