import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { MIGRATIONS } from './index';
import { databaseAt, insertAccount as insertTestAccount } from './migration-test-support';

let db: Database.Database;
beforeEach(() => {
  db = databaseAt(4);
});
afterEach(() => db.close());

const insertAccount = () => insertTestAccount(db);

describe('migration 0005-outbox', () => {
  it('keeps sessions, their log and folders with their ids, and adds Drafts and Sent', () => {
    const account = insertAccount();
    const session = Number(
      db
        .prepare("INSERT INTO sessions (account_id, started_at, outcome) VALUES (?, 5, 'ok')")
        .run(account).lastInsertRowid,
    );
    db.prepare("INSERT INTO protocol_log VALUES (?, 1, 5, 'C', 'QUIT')").run(session);
    const mine = Number(
      db.prepare("INSERT INTO folders (role, name) VALUES ('user', 'sent')").run().lastInsertRowid,
    );
    migrate(db, MIGRATIONS, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT account_id, protocol, outcome FROM sessions').all()).toEqual([
      { account_id: account, protocol: 'pop3', outcome: 'ok' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM protocol_log').get()).toEqual({ n: 1 });
    // The user's own "sent" folder became the Sent folder; Drafts is new.
    expect(db.prepare("SELECT id, name FROM folders WHERE role = 'sent'").all()).toEqual([
      { id: mine, name: 'sent' },
    ]);
    expect(db.prepare("SELECT name FROM folders WHERE role = 'drafts'").all()).toEqual([
      { name: 'Drafts' },
    ]);
    // A new account still gets its Inbox.
    const second = insertTestAccount(db, 'bob');
    expect(
      db.prepare('SELECT count(*) AS n FROM folders WHERE account_id = ?').get(second),
    ).toEqual({ n: 1 });
  });

  it('a POP3 session needs an account, an SMTP one an identity', () => {
    migrate(db, MIGRATIONS, 5);
    expect(() => db.prepare('INSERT INTO sessions (started_at) VALUES (1)').run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO sessions (protocol, started_at) VALUES ('smtp', 1)").run(),
    ).toThrow(/CHECK/);
    const identity = Number(
      db
        .prepare(
          `INSERT INTO identities (address, smtp_host, smtp_port, security, created_at)
           VALUES ('ann@example.org', 'smtp.example.org', 587, 'starttls', 1)`,
        )
        .run().lastInsertRowid,
    );
    expect(() =>
      db
        .prepare("INSERT INTO sessions (protocol, identity_id, started_at) VALUES ('smtp', ?, 1)")
        .run(identity),
    ).not.toThrow();
  });

  it('an outbox row is claimed by a process exactly while it is sending, and sent has a time', () => {
    migrate(db, MIGRATIONS, 5);
    const identity = Number(
      db
        .prepare(
          `INSERT INTO identities (address, smtp_host, smtp_port, security, created_at)
           VALUES ('ann@example.org', 'smtp.example.org', 587, 'starttls', 1)`,
        )
        .run().lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO outbox (identity_id, message_id, raw, size, envelope_from, envelope_to,
         status, claim_pid, sent_at, created_at)
       VALUES (?, ?, x'41', 1, 'ann@example.org', '["bob@example.org"]', ?, ?, ?, 1)`,
    );
    expect(() => insert.run(identity, '<a@x>', 'sending', null, null)).toThrow(/CHECK/);
    expect(() => insert.run(identity, '<b@x>', 'queued', 7, null)).toThrow(/CHECK/);
    expect(() => insert.run(identity, '<c@x>', 'sent', null, null)).toThrow(/CHECK/);
    insert.run(identity, '<d@x>', 'data-ended', 7, null);
    // The Message-ID is the message's identity: one row each, ever.
    expect(() => insert.run(identity, '<d@x>', 'queued', null, null)).toThrow(/UNIQUE/);
  });
});
