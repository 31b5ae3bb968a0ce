// The one declaration of what main pushes to the renderer: event names and their payloads.
import type { AccountSyncStatus, SyncProgress } from '../model/sync-status';
import type { LiveLogBatch } from '../model/protocol-log';
import type { MailAddress } from '../model/message';
import type { EventName } from './names';

export interface NewMail {
  accountId: number;
  count: number;
  /** The newest few, for a notification. */
  latest: Array<{ id: number; from: MailAddress | null; subject: string }>;
}

/** Messages a running sync has stored since the last such event (the list can show them now). */
export interface StoredMail {
  accountId: number;
  sessionId: number | null;
  count: number;
}

export interface EventPayloads {
  'sync.progress': SyncProgress;
  /** Protocol-log lines as they happen (already redacted), numbered, batched. */
  'log.appended': LiveLogBatch;
  /** Sent while a sync runs, at most a few times a second; 'mail.new' still comes at the end. */
  'mail.stored': StoredMail;
  'mail.new': NewMail;
  'account.status': AccountSyncStatus;
}

// The compiler rejects an event declared in names.ts without a payload here, or the reverse.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsMatchNames: Same<keyof EventPayloads, EventName> = true;
void eventsMatchNames;
