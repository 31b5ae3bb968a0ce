// Schema version 10: a sync lock and an outbox claim keep their process's start time beside its
// pid. By pid alone, a lock or claim left by a process that died (a crash, a power cut) stayed
// held for good once that pid named another process, which after a reboot can even be the next
// Popline: that account never synced again, that message never left the Outbox. NULL (rows from
// before, or a system that does not tell start times): the pid alone decides, as before.
// Never edit once shipped.

import type { Migration } from './migration';

export const holderStartTimes: Migration = {
  version: 10,
  name: 'holder-start-times',
  up(db) {
    db.exec(`
      -- Clock ticks since boot, as main/store/process-alive.ts reads them.
      ALTER TABLE sync_locks ADD COLUMN pid_started INTEGER;
      ALTER TABLE outbox ADD COLUMN claim_pid_started INTEGER;
    `);
  },
};
