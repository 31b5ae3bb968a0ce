import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { MIGRATIONS } from './index';
import { databaseAt, insertAccount } from './migration-test-support';

let db: Database.Database;
let inbox: number;
beforeEach(() => {
  db = databaseAt(3);
  const account = insertAccount(db);
  inbox = db
    .prepare<[number], { id: number }>('SELECT id FROM folders WHERE account_id = ?')
    .get(account)!.id;
  const insert = db.prepare(
    `INSERT INTO messages (account_id, folder_id, uidl, size, sha256, received_at, subject, flagged)
     VALUES (?, ?, ?, 10, ?, ?, 'hello', ?)`,
  );
  for (let i = 0; i < 40; i++)
    insert.run(account, inbox, `u${i}`, `h${i}`, 1000 + i, i % 7 === 0 ? 1 : 0);
});
afterEach(() => db.close());

const plan = (where: string) =>
  db
    .prepare<[], { detail: string }>(
      `EXPLAIN QUERY PLAN SELECT id FROM messages m WHERE ${where}
       ORDER BY flagged DESC, sort_date DESC, id DESC LIMIT 50`,
    )
    .all()
    .map((row) => row.detail);

const starredFirst = () =>
  db
    .prepare<[], { uidl: string; flagged: number }>(
      `SELECT uidl, flagged FROM messages WHERE deleted_locally = 0 AND trashed_at IS NULL
       ORDER BY flagged DESC, sort_date DESC, id DESC`,
    )
    .all();

describe('migration 0004-star-sort', () => {
  it('sorts starred first off an index in every scope, where version 3 sorted in a temp B-tree', () => {
    const everyMail = 'deleted_locally = 0 AND trashed_at IS NULL';
    expect(plan(everyMail).join(' ')).toMatch(/TEMP B-TREE/);
    const before = starredFirst();

    migrate(db, MIGRATIONS, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(plan(everyMail)).toEqual(['SCAN m USING INDEX messages_starred']);
    expect(plan(`account_id = 1 AND ${everyMail}`)).toEqual([
      'SEARCH m USING INDEX messages_account_starred (account_id=?)',
    ]);
    expect(plan(`folder_id = ${inbox} AND deleted_locally = 0`)).toEqual([
      'SEARCH m USING INDEX messages_folder_starred (folder_id=?)',
    ]);
    // The rows themselves are untouched: the same messages in the same order.
    expect(starredFirst()).toEqual(before);
    expect(before.slice(0, 6).every((row) => row.flagged === 1)).toBe(true);
  });

  it('leaves Trash and locally deleted mail out of the "All mail" star index', () => {
    migrate(db, MIGRATIONS, 4);
    const sql = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 'messages_starred'")
      .get()!.sql;
    expect(sql).toMatch(/WHERE deleted_locally = 0 AND trashed_at IS NULL/);
  });
});
