// Schema version 5: sending (issue 14). Identities (who sends, through which SMTP server), an
// outbox holding each message's complete bytes before it is submitted, Drafts and Sent folders,
// and SMTP sessions in the same sessions table as POP3 ones (an identity need not belong to a
// POP3 account, so sessions.account_id becomes nullable). folders and sessions are rebuilt
// (SQLite cannot change a CHECK or a NOT NULL in place); ids are kept, so every reference holds.

import type { Migration } from './migration';

export const outbox: Migration = {
  version: 5,
  name: 'outbox',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      DROP TRIGGER accounts_inbox;
      CREATE TABLE folders_v4 (
        id INTEGER PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('inbox', 'trash', 'archive', 'drafts', 'sent', 'user')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        CHECK ((role = 'inbox') = (account_id IS NOT NULL))
      ) STRICT;
      INSERT INTO folders_v4 (id, account_id, role, name, created_at)
        SELECT id, account_id,
          -- A folder of the user's already named Sent or Drafts becomes that folder.
          CASE WHEN role = 'user' AND account_id IS NULL AND name = 'Sent' COLLATE NOCASE THEN 'sent'
               WHEN role = 'user' AND account_id IS NULL AND name = 'Drafts' COLLATE NOCASE
                 THEN 'drafts'
               ELSE role END,
          name, created_at
        FROM folders;
      DROP TABLE folders;
      ALTER TABLE folders_v4 RENAME TO folders;
      CREATE UNIQUE INDEX folders_one_inbox ON folders (account_id) WHERE role = 'inbox';
      CREATE UNIQUE INDEX folders_one_special ON folders (role)
        WHERE role IN ('trash', 'archive', 'drafts', 'sent');
      CREATE UNIQUE INDEX folders_local_name ON folders (name COLLATE NOCASE)
        WHERE account_id IS NULL;
      INSERT INTO folders (role, name) SELECT 'drafts', 'Drafts'
        WHERE NOT EXISTS (SELECT 1 FROM folders WHERE role = 'drafts');
      INSERT INTO folders (role, name) SELECT 'sent', 'Sent'
        WHERE NOT EXISTS (SELECT 1 FROM folders WHERE role = 'sent');
      CREATE TRIGGER accounts_inbox AFTER INSERT ON accounts BEGIN
        INSERT INTO folders (account_id, role, name) VALUES (new.id, 'inbox', 'Inbox');
      END;

      CREATE TABLE identities (
        id INTEGER PRIMARY KEY,
        -- The POP3 account it answers for: its user name and password are the defaults here.
        account_id INTEGER UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,
        name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
        address TEXT NOT NULL CHECK (length(address) BETWEEN 3 AND 320),
        smtp_host TEXT NOT NULL CHECK (length(smtp_host) BETWEEN 1 AND 253),
        smtp_port INTEGER NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
        security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
        allow_insecure_password INTEGER NOT NULL DEFAULT 0
          CHECK (allow_insecure_password IN (0, 1)),
        -- 'none': the server takes mail without a login (a relay on the local network).
        auth TEXT NOT NULL DEFAULT 'auto' CHECK (auth IN ('auto', 'none')),
        -- NULL: the account's POP3 user name.
        smtp_user TEXT,
        -- NULL: the account's POP3 password. Only ever ciphertext from a SecretCipher.
        secret_cipher BLOB,
        secret_scheme TEXT,
        created_at INTEGER NOT NULL,
        CHECK ((secret_cipher IS NULL) = (secret_scheme IS NULL))
      ) STRICT;
      CREATE INDEX identities_by_server ON identities (smtp_user, smtp_host, smtp_port, address);

      CREATE TABLE sessions_v4 (
        id INTEGER PRIMARY KEY,
        -- NULL only for an SMTP session of an identity without a POP3 account.
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        protocol TEXT NOT NULL DEFAULT 'pop3' CHECK (protocol IN ('pop3', 'smtp')),
        identity_id INTEGER REFERENCES identities(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        outcome TEXT NOT NULL DEFAULT 'running',
        retrieved INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        error_kind TEXT,
        error_message TEXT,
        reached_update INTEGER NOT NULL DEFAULT 0 CHECK (reached_update IN (0, 1)),
        quit_reply TEXT,
        CHECK (protocol = 'smtp' OR account_id IS NOT NULL),
        CHECK (protocol = 'pop3' OR identity_id IS NOT NULL)
      ) STRICT;
      INSERT INTO sessions_v4 (id, account_id, started_at, ended_at, outcome, retrieved, deleted,
        skipped, error_kind, error_message, reached_update, quit_reply)
        SELECT id, account_id, started_at, ended_at, outcome, retrieved, deleted, skipped,
          error_kind, error_message, reached_update, quit_reply
        FROM sessions;
      DROP TABLE sessions;
      ALTER TABLE sessions_v4 RENAME TO sessions;
      CREATE INDEX sessions_by_account ON sessions (account_id, started_at);
      CREATE INDEX sessions_by_start ON sessions (started_at);
      CREATE INDEX sessions_by_identity ON sessions (identity_id) WHERE identity_id IS NOT NULL;

      -- One row per message the user sent or is sending. status:
      --   queued      to be submitted (last_error says why an attempt failed)
      --   sending     claimed by claim_pid; the end of DATA has not been written
      --   data-ended  the end of DATA is (about to be) written; no reply recorded yet
      --   sent        the server answered the end of DATA with 2xx
      --   maybe-sent  the reply to the end of DATA never came: the user decides, never a retry
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        identity_id INTEGER NOT NULL REFERENCES identities(id),
        message_id TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        size INTEGER NOT NULL,
        envelope_from TEXT NOT NULL,
        envelope_to TEXT NOT NULL CHECK (json_valid(envelope_to) AND envelope_to <> '[]'),
        subject TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'sending', 'data-ended', 'sent', 'maybe-sent')),
        claim_pid INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        -- The server's reply to the end of DATA, and which recipients it refused.
        final_reply TEXT,
        refused TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(refused)),
        -- Its copy in Sent once sent.
        sent_copy_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        CHECK ((status IN ('sending', 'data-ended')) = (claim_pid IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      ) STRICT;
      CREATE INDEX outbox_by_status ON outbox (status, id);
    `);
  },
};
