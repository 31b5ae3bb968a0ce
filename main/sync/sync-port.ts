// What the one-session sync needs from persistence, and nothing more. The store implements it
// (store-port.ts); every method is its own short transaction so a crash between two calls is safe.
import type { Security, AuthMethod } from '../pop3';
import type { ParsedMessage } from '../mime';
import type { BodyStager, LinkedMessage, LinkMatch, StagedBody } from '../store';
import type { Retention } from '../../shared/model/account';
import type { KnownUidl } from './plan';

export interface SyncAccount {
  id: number;
  host: string;
  port: number;
  security: Security;
  auth: AuthMethod;
  user: string;
  allowInsecurePassword: boolean;
  certFingerprint256: string | null;
  retention: Retention;
  maxMessageSize: number | null;
  lastLoginAt: number | null;
  /** LOGIN-DELAY the server announced, in seconds. */
  loginDelaySeconds: number | null;
  /** A time before which the server told us not to log in again ([LOGIN-DELAY] reply). */
  loginDeferredUntil: number | null;
}

export interface SessionLogLine {
  time: number;
  dir: 'C' | 'S' | 'I';
  text: string;
  /** Its number in the session (SessionLog's); without one the store continues after the last. */
  seq?: number;
}

export interface SessionSummary {
  endedAt: number;
  outcome: 'ok' | 'partial' | 'error';
  retrieved: number;
  deleted: number;
  skipped: number;
  reachedUpdate: boolean;
  quitReply: string | null;
  errorKind: string | null;
  errorMessage: string | null;
}

export interface CommitArgs {
  accountId: number;
  uidl: string;
  /** The bytes in memory, or a large body staged in the store as it arrived (stageBody). */
  raw: Buffer | StagedBody;
  sessionId: number;
  parsed: ParsedMessage;
  contentKey: string;
  partial: boolean;
  /** Replace a headers-only copy with the whole message (the user asked for it). */
  replacePartial: boolean;
  /** SHA-256 of raw (hex) when the caller already has it: hashed once, not at each step. */
  sha256?: string;
}

export interface CommitOutcome {
  messageId: number;
  /** false: nothing was stored (these bytes, or others under this key, already were). */
  inserted: boolean;
  /** These exact bytes are stored whole under this account: a DELE of this message is safe. */
  whole: boolean;
}

export interface SyncPort {
  /** Starts writing a large body into the store as it arrives; a commit adopts it. */
  stageBody(accountId: number): BodyStager;
  /** Runs fn as one transaction. */
  transaction<T>(fn: () => T): T;
  /** Runs fn as one transaction whose nested store calls take no savepoints: a throw undoes all. */
  allOrNothing<T>(fn: () => T): T;
  /**
   * 'deferred' while retrieving: commits are safe against a crash of the process but not yet
   * fsynced. 'barrier' before QUIT: the next write fsyncs every commit made before it, so nothing
   * the server deletes in UPDATE can be lost to a power cut (the checkpoint waits). 'full' after.
   */
  durability(mode: 'full' | 'deferred' | 'barrier'): void;
  account(accountId: number): SyncAccount | null;
  known(accountId: number): Map<string, KnownUidl>;
  tryLock(accountId: number): boolean;
  unlock(accountId: number): void;
  /**
   * Closes sessions a dead process left running (call with the lock held): each gets a closing
   * log line, and its unconfirmed DELEs go back to committed; large bodies it was still staging
   * are removed. Returns the sessions' ids.
   */
  closeInterrupted(accountId: number, at: number): number[];
  startSession(accountId: number, at: number): number;
  appendLog(sessionId: number, lines: SessionLogLine[]): void;
  finishSession(sessionId: number, summary: SessionSummary): void;
  /** Forgets the account's finished sessions older than `startedBefore`, keeping the newest `keep`. */
  pruneSessions(accountId: number, keep: number, startedBefore: number): void;
  recordLogin(
    accountId: number,
    at: number,
    server: { loginDelay: number | null; expire: number | 'never' | null },
  ): void;
  deferLogin(accountId: number, until: number): void;
  /**
   * Stores a message once by its bytes: a second commit of the same bytes stores nothing, and a
   * whole message whose UIDL already names other bytes is stored under "UIDL sha256:…" (and the
   * UIDL marked ambiguous) rather than hidden.
   */
  commit(args: CommitArgs): CommitOutcome;
  /**
   * A message whose UIDL changed: when a committed message with this content key is no longer
   * listed under its old UIDL, record `uidl` as another name for it. Returns its id, or null.
   */
  linkByContentKey(
    accountId: number,
    uidl: string,
    contentKey: string,
    listedUidls: ReadonlySet<string>,
    match?: LinkMatch,
  ): LinkedMessage | null;
  /** Records the server's listing: new UIDLs become 'seen'. */
  markSeen(accountId: number, listing: ReadonlyArray<{ uidl: string; size: number }>): void;
  /** UIDLs listed for more than one message, or linked by headers alone: never trusted alone again. */
  markAmbiguous(accountId: number, uidls: string[]): void;
  markDeleSent(accountId: number, uidls: string[], sessionId: number): void;
  /** The session ended without UPDATE: its DELEs did not happen. */
  revertDeleSent(accountId: number, sessionId: number): void;
  markGone(accountId: number, uidls: string[], at: number): void;
}
