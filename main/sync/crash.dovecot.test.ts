// kill -9 of the `sync` process at random moments of a 2,000-message sync from Dovecot; after
// each, one clean sync, which meets the files exactly as the kill left them. Nothing lost, nothing
// twice, and the database stays intact.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { startDovecot, syntheticMessage, type Dovecot } from '../testing/dovecot';
import { checkSyncInvariant } from './invariant';
import { readKilledStore } from './killed-store';
import { storePort } from './store-port';
import { syncAccount } from './sync-account';
import { seededRandom } from '../testing/seeded-random';

const COUNT = Number(process.env.POPLINE_CRASH_MESSAGES ?? 2000);
const KILLS = Number(process.env.POPLINE_CRASH_KILLS ?? 30);
const SEED = Number(process.env.POPLINE_CRASH_SEED ?? Date.now() % 1_000_000);
const USER = 'crash';
const PASSWORD = 'crash-password';
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'main/cli/main.ts');

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const originals = Array.from({ length: COUNT }, (_, i) => syntheticMessage(i + 1, 4096));
const originalHashes = new Set(originals.map(sha));

let dovecot: Dovecot;
let profile: TempProfile;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  profile = tempProfile();
  console.log(
    `crash test: ${KILLS} kills, ${COUNT} messages, seed ${SEED} (POPLINE_CRASH_SEED to replay)`,
  );
});
afterAll(async () => {
  await dovecot?.stop();
  profile?.remove();
});

function syncArgs(db: string): string[] {
  return [
    '--import',
    'tsx',
    CLI,
    'sync',
    '--db',
    db,
    '--host',
    '127.0.0.1',
    '--port',
    String(dovecot.port),
    '--security',
    'none',
    '--user',
    USER,
    '--auth',
    'user',
    '--allow-insecure-password',
    '--json',
  ];
}

/** Runs the CLI sync as its own process; kills it with SIGKILL after `killAfterMs` if given. */
function runSyncProcess(
  db: string,
  killAfterMs?: number,
): Promise<{ killed: boolean; code: number | null; ms: number }> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, syncArgs(db), {
      cwd: ROOT,
      env: { ...process.env, POPLINE_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (b) => (stderr += b));
    // --json prints the result, its errors with it, on stdout: kept for a failure's message.
    child.stdout.on('data', (b) => (stdout += b));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0)
        return fail(new Error(`sync exited ${code}: ${stderr}\n${stdout.slice(0, 4000)}`));
      done({ killed: signal === 'SIGKILL', code, ms: Date.now() - started });
    });
  });
}

function refill(): void {
  dovecot.resetMailbox(USER);
  dovecot.deliver(USER, originals);
}

/**
 * What the maildir holds. Dovecot may still be finishing the killed client's session and move a
 * file from new/ to cur/ between our listing and our read: then list again.
 */
function serverBodies(): Buffer[] {
  const base = join(dovecot.dir, 'mail', USER, 'Maildir');
  for (let attempt = 0; ; attempt++) {
    try {
      return ['new', 'cur'].flatMap((sub) =>
        readdirSync(join(base, sub)).map((f) => readFileSync(join(base, sub, f))),
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 50) throw e;
    }
  }
}

describe('kill -9 during a sync', () => {
  it(
    `loses nothing and stores nothing twice over ${KILLS} kills`,
    // A kill round takes up to ~20 s on a loaded 2-core machine: larger runs get the time they need.
    { timeout: Math.max(30 * 60_000, KILLS * 20_000) },
    async () => {
      // How long an uninterrupted sync takes, so kills land inside one.
      refill();
      const full = await runSyncProcess(join(profile.dir, 'measure.db'));
      expect(readKilledStore(join(profile.dir, 'measure.db')).hashes).toHaveLength(COUNT);
      const random = seededRandom(SEED);
      let killedMidway = 0;
      // A busy machine makes the measured sync slower than later ones: a run that ends before its
      // kill time shortens the span kills are drawn from, so most still land inside a sync.
      let span = full.ms;

      for (let i = 0; i < KILLS; i++) {
        const db = join(profile.dir, `crash-${i}.db`);
        refill();
        const at = Math.floor(random() * span);
        const run = await runSyncProcess(db, at);
        if (run.killed) killedMidway++;
        else span = Math.min(span, run.ms);

        // Right after the kill: every message is still on the server or stored, none twice.
        const killed = readKilledStore(db);
        const stored = killed.hashes;
        const onServer = new Set(serverBodies().map(sha));
        expect(new Set(stored).size, `kill ${i} at ${at} ms: duplicates`).toBe(stored.length);
        const lost = [...originalHashes].filter((h) => !onServer.has(h) && !stored.includes(h));
        expect(lost, `kill ${i} at ${at} ms: lost messages`).toEqual([]);
        expect(killed.integrity).toBe('ok');

        // One clean sync (the same code, in this process) completes the job.
        const store = openStore(db);
        try {
          const account = store.accounts.list()[0];
          if (account) {
            const r = await syncAccount(
              { port: storePort(store), secret: () => PASSWORD },
              account.id,
            );
            expect(r.outcome, JSON.stringify(r.errors)).toBe('ok');
          } else {
            // Killed before the account row was written: the clean sync is a fresh CLI run.
            store.close();
            await runSyncProcess(db);
          }
        } finally {
          store.close();
        }
        const check = openStore(db);
        try {
          const onServer = serverBodies();
          expect(checkSyncInvariant({ store: check, originals, onServer, complete: true })).toEqual(
            [],
          );
        } finally {
          check.close();
        }
        const after = readKilledStore(db);
        expect(after.hashes.length, `kill ${i}: stored count`).toBe(COUNT);
        expect(new Set(after.hashes)).toEqual(originalHashes);
        expect(dovecot.mailboxFiles(USER), `kill ${i}: left on the server`).toEqual([]);
        expect(after.integrity).toBe('ok');
      }
      console.log(
        `crash test: uninterrupted sync ${full.ms} ms; ${killedMidway}/${KILLS} kills landed before the process finished`,
      );
      // Most kills must land inside a sync, or the test would prove little.
      expect(killedMidway).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.6));
    },
  );
});
