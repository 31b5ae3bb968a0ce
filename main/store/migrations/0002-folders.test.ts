import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, schemaVersion } from '../migrate';
import { openStore } from '../open-store';
import {
  accountSettings,
  parsedMessage,
  rawMessage,
  tempProfile,
  type TempProfile,
} from '../store-test-support';
import { MIGRATIONS } from './index';

// A store as version 1 left it, with mail in it, upgraded in place by opening it.
let profile: TempProfile;
let ids: { account: number; kept: number; deleted: number; pending: number; session: number };

beforeEach(() => {
  profile = tempProfile();
  const db = new Database(profile.dbPath);
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS, 1);
  const account = Number(
    db
      .prepare(
        `INSERT INTO accounts (host, port, security, user, created_at)
         VALUES ('pop.example.org', 995, 'tls', 'ann', 1)`,
      )
      .run().lastInsertRowid,
  );
  const session = Number(
    db.prepare('INSERT INTO sessions (account_id, started_at) VALUES (?, 1)').run(account)
      .lastInsertRowid,
  );
  const message = (uidl: string, flags: string) => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO messages (account_id, uidl, session_id, size, sha256, received_at, subject,
             read, deleted_locally, delete_requested)
           VALUES (?, ?, ?, 3, 'hash-' || ?, 5, 'Quarterly ' || ?, ${flags})`,
        )
        .run(account, uidl, session, uidl, uidl).lastInsertRowid,
    );
    db.prepare('INSERT INTO message_raw (message_id, raw) VALUES (?, ?)').run(
      id,
      Buffer.from(`raw ${uidl}`),
    );
    db.prepare(
      "INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, 'Quarterly', '', '')",
    ).run(id);
    db.prepare(
      `INSERT INTO uidl_state (account_id, uidl, state, message_id, first_seen_at, committed_at)
       VALUES (?, ?, 'committed', ?, 1, 1)`,
    ).run(account, uidl, id);
    return id;
  };
  ids = {
    account,
    session,
    kept: message('u1', '1, 0, 0'),
    deleted: message('u2', '0, 1, 0'),
    pending: message('u3', '0, 0, 1'),
  };
  db.close();
});
afterEach(() => profile.remove());

describe('migration 0002-folders', () => {
  it('upgrades a version 1 store in place: every message, its bytes, flags and UIDL kept', () => {
    const store = openStore(profile.dbPath);
    try {
      expect(store.schemaVersion).toBe(latestVersion());
      const inbox = store.folders.inboxOf(ids.account);
      const kept = store.messages.get(ids.kept);
      expect(kept).toMatchObject({ folderId: inbox.id, read: true, accountId: ids.account });
      expect(kept?.sessionId).toBe(ids.session);
      expect(store.messages.raw(ids.kept)?.toString()).toBe('raw u1');
      expect(store.messages.get(ids.deleted)?.deletedLocally).toBe(true);
      expect(store.messages.get(ids.pending)?.deleteFromServerPending).toBe(true);
      expect(store.uidl.get(ids.account, 'u2')?.deletedLocally).toBe(true);
      expect(store.uidl.get(ids.account, 'u1')?.messageId).toBe(ids.kept);
      // The search index still answers for the rows it had (the deleted one was never in it).
      expect(store.messages.list({ search: 'quarterly' }).map((m) => m.id)).toEqual(
        expect.arrayContaining([ids.kept, ids.pending]),
      );
      expect(
        store.folders.list().map((f) => [f.role, f.name, f.accountId, f.total, f.unread]),
      ).toEqual([
        ['inbox', 'Inbox', ids.account, 2, 1],
        ['trash', 'Trash', null, 0, 0],
        ['archive', 'Archive', null, 0, 0],
        ['drafts', 'Drafts', null, 0, 0],
        ['sent', 'Sent', null, 0, 0],
      ]);
    } finally {
      store.close();
    }
  });

  it('leaves foreign keys on and every reference whole after the rebuild', () => {
    openStore(profile.dbPath).close();
    const db = new Database(profile.dbPath);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The rebuild kept the raw bytes: a DROP with foreign keys on would have cascaded.
      expect(db.prepare('SELECT count(*) AS n FROM message_raw').get()).toEqual({ n: 3 });
      const store = openStore(profile.dbPath);
      try {
        // Removing the account still cascades to its messages and their bytes.
        store.accounts.remove(ids.account);
      } finally {
        store.close();
      }
      expect(db.prepare('SELECT count(*) AS n FROM message_raw').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('gives every account created afterwards its own Inbox, where the sync commits', () => {
    const store = openStore(profile.dbPath);
    try {
      const account = store.accounts.create(accountSettings({ user: 'bea' }));
      const { messageId } = store.commitMessage({
        accountId: account.id,
        uidl: 'n1',
        raw: rawMessage('new'),
        sessionId: null,
        parsed: parsedMessage(),
        contentKey: null,
        partial: false,
      });
      expect(store.messages.get(messageId)?.folderId).toBe(store.folders.inboxOf(account.id).id);
      expect(store.folders.inboxOf(account.id).total).toBe(1);
    } finally {
      store.close();
    }
  });
});
