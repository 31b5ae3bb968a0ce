// Schema version 7: a body too large to hold in memory is written as it arrives, in chunks of a
// staged blob, and the message's commit adopts the blob in its own transaction (message_id set).
// A blob with no message is staged: an interrupted retrieval leaves only that, never a message,
// and the account's next staging removes it. Small bodies stay in message_raw as before.
// Never edit once shipped.

import type { Migration } from './migration';

export const chunkedBodies: Migration = {
  version: 7,
  name: 'chunked-bodies',
  up(db) {
    db.exec(`
      CREATE TABLE raw_blobs (
        id INTEGER PRIMARY KEY,
        -- No reference: it only scopes the clean-up of staged blobs; a kept message outlives it.
        account_id INTEGER NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        chunks INTEGER NOT NULL DEFAULT 0,
        message_id INTEGER UNIQUE REFERENCES messages(id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX raw_blobs_staged ON raw_blobs (account_id) WHERE message_id IS NULL;
      CREATE TABLE raw_chunks (
        blob_id INTEGER NOT NULL REFERENCES raw_blobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (blob_id, seq)
      ) STRICT;
    `);
  },
};
