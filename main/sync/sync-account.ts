// The one-session sync: connect, authenticate, list, retrieve and commit, DELE only what is
// committed, QUIT — all in ONE POP3 login. Never sends DELE for a message not yet in SQLite, and
// counts a deletion as done only when QUIT answers +OK.
import { Pop3Client, Pop3Error, type ConnectOptions } from '../pop3';
import { parseInWorker } from '../mime';
import { contentKey, headerBlock, syntheticUidl } from './content-key';
import { nextAllowedLogin, planSession, type ServerMessage, type SyncPlan } from './plan';
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
  /** Retrieved messages parsed and committed concurrently (bounds memory). */
  window?: number;
}

/** Without a server value, how long to wait after a [LOGIN-DELAY] refusal. */
const DEFAULT_LOGIN_DELAY_S = 300;
/** Protocol logs kept per account: at least the newest `keep` sessions, and all from `days`. */
const SESSION_HISTORY = { keep: 200, days: 90 };
const FATAL: ReadonlySet<string> = new Set(['connection', 'timeout', 'protocol', 'tls']);

function issueFrom(e: unknown, uidl?: string): SyncIssue {
  if (e instanceof Pop3Error) {
    const issue: SyncIssue = { kind: e.kind, message: e.message };
    if (e.code) issue.code = e.code;
    if (e.certificate) issue.certificate = e.certificate;
    if (uidl) issue.uidl = uidl;
    return issue;
  }
  const message = e instanceof Error ? e.message : String(e);
  const kind =
    e instanceof Error && /sqlite|database/i.test(e.name + e.message) ? 'store' : 'internal';
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
  private readonly progress = { messagesDone: 0, messagesTotal: 0, octetsDone: 0, octetsTotal: 0 };

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
    } finally {
      this.port.durability('full');
    }
    return this.result;
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
    const caps = client.capabilities;
    const loginDelay = caps.loginDelay?.seconds ?? null;
    this.port.recordLogin(a.id, this.now(), { loginDelay, expire: caps.expire?.days ?? null });
    this.result.nextAllowedLogin = nextAllowedLogin(this.now(), loginDelay);
    this.warnAboutExpire(caps.expire?.days);

    const listing = await this.listMessages(client);
    const known = this.port.known(a.id);
    const plan = planSession({
      server: listing,
      known,
      policy: a.policy,
      maxSize: a.maxSize,
      now: this.now(),
    });
    this.port.markSeen(a.id, listing);
    if (plan.vanished.length) this.port.markGone(a.id, plan.vanished, this.now());
    const listed = new Set(listing.map((m) => m.uidl));
    if (plan.possibleUidlChange && caps.top) await this.relinkRenamed(client, plan, listed);

    // Messages already committed go first; DELE is pipelined with the retrievals that follow.
    this.deles.push(...plan.dele.map((m) => this.dele(client, m)));
    this.result.skipped = plan.kept;
    const fetches = [
      ...plan.complete.map((m) => ({ m, partial: false, replace: true })),
      ...plan.retrieve.map((m) => ({ m, partial: false, replace: false })),
      ...plan.headersOnly.map((m) => ({ m, partial: true, replace: false })),
    ];
    this.progress.messagesTotal = fetches.length;
    this.progress.octetsTotal = fetches.reduce((s, f) => s + (f.partial ? 0 : f.m.size), 0);
    this.emitProgress();
    await this.fetchAll(
      client,
      fetches,
      plan.deleteAfterCommit,
      this.deles,
      listed,
      plan.possibleUidlChange,
    );
    await Promise.all(this.deles);
  }

  private async listMessages(client: Pop3Client): Promise<ServerMessage[]> {
    const sizesP = client.list();
    let uidls: Array<{ n: number; uid: string }> | null = null;
    if (client.capabilities.uidl || client.capabilities.raw.length === 0) {
      try {
        uidls = await client.uidl();
      } catch (e) {
        if (!(e instanceof Pop3Error) || FATAL.has(e.kind)) {
          await sizesP.catch(() => undefined);
          throw e;
        }
      }
    }
    const sizes = await sizesP;
    if (uidls) {
      const byN = new Map(uidls.map((u) => [u.n, u.uid]));
      return sizes.flatMap((s) => {
        const uidl = byN.get(s.n);
        return uidl === undefined ? [] : [{ n: s.n, uidl, size: s.size }];
      });
    }
    this.log.info(
      'the server does not implement UIDL: identifying messages by a hash of their headers',
    );
    const keyed = await Promise.all(
      sizes.map(async (s) => ({
        ...s,
        uidl: syntheticUidl(contentKey(await this.headers(client, s.n))),
      })),
    );
    return keyed;
  }

  private async headers(client: Pop3Client, n: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await client.top(n, 0, (c) => chunks.push(c));
    return headerBlock(Buffer.concat(chunks));
  }

  /** After a UIDL renumbering, recognise committed messages by content instead of fetching them again. */
  private async relinkRenamed(
    client: Pop3Client,
    plan: SyncPlan,
    listed: Set<string>,
  ): Promise<void> {
    const candidates = [...plan.retrieve, ...plan.headersOnly];
    const keys = await Promise.all(
      candidates.map(async (m) => contentKey(await this.headers(client, m.n))),
    );
    let relinked = 0;
    candidates.forEach((m, i) => {
      const key = keys[i];
      if (key === undefined) return;
      const id = this.port.linkByContentKey(this.account.id, m.uidl, key, listed);
      if (id === null) return;
      relinked++;
      plan.retrieve = plan.retrieve.filter((x) => x !== m);
      plan.headersOnly = plan.headersOnly.filter((x) => x !== m);
      if (plan.deleteAfterCommit) plan.dele.push(m);
      else plan.kept++;
    });
    if (relinked) {
      this.log.info(
        `the server changed its UIDLs: ${relinked} message(s) matched committed ones by content and were not downloaded again`,
      );
    }
  }

  private async fetchAll(
    client: Pop3Client,
    fetches: Array<{ m: ServerMessage; partial: boolean; replace: boolean }>,
    deleteAfterCommit: boolean,
    deles: Promise<void>[],
    listed: Set<string>,
    relink: boolean,
  ): Promise<void> {
    const window = this.deps.window ?? 16;
    let fatal: unknown = null;
    const inflight = new Set<Promise<void>>();
    const one = async (f: { m: ServerMessage; partial: boolean; replace: boolean }) => {
      try {
        const raw = await this.retrieve(client, f.m, f.partial);
        const parsed = await parseInWorker(raw);
        const key = contentKey(raw);
        // A renamed UIDL whose headers we could not check before retrieval: recognise it now.
        const renamed =
          relink &&
          !f.replace &&
          this.port.linkByContentKey(this.account.id, f.m.uidl, key, listed) !== null;
        if (renamed) {
          this.log.info(
            `UIDL ${f.m.uidl} is a committed message under a new name: not stored again`,
          );
        } else {
          // The log so far goes in the message's own transaction: one disk write, not two.
          this.port.transaction(() => {
            this.log.flush();
            this.port.commit({
              accountId: this.account.id,
              uidl: f.m.uidl,
              raw,
              sessionId: this.sessionId,
              parsed,
              contentKey: key,
              partial: f.partial,
              replacePartial: f.replace,
            });
          });
          this.result.retrieved++;
        }
        this.progress.messagesDone++;
        this.progress.octetsDone += f.partial ? 0 : f.m.size;
        this.emitProgress();
        if (deleteAfterCommit && !f.partial && !client.closed) deles.push(this.dele(client, f.m));
      } catch (e) {
        if (e instanceof Pop3Error && !FATAL.has(e.kind) && !client.closed) {
          this.result.errors.push(issueFrom(e, f.m.uidl));
        } else if (fatal === null) {
          fatal = e;
        }
      }
    };
    for (const f of fetches) {
      if (fatal !== null) break;
      while (inflight.size >= window) await Promise.race(inflight);
      if (fatal !== null) break;
      const p: Promise<void> = one(f).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    if (fatal !== null) throw fatal;
  }

  /** RETR (or TOP n 0) into one buffer sized from LIST: the message is held once. */
  private async retrieve(
    client: Pop3Client,
    m: ServerMessage,
    headersOnly: boolean,
  ): Promise<Buffer> {
    let buf = Buffer.allocUnsafe(headersOnly ? 8192 : Math.max(m.size, 1024));
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
    if (headersOnly) await client.top(m.n, 0, sink);
    else await client.retr(m.n, sink);
    return buf.subarray(0, used);
  }

  private async dele(client: Pop3Client, m: ServerMessage): Promise<void> {
    try {
      await client.dele(m.n);
      // Recorded in one durable write before QUIT (see finish), not one disk write per DELE.
      this.deleAccepted.push(m.uidl);
      this.emitProgress();
    } catch (e) {
      // A refused DELE leaves the message committed: the next session tries again.
      if (e instanceof Pop3Error && !FATAL.has(e.kind))
        this.result.errors.push(issueFrom(e, m.uidl));
    }
  }

  private async finish(fatal: SyncIssue | null): Promise<void> {
    const client = this.client;
    let quitReply: string | null = null;
    // QUIT whenever the link is alive, even after an error: every DELE sent was for a committed
    // message, so reaching UPDATE is safe, and it keeps QUIT in the log (the founding bug).
    await Promise.all(this.deles);
    // The durability barrier: every commit is on disk before QUIT lets the server delete.
    this.port.durability('full');
    this.port.transaction(() => {
      this.log.flush();
      if (this.deleAccepted.length)
        this.port.markDeleSent(this.account.id, this.deleAccepted, this.sessionId);
    });
    if (client && !client.closed) {
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
    r.outcome = fatal ? 'error' : r.errors.length ? 'partial' : 'ok';
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
