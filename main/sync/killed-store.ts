// Test support: what a database a killed process left holds, as the next opener would find it,
// read without changing it. SQLite's recovery (a hot journal rolled back, a WAL replayed) runs on a
// copy, so the clean sync that follows still meets exactly what the kill left. A read-only
// connection cannot roll back a hot journal ("attempt to write a readonly database"), and a kill
// while a new database switches to WAL leaves one; a read-write one on the original would
// recover it, and checkpoint and delete a WAL on close, before the sync could meet them.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';

export interface KilledStore {
  /** SHA-256 of each stored message's raw bytes (none when no schema was committed). */
  hashes: string[];
  /** PRAGMA integrity_check: 'ok' for a sound database. */
  integrity: string;
}

/** The files that make up a database's state after a crash (the -shm is rebuilt from the WAL). */
const CRASH_FILES = ['', '-wal', '-journal'];

export function readKilledStore(db: string): KilledStore {
  if (!existsSync(db)) return { hashes: [], integrity: 'ok' }; // killed before it was created
  const scratch = mkdtempSync(join(tmpdir(), 'popline-killed-'));
  try {
    const copy = join(scratch, basename(db));
    for (const suffix of CRASH_FILES)
      if (existsSync(db + suffix)) copyFileSync(db + suffix, copy + suffix);
    const conn = new Database(copy, { fileMustExist: true });
    try {
      const integrity = String(conn.pragma('integrity_check', { simple: true }));
      const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      if (tables.length === 0) {
        // Killed while the schema was being created: migrations are one transaction.
        const version = conn.pragma('user_version', { simple: true });
        if (version !== 0) throw new Error(`no tables, yet user_version is ${String(version)}`);
        return { hashes: [], integrity };
      }
      const rows = conn.prepare('SELECT raw FROM message_raw').all() as Array<{ raw: Buffer }>;
      return {
        hashes: rows.map((r) => createHash('sha256').update(r.raw).digest('hex')),
        integrity,
      };
    } finally {
      conn.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
