// A finished sync's report as the renderer receives it: a clean, empty check unless told otherwise.

import type { SyncReport } from '../../shared/model/sync-status';

export const syncReport = (over: Partial<SyncReport> = {}): SyncReport => ({
  accountId: 1,
  session: 1,
  finishedAt: 1_000,
  retrieved: 0,
  deleted: 0,
  skipped: 0,
  nextAllowedLoginAt: null,
  outcome: 'ok',
  error: null,
  messageErrors: [],
  warnings: [],
  ...over,
});
