import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { MIGRATIONS } from './index';
import { databaseAt, insertAccount } from './migration-test-support';

let db: Database.Database;
beforeEach(() => {
  db = databaseAt(2);
});
afterEach(() => db.close());

describe('migration 0003-ambiguous-uidls', () => {
  it('adds uidl_state.ambiguous, 0 for every UIDL already known, and accepts only 0 or 1', () => {
    const account = insertAccount(db);
    db.prepare(
      "INSERT INTO uidl_state (account_id, uidl, state, first_seen_at) VALUES (?, 'a', 'seen', 1)",
    ).run(account);
    migrate(db, MIGRATIONS, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT ambiguous FROM uidl_state').get()).toEqual({ ambiguous: 0 });
    expect(() => db.prepare("UPDATE uidl_state SET ambiguous = 2 WHERE uidl = 'a'").run()).toThrow(
      /CHECK/,
    );
  });
});
