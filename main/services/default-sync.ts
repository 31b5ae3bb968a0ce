// The real one-session sync (main/sync) bound to a store and a vault: what a host passes as
// runSync. Never runs a second session for an account; main/sync holds the per-account lock.
import type { ConnectOptions } from '../pop3';
import { SecretError, type SecretVault } from '../secrets';
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
        secret(account) {
          try {
            return deps.vault.get(account.id) ?? null;
          } catch (error) {
            // Stored by a cipher this host cannot read: the sync reports "no password" and the
            // UI asks for it again, instead of the whole sync failing as internal.
            if (error instanceof SecretError) return null;
            throw error;
          }
        },
        ...(deps.now ? { now: deps.now } : {}),
        // Only the contract's fields travel on.
        onProgress: (p) =>
          hooks.onProgress({
            messagesDone: p.messagesDone,
            messagesTotal: p.messagesTotal,
            octetsDone: p.octetsDone,
            octetsTotal: p.octetsTotal,
            sessionId: p.sessionId,
            retrieved: p.retrieved,
            deletesAccepted: p.deletesAccepted,
          }),
        onLog: (sessionId, line) => hooks.onLog(sessionId, line),
        ...(deps.connectOverrides ? { connectOptions: deps.connectOverrides } : {}),
      },
      accountId,
    );
}
