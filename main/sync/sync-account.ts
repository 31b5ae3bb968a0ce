// The one-session sync: connect, authenticate, list, retrieve and commit, DELE only what is
// committed, QUIT — all in ONE POP3 login. Never sends DELE for a message not yet in SQLite, and
// counts a deletion as done only when QUIT answers +OK.
import {
  DEFAULT_MAX_MESSAGE_OCTETS,
  Pop3Client,
  Pop3Error,
  sessionDeadline,
  type ConnectOptions,
} from '../pop3';
import { parseInWorker } from '../mime';
import { StoreError } from '../store';
import { createHash } from 'node:crypto';
import { CommitGroups } from './commit-group';
import { contentKey, syntheticUidl } from './content-key';
import { nextAllowedLogin, planSession, type SyncPlan } from './plan';
import { headersOf, isSessionFailure, listServer } from './server-listing';
import { SessionLog, type NumberedLogLine } from './session-log';
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
  Pop3Error['kind'] | 'no-secret' | 'not-found' | 'busy' | 'too-early' | 'store' | 'internal';

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

/** Without a server value, how long to wait after a [LOGIN-DELAY] refusal. */
const DEFAULT_LOGIN_DELAY_S = 300;
/** Protocol logs kept per account: at least the newest `keep` sessions, and all from `days`. */
const SESSION_HISTORY = { keep: 200, days: 90 };
/** The first buffer for a RETR: LIST sizes are hints from the server, never allocation sizes. */
const INITIAL_BUFFER_CAP = 4 * 1024 * 1024;
/** Messages retrieved, parsed or waiting for their commit at once: at most this many... */
const DEFAULT_WINDOW = 96;
/** ...and no more than this many octets by LIST's sizes (one message always goes alone). */
const WINDOW_OCTETS = 16 * 1024 * 1024;
/**
 * A group commits at this many messages or octets, or once its oldest has waited delayMs (or
 * sooner, when every message in flight is waiting for it). Its messages' DELEs follow its commit.
 */
const COMMIT_GROUP = { messages: 48, octets: 8 * 1024 * 1024, delayMs: 50 };

