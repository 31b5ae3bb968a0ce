import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../migrate';
import { databaseAt, insertAccount as insertTestAccount } from './migration-test-support';

let db: Database.Database;
beforeEach(() => {
  db = databaseAt(1);
});
afterEach(() => db.close());

const insertAccount = () => insertTestAccount(db);

const insertMessage = (accountId: number, uidl: string) => {
  const id = Number(
    db
      .prepare(
        `INSERT INTO messages (account_id, uidl, size, sha256, received_at, subject)
         VALUES (?, ?, 10, 'x', 5, 'Quarterly report')`,
      )
      .run(accountId, uidl).lastInsertRowid,
  );
  db.prepare('INSERT INTO message_raw (message_id, raw) VALUES (?, ?)').run(id, Buffer.from('raw'));
  db.prepare(
    "INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, 'Quarterly report', '', '')",
  ).run(id);
  return id;
};

const ftsHits = (word: string) =>
  db
    .prepare<[string], { rowid: number }>(
      'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?',
    )
    .all(word).length;

describe('migration 0001-initial', () => {
  it('creates every table as STRICT and sets user_version 1', () => {
    expect(schemaVersion(db)).toBe(1);
    const tables = db
      .prepare<[], { name: string; strict: number }>(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'messages_fts%'",
      )
      .all();
    expect(tables.map((t) => t.name).sort()).toEqual([
      'accounts',
      'message_raw',
      'messages',
      'protocol_log',
      'sessions',
      'settings',
      'sync_locks',
      'uidl_state',
    ]);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
  });

  it('creates the sort indexes the inbox pages from', () => {
    const indexes = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index'")
      .all()
      .map((row) => row.name);
    for (const name of [
      'messages_date',
      'messages_account_date',
      'messages_unread_date',
      'messages_from',
      'messages_subject',
      'messages_size',
      'uidl_state_by_content_key',
    ]) {
      expect(indexes).toContain(name);
    }
  });

  it('rejects values outside the declared domains', () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO accounts (host, port, security, user, created_at) VALUES ('h', 110, 'ssl', 'u', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO accounts (host, port, security, user, retention, created_at) VALUES ('h', 110, 'none', 'u', 'keep-days', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    // STRICT: a string is not an integer port.
    expect(() =>
      db
        .prepare(
          "INSERT INTO accounts (host, port, security, user, created_at) VALUES ('h', 'pop3', 'none', 'u', 1)",
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    const accountId = insertAccount();
    expect(() =>
      db
        .prepare(
          "INSERT INTO uidl_state (account_id, uidl, state, first_seen_at) VALUES (?, 'u1', 'committed', 1)",
        )
        .run(accountId),
    ).toThrow(/CHECK/);
  });

  it('keeps one account per (user, host, port)', () => {
    insertAccount();
    expect(insertAccount).toThrow(/UNIQUE/);
  });

  it('drops a message from the search index when it is deleted or hidden locally', () => {
    const accountId = insertAccount();
    const first = insertMessage(accountId, 'u1');
    const second = insertMessage(accountId, 'u2');
    expect(ftsHits('quarterly')).toBe(2);
    db.prepare('UPDATE messages SET deleted_locally = 1 WHERE id = ?').run(first);
    expect(ftsHits('quarterly')).toBe(1);
    db.prepare('DELETE FROM messages WHERE id = ?').run(second);
    expect(ftsHits('quarterly')).toBe(0);
  });

  it('removing an account removes its messages, raw bytes, search rows, UIDLs and sessions', () => {
    const accountId = insertAccount();
    const messageId = insertMessage(accountId, 'u1');
    db.prepare(
      "INSERT INTO uidl_state (account_id, uidl, state, message_id, first_seen_at, committed_at) VALUES (?, 'u1', 'committed', ?, 1, 1)",
    ).run(accountId, messageId);
    const sessionId = Number(
      db.prepare('INSERT INTO sessions (account_id, started_at) VALUES (?, 1)').run(accountId)
        .lastInsertRowid,
    );
    db.prepare("INSERT INTO protocol_log VALUES (?, 1, 1, 'C', 'QUIT')").run(sessionId);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(accountId);
    for (const table of ['messages', 'message_raw', 'uidl_state', 'sessions', 'protocol_log']) {
      const row = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      expect(row.n, table).toBe(0);
    }
    expect(ftsHits('quarterly')).toBe(0);
  });

  it('sorts a message without a Date header by when it arrived', () => {
    const accountId = insertAccount();
    const id = insertMessage(accountId, 'u1');
    const row = db.prepare('SELECT sort_date FROM messages WHERE id = ?').get(id) as {
      sort_date: number;
    };
    expect(row.sort_date).toBe(5);
  });
});
