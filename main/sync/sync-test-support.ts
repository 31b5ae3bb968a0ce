// Builders for the sync's tests: a real store in a temp folder, an account pointing at a test
// server, and the invariant every fault test checks. Never used by production code.
import { createHash } from 'node:crypto';
import type { AccountSettings } from '../../shared/model/account';
import { openStore, type Store } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { syntheticMessage } from '../testing/dovecot';
import type { ScriptedMessage, ScriptedServer } from '../testing/scripted-pop3-server';
import { checkSyncInvariant } from './invariant';
import { storePort } from './store-port';
import { syncAccount, type SyncDeps, type SyncResult } from './sync-account';

export interface SyncFixture {
  profile: TempProfile;
  store: Store;
  accountId: number;
  clock: { now: () => number; advance(ms: number): void };
  sync(extra?: Partial<SyncDeps>): Promise<SyncResult>;
  close(): void;
}

export function mailbox(count: number, size = 2048): ScriptedMessage[] {
  return Array.from({ length: count }, (_, i) => ({ body: syntheticMessage(i + 1, size) }));
}

export function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export function syncFixture(
  server: { port: number },
  settings: Partial<AccountSettings> = {},
  password = 'secret',
): SyncFixture {
  const profile = tempProfile();
  let time = Date.UTC(2026, 10, 26, 9);
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const store = openStore(profile.dbPath, { now: clock.now });
  const account = store.accounts.create({
    name: '',
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    auth: 'user',
    user: 'user',
    allowInsecurePassword: true,
    retention: { mode: 'delete' },
    maxMessageSize: null,
    checkIntervalSeconds: 600,
    certFingerprint256: null,
    ...settings,
  });
  return {
    profile,
    store,
    accountId: account.id,
    clock,
    sync: (extra = {}) =>
      syncAccount(
        {
          port: storePort(store),
          secret: () => password,
          now: clock.now,
          connectOptions: { connectTimeoutMs: 5000, idleTimeoutMs: 5000 },
          ...extra,
        },
        account.id,
      ),
    close() {
      store.close();
      profile.remove();
    },
  };
}

/** Raw bytes of every stored message, by SHA-256, with how many times each is stored. */
export function storedCounts(store: Store): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of store.messages.list({ limit: 1000 })) {
    const raw = store.messages.raw(m.id);
    if (!raw) continue;
    const h = sha(raw);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  return counts;
}

/**
 * The sync invariant (invariant.ts) for a test against the scripted server: nothing lost, nothing
 * twice, every session closed and logged to its end. With `complete`, every original is stored
 * exactly once.
 */
export function checkInvariant(
  originals: ScriptedMessage[],
  server: ScriptedServer,
  store: Store,
  complete: boolean,
): string[] {
  return checkSyncInvariant({
    store,
    originals: originals.map((m) => m.body),
    onServer: server.mailbox().map((m) => m.body),
    complete,
  });
}
