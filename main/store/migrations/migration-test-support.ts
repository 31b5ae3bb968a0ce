// Set-up shared by the migration tests: a database stopped at one schema version, and the rows
// every version since 0001 accepts.

import Database from 'better-sqlite3';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

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
