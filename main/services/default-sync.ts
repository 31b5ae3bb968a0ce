// The real one-session sync (main/sync) bound to a store and a vault: what a host passes as
// runSync. Never runs a second session for an account; main/sync holds the lock.
import type { ConnectOptions } from '../pop3';
import type { SecretVault } from '../secrets';
import type { Store } from '../store';
import { storePort, syncAccount } from '../sync';
import type { RunSync } from './sync-runner';

export interface DefaultSyncDeps {
  store: Store;
  vault: SecretVault;
  connectOverrides?: Partial<ConnectOptions>;
  now?: () => number;
}

export function defaultRunSync(deps: DefaultSyncDeps): RunSync {
  const port = storePort(deps.store);
  return (accountId, hooks) =>
    syncAccount(
      {
        port,
        secret: (account) => deps.vault.get(account.id) ?? null,
        ...(deps.now ? { now: deps.now } : {}),
        onProgress: hooks.onProgress,
        onLog: hooks.onLog,
        ...(deps.connectOverrides ? { connectOptions: deps.connectOverrides } : {}),
      },
      accountId,
    );
}
