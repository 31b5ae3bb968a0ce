// Set-up shared by the migration tests: a database stopped at one schema version, and the rows
// every version since 0001 accepts.

import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { migrate } from '../migrate';
import { openStore, type Store } from '../open-store';
import { tempProfile, type TempProfile } from '../store-test-support';
import { MIGRATIONS } from './index';

/**
 * Registers a fresh profile for each test of the file: `path` is its database file, `open()` its
 * Store (opened at most once a test: upgrading what the test wrote there), closed after the test.
 */
export function profileForEachTest(): { readonly path: string; open(): Store } {
  let profile: TempProfile | null = null;
  let store: Store | null = null;
  beforeEach(() => {
    profile = tempProfile();
  });
  afterEach(() => {
    store?.close();
    store = null;
    profile?.remove();
  });
  const current = () => {
    if (!profile) throw new Error('profileForEachTest: only inside a test');
    return profile;
  };
  return {
    get path() {
      return current().dbPath;
    },
    open: () => (store = openStore(current().dbPath)),
  };
}

/** A database migrated up to `version` and no further (in memory unless a path is given). */
export function databaseAt(version: number, path = ':memory:'): Database.Database {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS, version);
  return db;
}

/** An account row as schema version 1 defined it; returns its id. */
export function insertAccount(db: Database.Database, user = 'ann'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO accounts (host, port, security, user, created_at)
         VALUES ('pop.example.org', 995, 'tls', ?, 1)`,
      )
      .run(user).lastInsertRowid,
  );
}
