// Where each account's sync stands, for the status bar and the sidebar.
import type { AppError } from '../result';

export interface SyncProgress {
  accountId: number;
  messagesDone: number;
  messagesTotal: number;
  octetsDone: number;
  octetsTotal: number;
  /** The protocol-log session these counts belong to (absent before it exists). */
  sessionId?: number;
  /** Messages stored so far in this session. */
  retrieved?: number;
  /** DELEs the server accepted so far; they take effect only when QUIT answers +OK. */
  deletesAccepted?: number;
}

export type SyncPhase =
  { phase: 'idle' } | ({ phase: 'syncing' } & Omit<SyncProgress, 'accountId'>);

export interface SyncReport {
  accountId: number;
  /** The protocol-log session, null when no connection was made. */
  session: number | null;
  /** When the sync ended, epoch ms. */
  finishedAt: number;
  retrieved: number;
  /** Deletions the server confirmed with QUIT +OK. */
  deleted: number;
  skipped: number;
  /** The earliest next login the server allows (LOGIN-DELAY), epoch ms. */
  nextAllowedLoginAt: number | null;
  /** The sync layer's own word for how it ended. */
  outcome: string;
  /** Why the session failed as a whole; null when it completed. */
  error: AppError | null;
  /** Problems with single messages in a session that otherwise went through (same kinds as `error`). */
  messageErrors: Array<AppError & { uidl?: string }>;
  /** Things the user should know (e.g. the server's EXPIRE is shorter than "leave N days"). */
  warnings: string[];
}

export interface AccountSyncStatus {
  accountId: number;
  state: SyncPhase;
  /** When the scheduler will check next, epoch ms; null when nothing is scheduled. */
  nextScheduledAt: number | null;
  nextAllowedLoginAt: number | null;
  lastOutcome: SyncReport | null;
}

export interface SyncOverview {
  /** The machine has a network connection (scheduled checks pause while offline). */
  online: boolean;
  /** The machine is suspended or the scheduler is paused. */
  paused: boolean;
  accounts: AccountSyncStatus[];
}
