// Schema version 4: the list sorts by star (starred first, then by date), so clicking the star
// column pages off an index in every scope as the other keys do. Never edit once shipped.

import type { Migration } from './migration';

// The same partial-index conditions as migration 0002's sort indexes.
const ALL_MAIL = 'deleted_locally = 0 AND trashed_at IS NULL';
const LIVE = 'deleted_locally = 0';

export const starSort: Migration = {
  version: 4,
  name: 'star-sort',
  up(db) {
    db.exec(`
      CREATE INDEX messages_starred ON messages (flagged, sort_date, id) WHERE ${ALL_MAIL};
      CREATE INDEX messages_account_starred ON messages (account_id, flagged, sort_date, id)
        WHERE ${ALL_MAIL};
      CREATE INDEX messages_folder_starred ON messages (folder_id, flagged, sort_date, id)
        WHERE ${LIVE};
    `);
  },
};
