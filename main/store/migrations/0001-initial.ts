// Schema version 1: accounts, messages (+ raw bytes, FTS5 index), UIDL state, sessions and their
// protocol log, sync locks, settings. Never edit once shipped: add 0002-… instead.

import type { Migration } from './migration';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        -- The user's label for the sidebar; '' shows user@host.
        name TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
        auth_method TEXT NOT NULL DEFAULT 'auto',
        user TEXT NOT NULL,
        allow_insecure_password INTEGER NOT NULL DEFAULT 0 CHECK (allow_insecure_password IN (0, 1)),
        cert_fingerprint256 TEXT,
        retention TEXT NOT NULL DEFAULT 'delete'
          CHECK (retention IN ('delete', 'keep', 'keep-days', 'delete-when-deleted-locally')),
        keep_days INTEGER CHECK (keep_days IS NULL OR keep_days >= 0),
        check_interval_s INTEGER NOT NULL DEFAULT 600 CHECK (check_interval_s >= 0),
        max_size INTEGER CHECK (max_size IS NULL OR max_size > 0),
        -- Only ever ciphertext from a SecretCipher, tagged with the scheme that made it.
        secret_cipher BLOB,
        secret_scheme TEXT,
        last_login_at INTEGER,
        server_login_delay_s INTEGER,
        -- The server answered [LOGIN-DELAY]: no login before this time (epoch ms).
        login_deferred_until INTEGER,
        -- EXPIRE from CAPA: a number of days as digits, or 'NEVER'; NULL when not announced.
        server_expire TEXT CHECK (server_expire IS NULL OR server_expire = 'NEVER'
          OR (server_expire <> '' AND server_expire NOT GLOB '*[^0-9]*')),
        created_at INTEGER NOT NULL,
        UNIQUE (user, host, port),
        CHECK ((secret_cipher IS NULL) = (secret_scheme IS NULL)),
        CHECK (retention <> 'keep-days' OR keep_days IS NOT NULL)
      ) STRICT;

      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        -- The sync layer's word for how it ended; no CHECK so a new word needs no table rebuild.
        outcome TEXT NOT NULL DEFAULT 'running',
        retrieved INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        error_kind TEXT,
        error_message TEXT,
        reached_update INTEGER NOT NULL DEFAULT 0 CHECK (reached_update IN (0, 1)),
        quit_reply TEXT
      ) STRICT;
      CREATE INDEX sessions_by_account ON sessions (account_id, started_at);
      CREATE INDEX sessions_by_start ON sessions (started_at);

      CREATE TABLE protocol_log (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        dir TEXT NOT NULL CHECK (dir IN ('C', 'S', 'I')),
        text TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
      ) STRICT, WITHOUT ROWID;

      -- Summary fields only; the raw bytes live in message_raw so list and search queries
      -- read small rows instead of walking overflow pages of multi-kilobyte blobs.
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
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
        deleted_locally INTEGER NOT NULL DEFAULT 0 CHECK (deleted_locally IN (0, 1)),
        -- The user asked for DELE in the account's next session.
        delete_requested INTEGER NOT NULL DEFAULT 0 CHECK (delete_requested IN (0, 1)),
        -- The user asked for the whole of a headers-only (partial) message.
        fetch_requested INTEGER NOT NULL DEFAULT 0 CHECK (fetch_requested IN (0, 1)),
        content_key TEXT,
        -- Sort keys folded for case and accents by the code (SQLite's lower() knows only ASCII).
        sort_from TEXT NOT NULL DEFAULT '',
        sort_subject TEXT NOT NULL DEFAULT '',
        -- A message without a usable Date header sorts by when it arrived.
        sort_date INTEGER GENERATED ALWAYS AS (coalesce(date, received_at)) VIRTUAL
      ) STRICT;
      CREATE INDEX messages_by_uidl ON messages (account_id, uidl);
      -- One partial index per sort key and scope: the inbox pages straight off an index.
      CREATE INDEX messages_date ON messages (sort_date, id) WHERE deleted_locally = 0;
      CREATE INDEX messages_account_date ON messages (account_id, sort_date, id)
        WHERE deleted_locally = 0;
      CREATE INDEX messages_unread_date ON messages (sort_date, id)
        WHERE deleted_locally = 0 AND read = 0;
      CREATE INDEX messages_account_unread_date ON messages (account_id, sort_date, id)
        WHERE deleted_locally = 0 AND read = 0;
      CREATE INDEX messages_from ON messages (sort_from, id) WHERE deleted_locally = 0;
      CREATE INDEX messages_account_from ON messages (account_id, sort_from, id)
        WHERE deleted_locally = 0;
      CREATE INDEX messages_subject ON messages (sort_subject, id) WHERE deleted_locally = 0;
      CREATE INDEX messages_account_subject ON messages (account_id, sort_subject, id)
        WHERE deleted_locally = 0;
      CREATE INDEX messages_size ON messages (size, id) WHERE deleted_locally = 0;
      CREATE INDEX messages_account_size ON messages (account_id, size, id)
        WHERE deleted_locally = 0;

      CREATE TABLE message_raw (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        raw BLOB NOT NULL
      ) STRICT;

      -- Contentless: the text is derived from message_raw and would only be a second copy here;
      -- contentless_delete lets rows go by rowid, which the triggers below rely on.
      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        subject, addresses, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
        DELETE FROM messages_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER messages_fts_after_local_delete AFTER UPDATE OF deleted_locally ON messages
        WHEN new.deleted_locally = 1 AND old.deleted_locally = 0 BEGIN
        DELETE FROM messages_fts WHERE rowid = old.id;
      END;

      CREATE TABLE uidl_state (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        uidl TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('seen', 'committed', 'dele-sent', 'gone')),
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        content_key TEXT,
        size INTEGER,
        dele_session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        first_seen_at INTEGER NOT NULL,
        committed_at INTEGER,
        gone_at INTEGER,
        PRIMARY KEY (account_id, uidl),
        CHECK (state NOT IN ('committed', 'dele-sent') OR committed_at IS NOT NULL)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX uidl_state_by_content_key ON uidl_state (account_id, content_key)
        WHERE content_key IS NOT NULL;
      CREATE INDEX uidl_state_by_message ON uidl_state (message_id) WHERE message_id IS NOT NULL;

      CREATE TABLE sync_locks (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
