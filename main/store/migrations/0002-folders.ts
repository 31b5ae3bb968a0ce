// Schema version 2: folders (each account's Inbox; Local Folders with Trash, Archive and the
// user's own), and per message its folder, a star, and where it came from when it is in Trash.
// messages is rebuilt (SQLite cannot relax NOT NULL in place): a message kept after its account
// is removed, or imported from a file, has no account. Ids are kept, so message_raw, the search
// index and uidl_state still point at the same rows. Never edit once shipped: add 0003-… instead.

import type { Migration } from './migration';

// "Live" means shown in some folder; deleted_locally = 1 is "deleted here" for the sync.
// trashed_at is set exactly while a message is in Trash, so "All mail" (everything but Trash)
// pages off partial indexes without a join.
const ALL_MAIL = 'deleted_locally = 0 AND trashed_at IS NULL';
const LIVE = 'deleted_locally = 0';

const SORT_COLUMNS: Record<string, string> = {
  date: 'sort_date',
  from: 'sort_from',
  subject: 'sort_subject',
  size: 'size',
};

/** One partial index per sort key, scope and quick filter: every list query pages off one. */
function listIndexes(): string {
  const statements: string[] = [];
  for (const [key, column] of Object.entries(SORT_COLUMNS)) {
    statements.push(
      `CREATE INDEX messages_${key} ON messages (${column}, id) WHERE ${ALL_MAIL};`,
      `CREATE INDEX messages_account_${key} ON messages (account_id, ${column}, id) WHERE ${ALL_MAIL};`,
      `CREATE INDEX messages_folder_${key} ON messages (folder_id, ${column}, id) WHERE ${LIVE};`,
    );
  }
  for (const [flag, condition] of [
    ['unread', 'read = 0'],
    ['starred', 'flagged = 1'],
  ] as const) {
    statements.push(
      `CREATE INDEX messages_${flag}_date ON messages (sort_date, id) WHERE ${ALL_MAIL} AND ${condition};`,
      `CREATE INDEX messages_account_${flag}_date ON messages (account_id, sort_date, id)
         WHERE ${ALL_MAIL} AND ${condition};`,
      `CREATE INDEX messages_folder_${flag}_date ON messages (folder_id, sort_date, id)
         WHERE ${LIVE} AND ${condition};`,
    );
  }
  return statements.join('\n');
}

export const folders: Migration = {
  version: 2,
  name: 'folders',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        -- An account's Inbox has its account; Local Folders have none.
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('inbox', 'trash', 'archive', 'user')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        CHECK ((role = 'inbox') = (account_id IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX folders_one_inbox ON folders (account_id) WHERE role = 'inbox';
      CREATE UNIQUE INDEX folders_one_special ON folders (role) WHERE role IN ('trash', 'archive');
      CREATE UNIQUE INDEX folders_local_name ON folders (name COLLATE NOCASE)
        WHERE account_id IS NULL;

      INSERT INTO folders (role, name) VALUES ('trash', 'Trash'), ('archive', 'Archive');
      INSERT INTO folders (account_id, role, name) SELECT id, 'inbox', 'Inbox' FROM accounts;
      -- Every account has its Inbox from the moment it exists: the sync commits into it.
      CREATE TRIGGER accounts_inbox AFTER INSERT ON accounts BEGIN
        INSERT INTO folders (account_id, role, name) VALUES (new.id, 'inbox', 'Inbox');
      END;

      CREATE TABLE messages_v2 (
        id INTEGER PRIMARY KEY,
        -- NULL: a message of Local Folders with no account (imported, or its account removed).
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        folder_id INTEGER NOT NULL REFERENCES folders(id),
        uidl TEXT NOT NULL,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
        from_name TEXT NOT NULL DEFAULT '',
        from_addr TEXT NOT NULL DEFAULT '',
        to_addrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(to_addrs)),
        cc_addrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
        subject TEXT NOT NULL DEFAULT '',
        date INTEGER,
        message_id TEXT,
        snippet TEXT NOT NULL DEFAULT '',
        has_attachments INTEGER NOT NULL DEFAULT 0 CHECK (has_attachments IN (0, 1)),
        parse_error TEXT,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        -- Gone for good here (left Trash): what "delete from the server when deleted here" reads.
        deleted_locally INTEGER NOT NULL DEFAULT 0 CHECK (deleted_locally IN (0, 1)),
        delete_requested INTEGER NOT NULL DEFAULT 0 CHECK (delete_requested IN (0, 1)),
        fetch_requested INTEGER NOT NULL DEFAULT 0 CHECK (fetch_requested IN (0, 1)),
        content_key TEXT,
        sort_from TEXT NOT NULL DEFAULT '',
        sort_subject TEXT NOT NULL DEFAULT '',
        -- While in Trash: when it went there and the folder it came from (for restoring).
        trashed_at INTEGER,
        trashed_from INTEGER REFERENCES folders(id) ON DELETE SET NULL,
        sort_date INTEGER GENERATED ALWAYS AS (coalesce(date, received_at)) VIRTUAL
      ) STRICT;

      INSERT INTO messages_v2 (id, account_id, folder_id, uidl, session_id, size, sha256,
        received_at, partial, from_name, from_addr, to_addrs, cc_addrs, subject, date,
        message_id, snippet, has_attachments, parse_error, read, deleted_locally,
        delete_requested, fetch_requested, content_key, sort_from, sort_subject)
      SELECT m.id, m.account_id,
        (SELECT f.id FROM folders f WHERE f.account_id = m.account_id AND f.role = 'inbox'),
        m.uidl, m.session_id, m.size, m.sha256, m.received_at, m.partial, m.from_name,
        m.from_addr, m.to_addrs, m.cc_addrs, m.subject, m.date, m.message_id, m.snippet,
        m.has_attachments, m.parse_error, m.read, m.deleted_locally, m.delete_requested,
        m.fetch_requested, m.content_key, m.sort_from, m.sort_subject
      FROM messages m;

      DROP TABLE messages;
      ALTER TABLE messages_v2 RENAME TO messages;

      CREATE INDEX messages_by_uidl ON messages (account_id, uidl);
      CREATE INDEX messages_by_hash ON messages (folder_id, sha256) WHERE ${LIVE};
      ${listIndexes()}

      CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
        DELETE FROM messages_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER messages_fts_after_local_delete AFTER UPDATE OF deleted_locally ON messages
        WHEN new.deleted_locally = 1 AND old.deleted_locally = 0 BEGIN
        DELETE FROM messages_fts WHERE rowid = old.id;
      END;
    `);
  },
};
