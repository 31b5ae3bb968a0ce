// Reading what a killed process left (the crash test's check): the files SQLite recovers from are
// read as the next opener finds them, and left exactly as they were for the clean sync.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { readKilledStore } from './killed-store';

const ROOT = resolve(__dirname, '../..');
let profile: TempProfile | undefined;
afterEach(() => profile?.remove());

const body = (i: number) => Buffer.alloc(4096, `message ${i} `);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A process that commits `committed` messages, then dies by SIGKILL inside a transaction that
 * has written 200 more: in rollback-journal mode its dirty pages have spilled into the database
 * file, so the journal is hot; in WAL mode its commits are still only in the WAL.
 */
function killMidTransaction(db: string, mode: 'delete' | 'wal', committed: number): void {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(db)});
    db.pragma('journal_mode = ${mode}');
    db.pragma('cache_size = 4');
    db.pragma('synchronous = OFF'); // a kill, not a power cut: what is written stays
    db.exec('CREATE TABLE message_raw (raw BLOB, message_id INTEGER)');
    const insert = db.prepare('INSERT INTO message_raw VALUES (?, ?)');
    const body = (i) => Buffer.alloc(4096, 'message ' + i + ' ');
    db.transaction(() => { for (let i = 0; i < ${committed}; i++) insert.run(body(i), i); })();
    db.exec('BEGIN');
    for (let i = ${committed}; i < ${committed} + 200; i++) insert.run(body(i), i);
    process.kill(process.pid, 'SIGKILL');
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT });
  expect(r.signal).toBe('SIGKILL');
}

/** The file's bytes, as a hash (deep equality of megabyte Buffers is slow), or null if absent. */
const bytes = (path: string) => (existsSync(path) ? sha(readFileSync(path)) : null);

describe('readKilledStore', () => {
  it('reads a database left with a hot journal, which a read-only connection cannot', () => {
    profile = tempProfile();
    const db = join(profile.dir, 'killed.db');
    killMidTransaction(db, 'delete', 3);
    expect(existsSync(`${db}-journal`)).toBe(true);
    // Only the committed messages: the hot journal's rollback undoes the rest.
    const read = readKilledStore(db);
    expect(read.hashes.sort()).toEqual([0, 1, 2].map((i) => sha(body(i))).sort());
    expect(read.integrity).toBe('ok');
  });

  it.each(['delete', 'wal'] as const)(
    'leaves the files a kill left in %s mode untouched for the sync that follows',
    (mode) => {
      profile = tempProfile();
      const db = join(profile.dir, 'killed.db');
      killMidTransaction(db, mode, 5);
      const files = ['', '-wal', '-journal'].map((s) => db + s);
      const before = files.map(bytes);
      expect(before.filter((b) => b !== null).length).toBe(2); // the database and its journal/WAL
      expect(readKilledStore(db).hashes).toHaveLength(5);
      expect(files.map(bytes)).toEqual(before);
    },
  );

  it('reads nothing from a database that was never created', () => {
    profile = tempProfile();
    expect(readKilledStore(join(profile.dir, 'never.db'))).toEqual({ hashes: [], integrity: 'ok' });
  });
});
