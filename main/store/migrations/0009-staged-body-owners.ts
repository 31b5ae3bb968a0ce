// Schema version 9: a staged blob names who is writing it (the Store object, its process's pid and
// start time), so clearing an account's leftovers removes only blobs whose writer is gone, never
// one another process is still staging (imports have no lock to keep a second process out).
// A blob staged before this version has no owner: its writer is gone, it is a leftover.
// Never edit once shipped.

import type { Migration } from './migration';

export const stagedBodyOwners: Migration = {
  version: 9,
  name: 'staged-body-owners',
  up(db) {
    db.exec(`
      ALTER TABLE raw_blobs ADD COLUMN owner TEXT;
      ALTER TABLE raw_blobs ADD COLUMN owner_pid INTEGER;
      -- Clock ticks since boot where the system tells (Linux), else NULL.
      ALTER TABLE raw_blobs ADD COLUMN owner_started INTEGER;
    `);
  },
};