function issueFrom(e: unknown, uidl?: string): SyncIssue {
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

export async function syncAccount(deps: SyncDeps, accountId: number): Promise<SyncResult> {
  const now = deps.now ?? Date.now;
  const empty = (outcome: SyncResult['outcome']) => emptySyncResult(accountId, outcome);
  const account = deps.port.account(accountId);
  if (!account) {
    return {
      ...empty('error'),
      errors: [{ kind: 'not-found', message: `no account ${accountId}` }],
    };
  }
  const allowed = Math.max(
    nextAllowedLogin(account.lastLoginAt, account.serverLoginDelay) ?? 0,
    account.deferredUntil ?? 0,
  );
  if (allowed > now()) {
    const at = new Date(allowed).toISOString();
    return {
      ...empty('too-early'),
      nextAllowedLogin: allowed,
      errors: [{ kind: 'too-early', message: `the server allows the next login at ${at}` }],
    };
  }
  // Nothing written before the retrievals lets the server delete anything: the session's first
  // writes (lock, session row, login) need no fsync each; the write before QUIT fsyncs them all.
  deps.port.durability('deferred');
  try {
    return await lockedSync(deps, account, now, empty);
  } finally {
    deps.port.durability('full');
  }
}

async function lockedSync(
  deps: SyncDeps,
  account: SyncAccount,
  now: () => number,
  empty: (outcome: SyncResult['outcome']) => SyncResult,
): Promise<SyncResult> {
  const accountId = account.id;
  if (!deps.port.tryLock(accountId)) {
    return {
      ...empty('busy'),
      errors: [{ kind: 'busy', message: 'a sync of this account is already running' }],
    };
  }
  try {
    deps.port.closeInterrupted(accountId, now());
    // Without a password there is nothing to send: no session, no connection.
    const secret = await deps.secret(account);
    if (secret === null || secret === '') {
      const message = `no password is stored for ${account.user}@${account.host}`;
      return { ...empty('error'), errors: [{ kind: 'no-secret', message }] };
    }
    return await new Session(deps, account, secret, now).run();
  } finally {
    deps.port.unlock(accountId);
  }
}

/** One retrieval: a new message, a headers-only copy, the whole of a headers-only copy, or a
 * message only its bytes can identify (its key is then known or derived after RETR). */
interface Fetch {
  n: number;
  size: number;
  /** null: keyed by the hash of its headers once retrieved (no UIDL, no TOP). */
  uidl: string | null;
  kind: 'new' | 'headers' | 'complete' | 'verify';
}

/** Why a session ended without QUIT, in the words of its closing log line. */
function whyNoQuit(e: unknown): string {
  if (!(e instanceof Pop3Error)) return `internal error (${String(e)})`;
  const what: Partial<Record<string, string>> = {
    connection: 'connection lost',
    timeout: 'deadline passed',
    protocol: 'protocol error',
    tls: 'TLS failure',
  };
  return `${what[e.kind] ?? e.kind} (${e.message})`;
}

class Session {
  private readonly port: SyncPort;
  private readonly sessionId: number;
  private readonly log: SessionLog;
  private client: Pop3Client | null = null;
  private readonly result: SyncResult;
  /** UIDLs whose DELE the server accepted in this session: gone once QUIT answers +OK. */
  private readonly deleAccepted: string[] = [];
  /** Replies to the DELE commands sent so far (they never reject). */
  private readonly deles: Promise<void>[] = [];
  /** EXPIRE 0: the server deletes at QUIT what RETR touched, so QUIT waits until all is stored. */
  private expireZero = false;
  /** Messages RETR'd (or being RETR'd) whose bytes are not yet stored whole. */
  private readonly touchedNotStored = new Set<number>();
  /** Something was left on the server with a warning: the outcome cannot be "ok". */
  private skippedWithWarning = false;
  private readonly progress = { messagesDone: 0, messagesTotal: 0, octetsDone: 0, octetsTotal: 0 };
  /** Retrieved messages share a transaction; each DELE waits for its own message's group. */
  private readonly groups: CommitGroups;
  /** Fetches started and not finished: when all of them wait for the group, it commits now. */
  private fetching = 0;

  constructor(
    private readonly deps: SyncDeps,
    private readonly account: SyncAccount,
    private readonly secret: string,
    private readonly now: () => number,
  ) {
    this.port = deps.port;
    this.sessionId = this.port.startSession(account.id, now());
    const onLog = deps.onLog;
    const sid = this.sessionId;
    this.log = new SessionLog(this.port, sid, now, onLog ? (l) => onLog(sid, l) : undefined);
    this.result = { ...emptySyncResult(account.id, 'ok'), session: this.sessionId };
    this.groups = new CommitGroups({
      transaction: (fn) => this.port.transaction(fn),
      // The log so far goes in the group's own transaction: one disk write, not two.
      before: () => this.log.flush(),
      maxMessages: deps.commitGroup ?? COMMIT_GROUP.messages,
      maxOctets: COMMIT_GROUP.octets,
      maxDelayMs: COMMIT_GROUP.delayMs,
    });
  }

  async run(): Promise<SyncResult> {
    let fatal: SyncIssue | null = null;
    this.port.durability('deferred');
    try {
      await this.transact();
    } catch (e) {
      fatal = issueFrom(e);
      this.result.errors.push(fatal);
      if (e instanceof Pop3Error && e.kind === 'login-delay') this.deferAfterRefusal();
    }
    try {
      await this.finish(fatal);
    } catch (e) {
      // The store failed while closing: still no open socket and no session left "running".
      this.client?.close();
      this.result.errors.push(issueFrom(e));
      this.result.outcome = 'error';
      this.closeRowAfterFailure(e);
    } finally {
      // Every path ends here with the socket closed (after QUIT, or without it).
      this.client?.close();
      this.port.durability('full');
    }
    return this.result;
  }

  private closeRowAfterFailure(e: unknown): void {
    try {
      this.log.info(`session ended by an internal failure: ${String(e)}`);
      this.log.flush();
    } catch {
      /* the row below still closes the session */
    }
    try {
      this.port.revertDeleSent(this.account.id, this.sessionId);
      this.port.finishSession(this.sessionId, {
        endedAt: this.now(),
        outcome: 'error',
        retrieved: this.result.retrieved,
        deleted: this.result.deleted,
        skipped: this.result.skipped,
        reachedUpdate: this.result.reachedUpdate,
        quitReply: null,
        errorKind: 'store',
        errorMessage: e instanceof Error ? e.message : String(e),
      });
    } catch {
      // Nothing more can be written now: the next sync's closeInterrupted closes the row.
    }
  }

  private warn(text: string, skipped: boolean): void {
    this.result.warnings.push(text);
    this.log.info(`warning: ${text}`);
    if (skipped) this.skippedWithWarning = true;
  }

  private async transact(): Promise<void> {
    const a = this.account;
    const secret = this.secret;
    const opts: ConnectOptions = {
      host: a.host,
      port: a.port,
      security: a.security,
      onLog: this.log.protocol,
      ...this.deps.connectOptions,
    };
    if (a.certFingerprint256) opts.certFingerprint256 = a.certFingerprint256;
    this.client = await Pop3Client.connect(opts);
    const client = this.client;
    await client.authenticate({
      user: a.user,
      secret,
      method: a.authMethod,
      allowInsecurePassword: a.allowInsecurePassword,
    });
    if (client.capabilities.raw.length === 0) {
      // CAPA refused before login may have been a passing failure: EXPIRE 0 must not go unseen.
      try {
        await client.refreshCapabilities();
      } catch (e) {
        if (isSessionFailure(e, client)) throw e;
      }
    }
    const caps = client.capabilities;
    const loginDelay = caps.loginDelay?.seconds ?? null;
    this.port.recordLogin(a.id, this.now(), { loginDelay, expire: caps.expire?.days ?? null });
    this.result.nextAllowedLogin = nextAllowedLogin(this.now(), loginDelay);
    this.expireZero = caps.expire?.days === 0;
    this.warnAboutExpire(caps.expire?.days);

    const listing = await listServer(client, {
      noTop: this.expireZero,
      info: (t) => this.log.info(t),
    });
    for (const s of listing.skipped) this.warn(s.reason, true);
    const known = this.port.known(a.id);
    const plan = planSession({
      server: listing.keyed,
      known,
      policy: a.policy,
      maxSize: a.maxSize,
      now: this.now(),
      noTop: this.expireZero,
    });
    this.port.markSeen(a.id, listing.keyed);
    if (plan.ambiguous.length) {
      this.port.markAmbiguous(a.id, plan.ambiguous);
      this.warn(
        `the server lists ${plan.ambiguous.map((u) => `UIDL ${u}`).join(', ')} for more than one message: such messages are identified by their bytes, downloaded each session and deleted only once stored`,
        false,
      );
    }
    // Keys we could not see are not proof that a message left the server.
    const complete = listing.skipped.length === 0 && listing.unkeyed.length === 0;
    if (complete && plan.vanished.length) this.port.markGone(a.id, plan.vanished, this.now());
    const listed = new Set(listing.keyed.map((m) => m.uidl));
    const relink = complete && plan.possibleUidlChange;
    if (relink && !this.expireZero && !plan.deleteAfterCommit) {
      await this.relinkRenamed(client, plan, listed);
    }
    for (const u of plan.untouched) this.warn(`${u.reason}: left on the server`, true);
    const fetches: Fetch[] = [
      ...plan.complete.map((m) => ({ ...m, kind: 'complete' as const })),
      ...plan.retrieve.map((m) => ({ ...m, kind: 'new' as const })),
      ...plan.verify.map((m) => ({ ...m, kind: 'verify' as const })),
      ...plan.headersOnly.map((m) => ({ ...m, kind: 'headers' as const })),
    ];
    for (const u of listing.unkeyed) {
      if (this.account.maxSize !== null && u.size > this.account.maxSize) {
        this.warn(
          `message ${u.n} can only be identified by downloading it, and it is over the size limit: left on the server`,
          true,
        );
      } else fetches.push({ ...u, uidl: null, kind: 'verify' });
    }

    // Messages already committed go first; DELE is pipelined with the retrievals that follow.
    this.deles.push(...plan.dele.map((m) => this.dele(client, m.n, m.uidl)));
    this.result.skipped = plan.kept;
    this.progress.messagesTotal = fetches.length;
    this.progress.octetsTotal = fetches.reduce(
      (s, f) => s + (f.kind === 'headers' ? 0 : f.size),
      0,
    );
    // The session's time grows with what there is to fetch (each size capped: LIST may lie).
    const octets = fetches.reduce((s, f) => s + Math.min(f.size, DEFAULT_MAX_MESSAGE_OCTETS), 0);
    client.setDeadline(sessionDeadline({ octets }));
    this.emitProgress();
    await this.fetchAll(client, fetches, plan.deleteAfterCommit, listed);
    await Promise.all(this.deles);
  }

  /** After a UIDL renumbering, recognise committed messages by content instead of fetching them again. */
  private async relinkRenamed(
    client: Pop3Client,
    plan: SyncPlan,
    listed: Set<string>,
  ): Promise<void> {
    const candidates = [...plan.retrieve, ...plan.headersOnly];
    const keys = await Promise.all(
      candidates.map(async (m) => {
        try {
          return contentKey(await headersOf(client, m.n));
        } catch (e) {
          if (isSessionFailure(e, client)) throw e;
          return undefined;
        }
      }),
    );
    let relinked = 0;
    candidates.forEach((m, i) => {
      const key = keys[i];
      if (key === undefined) return;
      // Headers alone cannot tell a renamed message from another with the same headers: the link
      // is marked ambiguous in the same transaction, so no DELE follows until RETR shows its bytes.
      const ids = this.account.id;
      const linked = this.port.transaction(() => {
        const l = this.port.linkByContentKey(ids, m.uidl, key, listed);
        if (l !== null) this.port.markAmbiguous(ids, [m.uidl]);
        return l;
      });
      if (linked === null) return;
      relinked++;
      const wasRetrieve = plan.retrieve.includes(m);
      plan.retrieve = plan.retrieve.filter((x) => x !== m);
      plan.headersOnly = plan.headersOnly.filter((x) => x !== m);
      // A headers-only copy is not the message: its body is still only on the server.
      if (linked.partial && wasRetrieve) plan.complete.push(m);
      else plan.kept++;
    });
    if (relinked) {
      this.log.info(
        `the server changed its UIDLs: ${relinked} message(s) matched committed ones by their headers and were not downloaded again; each is deleted from the server only after its bytes are downloaded and compared`,
      );
    }
  }

  private async fetchAll(
    client: Pop3Client,
    fetches: Fetch[],
    deleteAfterCommit: boolean,
    listed: Set<string>,
  ): Promise<void> {
    const window = this.deps.window ?? DEFAULT_WINDOW;
    let fatal: unknown = null;
    const inflight = new Set<Promise<void>>();
    let inflightOctets = 0;
    const one = async (f: Fetch) => {
      try {
        const whole = await this.fetchOne(client, f, listed);
        this.progress.messagesDone++;
        this.progress.octetsDone += f.kind === 'headers' ? 0 : f.size;
        this.emitProgress();
        if (deleteAfterCommit && whole !== null && !client.closed)
          this.deles.push(this.dele(client, f.n, whole));
      } catch (e) {
        if (!isSessionFailure(e, client)) {
          this.result.errors.push(issueFrom(e, f.uidl ?? undefined));
        } else if (fatal === null) {
          fatal = e;
        }
      }
    };
    const octetsOf = (f: Fetch) => (f.kind === 'headers' ? 0 : Math.min(f.size, WINDOW_OCTETS));
    const full = (f: Fetch) =>
      inflight.size >= window ||
      (inflight.size > 0 && inflightOctets + octetsOf(f) > WINDOW_OCTETS);
    for (const f of fetches) {
      if (fatal !== null) break;
      while (full(f)) await Promise.race(inflight);
      if (fatal !== null) break;
      this.fetching++;
      inflightOctets += octetsOf(f);
      const p: Promise<void> = one(f).finally(() => {
        inflight.delete(p);
        inflightOctets -= octetsOf(f);
        this.fetching--;
        this.commitIfAllWaiting();
      });
      inflight.add(p);
    }
    await Promise.all(inflight);
    this.groups.flush();
    if (fatal !== null) throw fatal;
  }

  /**
   * Retrieves and stores one message. Returns the key it is stored under when its exact bytes are
   * now stored whole (only then may it be deleted), else null.
   */
  private async fetchOne(
    client: Pop3Client,
    f: Fetch,
    listed: Set<string>,
  ): Promise<string | null> {
    const partial = f.kind === 'headers';
    this.touchedNotStored.add(f.n);
    let raw: Buffer;
    try {
      raw = await this.retrieve(client, f, partial);
    } catch (e) {
      // An -ERR reply read nothing: the server did not touch the message.
      if (!isSessionFailure(e, client)) this.touchedNotStored.delete(f.n);
      throw e;
    }
    const parsed = await parseInWorker(raw);
    const key = contentKey(raw);
    const uidl = f.uidl ?? syntheticUidl(key);
    // A message stored before under a name no longer listed (a renamed UIDL, however it came):
    // only the same bytes count, or a headers-only copy, which these whole bytes then complete.
    // One indexed lookup per message, so it runs whether or not the listing looked renamed.
    let completes = f.kind === 'complete';
    const sha256 = createHash('sha256').update(raw).digest('hex');
    if (!completes) {
      const ids = this.account.id;
      const linked =
        (partial ? null : this.port.linkByContentKey(ids, uidl, key, listed, { sha256 })) ??
        this.port.linkByContentKey(ids, uidl, key, listed, { headersOnlyCopy: true });
      if (linked !== null && (partial || !linked.partial)) {
        this.log.info(`UIDL ${uidl} is a stored message under a new name: not stored again`);
        this.touchedNotStored.delete(f.n);
        return partial ? null : uidl;
      }
      if (linked !== null) completes = true;
      if (partial && this.linkHeadersToWhole(uidl, key, listed)) {
        this.touchedNotStored.delete(f.n);
        return null;
      }
    }
    // Resolves once this message's group has committed: only then may its DELE be sent.
    const committed = this.groups.add(
      () =>
        this.port.commit({
          accountId: this.account.id,
          uidl,
          raw,
          sessionId: this.sessionId,
          parsed,
          contentKey: key,
          partial,
          replacePartial: completes,
          sha256,
        }),
      raw.length,
    );
    this.commitIfAllWaiting();
    const stored = await committed;
    if (stored.inserted) this.result.retrieved++;
    if (partial) {
      this.touchedNotStored.delete(f.n);
      return null;
    }
    if (!stored.whole) {
      this.warn(
        `message ${f.n} (UIDL ${uidl}) could not be stored: its key already names a different message; left on the server`,
        true,
      );
      return null;
    }
    this.touchedNotStored.delete(f.n);
    return uidl;
  }

  /** Nothing else in flight could join the open group: waiting longer would only idle. */
  private commitIfAllWaiting(): void {
    if (this.groups.waiting > 0 && this.groups.waiting >= this.fetching) this.groups.flush();
  }

  /**
   * Headers that match a message stored whole under a name no longer listed: the same message
   * renamed, or another with equal headers. Linked, not stored again, and marked ambiguous in the
   * same transaction, so no DELE follows until a RETR has shown its own bytes are the stored ones.
   */
  private linkHeadersToWhole(uidl: string, key: string, listed: Set<string>): boolean {
    const ids = this.account.id;
    const linked = this.port.transaction(() => {
      const l = this.port.linkByContentKey(ids, uidl, key, listed, { wholeCopy: true });
      if (l !== null) this.port.markAmbiguous(ids, [uidl]);
      return l;
    });
    if (linked === null) return false;
    this.log.info(
      `UIDL ${uidl} has the headers of a message stored whole under a name no longer listed: linked to it, not stored again; deleted only after its bytes are downloaded and compared`,
    );
    return true;
  }

  /**
   * RETR (or TOP n 0) into one buffer. LIST's size is only a hint: the first allocation is capped
   * and the buffer grows with what actually arrives.
   */
  private async retrieve(client: Pop3Client, f: Fetch, headersOnly: boolean): Promise<Buffer> {
    const hint = headersOnly ? 8192 : Math.min(Math.max(f.size, 1024), INITIAL_BUFFER_CAP);
    let buf = Buffer.allocUnsafe(Number.isSafeInteger(hint) ? hint : 1024);
    let used = 0;
    const sink = (chunk: Buffer) => {
      if (used + chunk.length > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + chunk.length));
        buf.copy(bigger, 0, 0, used);
        buf = bigger;
      }
      chunk.copy(buf, used);
      used += chunk.length;
    };
    if (headersOnly) await client.top(f.n, 0, sink);
    // LIST's size bounds the body (with the engine's margin) when it is a plausible number.
    else
      await client.retr(f.n, sink, Number.isSafeInteger(f.size) ? { expectedOctets: f.size } : {});
    return buf.subarray(0, used);
  }

  /** DELE of a message whose own bytes are stored whole (committed before, or verified now). */
  private async dele(client: Pop3Client, n: number, uidl: string): Promise<void> {
    try {
      await client.dele(n);
      // Recorded in one durable write before QUIT (see finish), not one disk write per DELE.
      this.deleAccepted.push(uidl);
      this.emitProgress();
    } catch (e) {
      // A refused DELE leaves the message committed: the next session tries again.
      if (!isSessionFailure(e, client)) this.result.errors.push(issueFrom(e, uidl));
    }
  }

  private async finish(fatal: SyncIssue | null): Promise<void> {
    const client = this.client;
    let quitReply: string | null = null;
    await Promise.all(this.deles);
    // Why QUIT must not be sent even though the link is up (null: QUIT is safe).
    let holdQuit: string | null = null;
    if (this.expireZero && this.touchedNotStored.size > 0) {
      const ns = [...this.touchedNotStored].sort((x, y) => x - y).join(', ');
      holdQuit = `the server deletes every message it sent at QUIT (EXPIRE 0), and message(s) ${ns} were read but not stored`;
    }
    // The durability barrier: every commit is on disk before QUIT lets the server delete.
    try {
      this.port.durability('full');
      this.port.transaction(() => {
        this.log.flush();
        if (this.deleAccepted.length)
          this.port.markDeleSent(this.account.id, this.deleAccepted, this.sessionId);
      });
    } catch (e) {
      this.result.errors.push(issueFrom(e));
      holdQuit = `the deletions could not be recorded (${e instanceof Error ? e.message : String(e)})`;
    }
    if (!client) {
      this.log.info(`no QUIT: no connection was made (${fatal?.message ?? 'not connected'})`);
    } else if (holdQuit !== null) {
      if (!client.closed) {
        client.close();
        this.log.info(`no QUIT: ${holdQuit}; closed the connection so the server deletes nothing`);
      } else {
        this.log.info(`no QUIT: ${holdQuit}; the connection was already closed`);
      }
      if (!fatal)
        this.result.errors.push({
          kind: 'internal',
          message: `session closed without QUIT: ${holdQuit}`,
        });
    } else {
      // QUIT even after an error while the link is alive: every DELE sent was for a stored
      // message, so reaching UPDATE is safe, and QUIT stays in the log (the founding bug).
      const wasClosed = client.closed;
      try {
        const quit = await client.quit();
        quitReply = `${quit.ok ? '+OK' : '-ERR'} ${quit.text}`.trim();
        if (quit.ok) {
          this.result.reachedUpdate = true;
          this.result.deleted = this.deleAccepted.length;
          if (this.deleAccepted.length)
            this.port.markGone(this.account.id, this.deleAccepted, this.now());
        } else {
          this.result.errors.push({
            kind: 'server',
            message: `QUIT answered -ERR (${quit.text}): deletions were not confirmed and will be checked next session`,
          });
        }
      } catch (e) {
        this.log.info(
          wasClosed
            ? `no QUIT: ${whyNoQuit(e)}`
            : `no reply to QUIT: ${whyNoQuit(e)}; whether the server applied the deletions is checked next session`,
        );
        if (!fatal) this.result.errors.push(issueFrom(e));
      }
    }
    if (!this.result.reachedUpdate) {
      const marked = this.deleAccepted;
      if (marked.length) this.port.revertDeleSent(this.account.id, this.sessionId);
      const shown = marked.slice(0, 20).join(', ') + (marked.length > 20 ? ', …' : '');
      this.log.info(
        marked.length
          ? `session ended without reaching UPDATE: DELE of ${marked.length} message(s) not applied (${shown}); they stay committed and are deleted next session`
          : 'session ended without reaching UPDATE: nothing was deleted from the server',
      );
    }
    const r = this.result;
    // "ok" only for a session that reached UPDATE cleanly and skipped nothing.
    if (fatal || (!r.reachedUpdate && quitReply === null)) r.outcome = 'error';
    else if (!r.reachedUpdate || r.errors.length || this.skippedWithWarning) r.outcome = 'partial';
    else r.outcome = 'ok';
    this.log.flush();
    const first = r.errors[0];
    this.port.finishSession(this.sessionId, {
      endedAt: this.now(),
      outcome: r.outcome === 'ok' || r.outcome === 'partial' ? r.outcome : 'error',
      retrieved: r.retrieved,
      deleted: r.deleted,
      skipped: r.skipped,
      reachedUpdate: r.reachedUpdate,
      quitReply,
      errorKind: first?.kind ?? null,
      errorMessage: first?.message ?? null,
    });
    const history = SESSION_HISTORY;
    this.port.pruneSessions(this.account.id, history.keep, this.now() - history.days * 86_400_000);
  }

  private deferAfterRefusal(): void {
    const delay = this.account.serverLoginDelay ?? DEFAULT_LOGIN_DELAY_S;
    const until = this.now() + delay * 1000;
    this.port.deferLogin(this.account.id, until);
    this.result.nextAllowedLogin = until;
  }

  private warnAboutExpire(expire: number | 'never' | undefined): void {
    if (expire === undefined || expire === 'never') return;
    const policy = this.account.policy;
    let warning: string | null = null;
    if (expire === 0 && (policy.kind === 'keep' || policy.kind === 'keep-days'))
      warning =
        'the server deletes messages once they are retrieved (EXPIRE 0): leaving mail on the server cannot work';
    else if (expire === 0)
      warning =
        'the server deletes every message it sends when the session ends (EXPIRE 0): Popline reads no headers alone there and quits only once all it read is stored';
    else if (policy.kind === 'keep-days' && policy.days > expire)
      warning = `the server keeps retrieved mail for ${expire} day(s), less than the ${policy.days} this account asks for`;
    if (warning) {
      this.result.warnings.push(warning);
      this.log.info(`warning: ${warning}`);
    }
  }

  private emitProgress(): void {
    this.deps.onProgress?.({
      accountId: this.account.id,
      sessionId: this.sessionId,
      ...this.progress,
      retrieved: this.result.retrieved,
      deletesAccepted: this.deleAccepted.length,
    });
  }
}
