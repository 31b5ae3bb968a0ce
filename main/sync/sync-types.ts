// What a sync takes and gives back: its dependencies, its progress, its result and the issues in
// it. Issues are data with a kind; main/errors maps those kinds to the contract's.
import type { ConnectOptions, Pop3ErrorKind } from '../pop3';
import { Pop3Error } from '../pop3';
import { StoreError } from '../store';
import type { NumberedLogLine } from './session-log';
import type { SyncAccount, SyncPort } from './sync-port';

export interface SyncProgress {
  accountId: number;
  sessionId: number;
  messagesDone: number;
  messagesTotal: number;
  octetsDone: number;
  octetsTotal: number;
  /** Messages stored so far in this session. */
  retrieved: number;
  /** DELEs the server accepted so far; they take effect only if QUIT answers +OK. */
  deletesAccepted: number;
}

export type SyncIssueKind =
  Pop3ErrorKind | 'no-secret' | 'not-found' | 'busy' | 'too-early' | 'store' | 'internal';

export interface SyncIssue {
  kind: SyncIssueKind;
  message: string;
  uidl?: string;
  code?: string;
  certificate?: { subject: string; fingerprint256: string };
}

export interface SyncResult {
  accountId: number;
  session: number | null;
  /** ok: all done; partial: done with per-message errors; error: the session failed. */
  outcome: 'ok' | 'partial' | 'error' | 'too-early' | 'busy';
  retrieved: number;
  /** Deletions confirmed by QUIT +OK. */
  deleted: number;
  /** Messages left on the server by the retention policy. */
  skipped: number;
  errors: SyncIssue[];
  warnings: string[];
  nextAllowedLogin: number | null;
  reachedUpdate: boolean;
}

export interface SyncDeps {
  port: SyncPort;
  /** The account's password or token; null when none is stored. */
  secret(account: SyncAccount): Promise<string | null> | string | null;
  now?: () => number;
  onProgress?: (p: SyncProgress) => void;
  onLog?: (sessionId: number, line: NumberedLogLine) => void;
  /** Extra transport options (a test CA, timeouts, pipelining off). */
  connectOptions?: Partial<ConnectOptions>;
  /** Retrieved messages parsed and committed concurrently (bounds memory with WINDOW_OCTETS). */
  window?: number;
  /** Messages committed per transaction at most (default COMMIT_GROUP.messages). */
  commitGroup?: number;
}

/** A result with nothing done yet. */
export function emptySyncResult(accountId: number, outcome: SyncResult['outcome']): SyncResult {
  return {
    accountId,
    session: null,
    outcome,
    retrieved: 0,
    deleted: 0,
    skipped: 0,
    errors: [],
    warnings: [],
    nextAllowedLogin: null,
    reachedUpdate: false,
  };
}

/** What was thrown, as an issue of the session (or of one message, given its UIDL). */
export function issueFrom(e: unknown, uidl?: string): SyncIssue {
  if (e instanceof Pop3Error) {
    const issue: SyncIssue = { kind: e.kind, message: e.message };
    if (e.code) issue.code = e.code;
    if (e.certificate) issue.certificate = e.certificate;
    if (uidl) issue.uidl = uidl;
    return issue;
  }
  const message = e instanceof Error ? e.message : String(e);
  // The store raises its own typed errors (SQLite failures included); anything else is a bug.
  const kind = e instanceof StoreError ? 'store' : 'internal';
  return uidl ? { kind, message, uidl } : { kind, message };
}
