// The one declaration of what main pushes to the renderer: event names and their payloads.
import type { AccountSyncStatus, SyncProgress } from '../model/sync-status';
import type { LiveLogLine } from '../model/protocol-log';
import type { MailAddress } from '../model/message';
import type { EventName } from './names';

export interface NewMail {
  accountId: number;
  count: number;
  /** The newest few, for a notification. */
  latest: Array<{ id: number; from: MailAddress | null; subject: string }>;
}

export interface EventPayloads {
  'sync.progress': SyncProgress;
  /** A protocol-log line as it happens (already redacted). */
  'log.line': LiveLogLine;
  'mail.new': NewMail;
  'account.status': AccountSyncStatus;
}

// The compiler rejects an event declared in names.ts without a payload here, or the reverse.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsMatchNames: Same<keyof EventPayloads, EventName> = true;
void eventsMatchNames;
