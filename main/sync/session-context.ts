// The state one sync session shares between its steps (log in, plan, fetch, end): the store port,
// the log, the result being built, and what the server accepted so far. Owns the DELE of a stored
// message; never sends DELE for anything else.
import type { Pop3Client } from '../pop3';
import { CommitGroups } from './commit-group';
import { isSessionFailure } from './server-listing';
import { SessionLog } from './session-log';
import type { SyncAccount, SyncPort } from './sync-port';
import { emptySyncResult, issueFrom, type SyncDeps, type SyncResult } from './sync-types';

/**
 * A group commits at this many messages or octets, or once its oldest has waited delayMs (or
 * sooner, when every message in flight is waiting for it). Its messages' DELEs follow its commit.
 */
const COMMIT_GROUP = { messages: 48, octets: 8 * 1024 * 1024, delayMs: 50 };

export class SessionContext {
  readonly port: SyncPort;
  readonly sessionId: number;
  readonly log: SessionLog;
  client: Pop3Client | null = null;
  readonly result: SyncResult;
  /** UIDLs whose DELE the server accepted in this session: gone once QUIT answers +OK. */
  readonly deleAccepted: string[] = [];
  /** Replies to the DELE commands sent so far (they never reject). */
  readonly deles: Promise<void>[] = [];
  /** EXPIRE 0: the server deletes at QUIT what RETR touched, so QUIT waits until all is stored. */
  expireZero = false;
  /** Names of the messages RETR read whole this session: EXPIRE 0 deletes them at QUIT. */
  readonly retrievedNames = new Set<string>();
  /** Messages RETR'd (or being RETR'd) whose bytes are not yet stored whole. */
  readonly touchedNotStored = new Set<number>();
  /** Something was left on the server with a warning: the outcome cannot be "ok". */
  skippedWithWarning = false;
  readonly progress = { messagesDone: 0, messagesTotal: 0, octetsDone: 0, octetsTotal: 0 };
  /** Retrieved messages share a transaction; each DELE waits for its own message's group. */
  readonly groups: CommitGroups;
  /** Fetches started and not finished: when all of them wait for the group, it commits now. */
  fetching = 0;

  constructor(
    readonly deps: SyncDeps,
    readonly account: SyncAccount,
    readonly now: () => number,
  ) {
    this.port = deps.port;
    this.sessionId = this.port.startSession(account.id, now());
    const onLog = deps.onLog;
    const sid = this.sessionId;
    this.log = new SessionLog(this.port, sid, now, onLog ? (l) => onLog(sid, l) : undefined);
    this.result = { ...emptySyncResult(account.id, 'ok'), session: this.sessionId };
    this.groups = new CommitGroups({
      transaction: (fn) => this.port.transaction(fn),
      allOrNothing: (fn) => this.port.allOrNothing(fn),
      // The log so far goes in the group's own transaction: one disk write, not two.
      before: () => this.log.flush(),
      maxMessages: deps.commitGroup ?? COMMIT_GROUP.messages,
      maxOctets: COMMIT_GROUP.octets,
      maxDelayMs: COMMIT_GROUP.delayMs,
    });
  }

  /** Nothing else in flight could join the open group: waiting longer would only idle. */
  commitIfAllWaiting(): void {
    if (this.groups.waiting > 0 && this.groups.waiting >= this.fetching) this.groups.flush();
  }

  warn(text: string, skipped: boolean): void {
    this.result.warnings.push(text);
    this.log.info(`warning: ${text}`);
    if (skipped) this.skippedWithWarning = true;
  }

  /** DELE of a message whose own bytes are stored whole (committed before, or verified now). */
  async dele(client: Pop3Client, n: number, uidl: string): Promise<void> {
    try {
      await client.dele(n);
      // Recorded in one durable write before QUIT (see session-end), not one disk write per DELE.
      this.deleAccepted.push(uidl);
      this.emitProgress();
    } catch (e) {
      // A refused DELE leaves the message committed: the next session tries again.
      if (!isSessionFailure(e, client)) this.result.errors.push(issueFrom(e, uidl));
    }
  }

  emitProgress(): void {
    this.deps.onProgress?.({
      accountId: this.account.id,
      sessionId: this.sessionId,
      ...this.progress,
      retrieved: this.result.retrieved,
      deletesAccepted: this.deleAccepted.length,
    });
  }
}
