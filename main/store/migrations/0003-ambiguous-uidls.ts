// Schema version 3: a UIDL the server once listed for two or more messages is marked ambiguous for
// good, so no later session trusts it alone to decide a DELE (issue 8).

import type { Migration } from './migration';

export const ambiguousUidls: Migration = {
  version: 3,
  name: 'ambiguous-uidls',
  up(db) {
    db.exec(`
      ALTER TABLE uidl_state ADD COLUMN ambiguous INTEGER NOT NULL DEFAULT 0
        CHECK (ambiguous IN (0, 1));
    `);
  },
};
