// kill -9 of the `import` process at random moments of a 1,500-message mbox import; after the
// kills, one import to the end. Nothing partial, nothing twice, every message whole.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProfile } from '../store/store-test-support';
import { syntheticMessage } from '../testing/dovecot';
import { mboxEntry } from './mboxrd';
import { seededRandom } from '../testing/seeded-random';

const COUNT = 1500;
const KILLS = Number(process.env.POPLINE_CRASH_KILLS ?? 8);
const SEED = Number(process.env.POPLINE_CRASH_SEED ?? Date.now() % 1_000_000);
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'main/cli/main.ts');

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const originals = Array.from({ length: COUNT }, (_, i) => syntheticMessage(i + 1, 4096));
const originalHashes = new Set(originals.map(sha));

const profile = tempProfile();
afterAll(() => profile.remove());

function runImport(db: string, mbox: string, killAfterMs?: number): Promise<{ killed: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'import', '--db', db, '--folder', 'Restored', mbox],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0) return fail(new Error(`import exited ${code}: ${stderr}`));
      done({ killed: signal === 'SIGKILL' });
    });
  });
}

function stored(db: string): { hashes: string[]; summaries: number; integrity: string } {
  if (!existsSync(db)) return { hashes: [], summaries: 0, integrity: 'ok' };
  const conn = new Database(db);
  try {
    const rows = conn.prepare('SELECT raw FROM message_raw').all() as Array<{ raw: Buffer }>;
    const summaries = (conn.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    return {
      hashes: rows.map((r) => sha(r.raw)),
      summaries,
      integrity: String(conn.pragma('integrity_check', { simple: true })),
    };
  } finally {
    conn.close();
  }
}

describe('import crash safety', () => {
  it(`survives ${KILLS} kill -9 at random points: no partial message, nothing twice`, async () => {
    console.log(`import crash test: ${KILLS} kills, seed ${SEED} (POPLINE_CRASH_SEED to replay)`);
    const random = seededRandom(SEED);
    const mbox = join(profile.dir, 'big.mbox');
    writeFileSync(mbox, Buffer.concat(originals.flatMap((raw) => mboxEntry(raw, 'a@b.c', 0))));
    const db = profile.dbPath;
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      // Start-up (tsx, opening the store) takes about a second; kill somewhere after it.
      const result = await runImport(db, mbox, 600 + Math.floor(random() * 2500));
      if (result.killed) killed++;
      const now = stored(db);
      expect(now.integrity, `after kill ${i}`).toBe('ok');
      // Every stored message is one of the originals, whole, and none twice.
      expect(
        now.hashes.every((h) => originalHashes.has(h)),
        `after kill ${i}`,
      ).toBe(true);
      expect(new Set(now.hashes).size, `after kill ${i}`).toBe(now.hashes.length);
      expect(now.summaries, `after kill ${i}`).toBe(now.hashes.length);
    }
    await runImport(db, mbox);
    const end = stored(db);
    expect(end.hashes.length).toBe(COUNT);
    expect(new Set(end.hashes)).toEqual(originalHashes);
    expect(end.summaries).toBe(COUNT);
    expect(killed).toBeGreaterThan(0);
  }, 300_000);
});
