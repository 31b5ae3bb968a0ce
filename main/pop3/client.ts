// One POP3 session: command queue, optional pipelining, reply matching, streamed bodies, QUIT.
// It never reorders commands, never buffers a whole message, and never leaves a promise unsettled.
import type { Socket } from 'node:net';
import { apopTimestamp } from './apop';
import { runAuthentication, type AuthSession } from './auth';
import {
  emptyCapabilities,
  needsCapaAfterLogin,
  parseCapabilities,
  type Capabilities,
} from './capabilities';
import { errFromReply, parseResponseText, Pop3Error } from './errors';
import {
  bodyLimit,
  CAPA_BOUND,
  DEFAULT_MAX_MESSAGE_OCTETS,
  DEFAULT_MIN_PROGRESS_OCTETS,
  DEFAULT_MIN_PROGRESS_WINDOW_MS,
  listingBound,
  type ReplyBound,
} from './limits';
import { LineReader, type LineReaderSink } from './line-reader';
import { ProtocolLog, redactClientLine } from './protocol-log';
import { classifySocketError, openTcp, startTls } from './transport';
import type {
  AuthOptions,
  ConnectOptions,
  QuitResult,
  ResolvedAuthMethod,
  SecurityInfo,
} from './types';

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_PIPELINE_WINDOW = 32;
// After QUIT's reply the server should close; if it does not, stop waiting after this long.
const CLOSE_GRACE_MS = 2_000;
// setTimeout fires at once beyond this; longer waits are re-armed in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

type ReplyShape = 'single' | 'lines' | 'body';

interface Reply {
  ok: boolean;
  text: string;
  lines: string[];
  octets: number;
}

interface CommandSpec {
  /** The line to send; null for the greeting, which is awaited without sending anything. */
  wire: string | null;
  /** What follows +OK. */
  shape?: ReplyShape;
  /** Must be alone in flight (login, CAPA, STLS, UTF8). */
  barrier?: boolean;
  /** A reply to a login command: a bare -ERR means bad credentials. */
  auth?: boolean;
  /** -ERR resolves (ok=false) instead of rejecting; QUIT uses it. */
  errIsResult?: boolean;
  onChunk?: (chunk: Buffer) => unknown;
  onChallenge?: (challenge: string) => string | PromiseLike<string>;
  /** Lines and octets a multi-line data reply may have. */
  bound?: ReplyBound;
  /** Octets a body may have. */
  maxOctets?: number;
  /** How the limit is named in an error, e.g. "message 3 (LIST said 1,200 octets)". */
  boundWhat?: string;
  /** Part of a login in progress: goes out before commands queued by the caller meanwhile. */
  internal?: boolean;
}

interface Command extends CommandSpec {
  log: string | undefined;
  verb: string;
  text: string;
  lines: string[];
  octets: number;
  /** Octets of the data lines received so far (lines mode). */
  lineOctets: number;
  chunkError?: { error: unknown };
  saslError?: { error: unknown };
  consumerWaits: Promise<unknown>[];
  resolve: (reply: Reply) => void;
  reject: (err: unknown) => void;
}

const OK = /^\+OK(?![A-Za-z0-9])/i;
const ERR = /^-ERR(?![A-Za-z0-9])/i;

function toPop3Error(err: unknown): Pop3Error {
  if (err instanceof Pop3Error) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new Pop3Error('protocol', `internal failure while reading a reply: ${message}`, {
    cause: err,
  });
}

function checkMessageNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`invalid message number ${n}`);
}

export interface BodyOptions {
  /**
   * The size LIST gave for the message: a hint, never an allocation size. A body longer than this
   * plus the margin in limits.ts ends the session with a protocol error (limit 'message-octets').
   */
  expectedOctets?: number;
  /** An absolute cap for this body; default ConnectOptions.maxMessageOctets. */
  maxOctets?: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export class Pop3Client {
  capabilities: Capabilities = emptyCapabilities();

  private socket: Socket;
  private security: SecurityInfo;
  private readonly options: ConnectOptions;
  private readonly log: ProtocolLog;
  private readonly reader: LineReader;
  private readonly idleTimeoutMs: number;
  private readonly window: number;
  private greetingText = '';
  private timestamp: string | undefined;
  private queue: Command[] = [];
  private inflight: Command[] = [];
  private fatal: Pop3Error | undefined;
  private quitSent = false;
  private pumpScheduled = false;
  private quitAnswered = false;
  private utf8Enabled = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineAt: number | undefined;
  private readonly minProgressOctets: number;
  private readonly minProgressWindowMs: number;
  private readonly maxMessageOctets: number;
  private windowOctets = 0;
  private windowCompleted = false;
  // The message count learned from STAT or a full LIST: it bounds later listings.
  private knownCount: number | undefined;
  private consumersPending = 0;
  // While > 0 the client itself is busy (e.g. computing a SASL response): no timer runs.
  private timersHeld = 0;
  // While > 0 a login runs: only its own (internal) commands may be written.
  private exclusive = 0;
  private authenticated = false;
  private readonly greetingReply: Promise<Reply>;

  private constructor(socket: Socket, options: ConnectOptions, security: SecurityInfo) {
    this.socket = socket;
    this.options = options;
    this.security = security;
    this.log = new ProtocolLog(options.onLog);
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.window = Math.max(1, Math.floor(options.pipelineWindow ?? DEFAULT_PIPELINE_WINDOW));
    this.minProgressOctets = options.minProgressOctets ?? DEFAULT_MIN_PROGRESS_OCTETS;
    this.minProgressWindowMs = options.minProgressWindowMs ?? DEFAULT_MIN_PROGRESS_WINDOW_MS;
    this.maxMessageOctets = options.maxMessageOctets ?? DEFAULT_MAX_MESSAGE_OCTETS;
    const sink: LineReaderSink = {
      statusLine: (line) => this.onStatusLine(line),
      dataLine: (line, octets) => this.onDataLine(line, octets),
      bodyChunk: (chunk) => this.onBodyChunk(chunk),
      multilineEnd: () => this.onMultilineEnd(),
    };
    this.reader = new LineReader(sink);
    this.greetingReply = new Promise<Reply>((resolve, reject) => {
      this.inflight.push(this.makeCommand({ wire: null }, resolve, reject));
    });
    this.reader.expect('status');
    this.attach(socket);
    this.armIdleTimer();
    this.startProgressWindow();
    if (options.deadline !== undefined) this.setDeadline(options.deadline);
  }

  /** Connects, reads the greeting and CAPA, and upgrades with STLS when configured. */
  static async connect(opts: ConnectOptions): Promise<Pop3Client> {
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new RangeError(`invalid port ${opts.port}`);
    }
    if (!['tls', 'starttls', 'none'].includes(opts.security)) {
      throw new RangeError(`invalid security ${String(opts.security)}`);
    }
    let socket: Socket = await openTcp(opts);
    let security: SecurityInfo = { security: 'none', pinned: false };
    if (opts.security === 'tls') {
      const upgraded = await startTls(socket, opts, 'tls');
      socket = upgraded.socket;
      security = upgraded.info;
    }
    const client = new Pop3Client(socket, opts, security);
    try {
      const greeting = await client.greetingReply;
      client.greetingText = greeting.text;
      client.timestamp = apopTimestamp(greeting.text);
      await client.loadCapabilities();
      if (opts.security === 'starttls') await client.upgradeWithStls();
      return client;
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** The greeting's text after "+OK". */
  get greeting(): string {
    return this.greetingText;
  }

  /** The greeting's "<...@...>" timestamp (APOP), brackets included. */
  get apopTimestamp(): string | undefined {
    return this.timestamp;
  }

  get securityInfo(): SecurityInfo {
    return this.security;
  }

  /** Pipelining in effect: the server offers it and the options did not turn it off. */
  get pipelining(): boolean {
    return this.options.pipelining !== false && this.capabilities.pipelining;
  }

  /** The server accepted UTF8 (RFC 6856) in this session. */
  get utf8Mode(): boolean {
    return this.utf8Enabled;
  }

  get closed(): boolean {
    return this.fatal !== undefined || this.quitAnswered;
  }

  /**
   * Ends the session at `epochMs` (undefined: no deadline) with a 'timeout' error whose limit is
   * 'deadline', unless QUIT is the command being answered (its reply stays bounded by the idle
   * and minimum-progress rules). limits.sessionDeadline() computes one that grows with the octets to
   * fetch. May be called again to move it.
   */
  setDeadline(epochMs: number | undefined): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.deadlineAt = epochMs;
    if (epochMs === undefined || this.closed) return;
    const wait = Math.min(Math.max(0, epochMs - Date.now()), MAX_TIMER_MS);
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      if (Date.now() < epochMs) {
        this.setDeadline(epochMs);
        return;
      }
      // A QUIT being answered may finish: it decides whether the server enters UPDATE.
      if (this.inflight[0]?.verb === 'QUIT') return;
      this.fail(
        new Pop3Error(
          'timeout',
          `session deadline ${new Date(epochMs).toISOString()} passed${this.pendingWhat()}`,
          { limit: 'deadline' },
        ),
      );
    }, wait);
    this.deadlineTimer.unref();
  }

  /** The deadline in effect (epoch ms), if any. */
  get deadline(): number | undefined {
    return this.deadlineAt;
  }

  /** Logs in; sends UTF8 first when offered and re-reads CAPA when a value is per user. */
  async authenticate(a: AuthOptions): Promise<{ method: ResolvedAuthMethod }> {
    if (this.authenticated || this.exclusive > 0) {
      throw new Error('authenticate() may run once per session');
    }
    // Commands the caller queues without awaiting the login must wait for it to finish.
    this.exclusive += 1;
    try {
      const result = await this.login(a);
      this.authenticated = true;
      return result;
    } finally {
      this.exclusive -= 1;
      this.pump();
    }
  }

  private async login(a: AuthOptions): Promise<{ method: ResolvedAuthMethod }> {
    if (this.capabilities.utf8 && !this.utf8Enabled) {
      try {
        await this.send({ wire: 'UTF8', barrier: true, internal: true });
        this.utf8Enabled = true;
      } catch (err) {
        if (!(err instanceof Pop3Error) || this.closed) throw err;
      }
    }
    const session: AuthSession = {
      capabilities: this.capabilities,
      apopTimestamp: this.timestamp,
      secure: this.security.security !== 'none',
      host: this.options.servername ?? this.options.host,
      port: this.options.port,
      command: async (line, onChallenge) =>
        (await this.send({ wire: line, barrier: true, auth: true, internal: true, onChallenge }))
          .text,
      abort: () => this.close(),
      isClosed: () => this.closed,
    };
    const method = await runAuthentication(session, a);
    if (needsCapaAfterLogin(this.capabilities)) {
      try {
        await this.capa(true);
      } catch (err) {
        if (!(err instanceof Pop3Error) || this.closed) throw err;
      }
    }
    return { method };
  }

  /** Sends CAPA and replaces `capabilities` with the answer. */
  refreshCapabilities(): Promise<Capabilities> {
    return this.capa(false);
  }

  private async capa(internal: boolean): Promise<Capabilities> {
    const reply = await this.send({
      wire: 'CAPA',
      shape: 'lines',
      barrier: true,
      internal,
      bound: CAPA_BOUND,
      boundWhat: 'CAPA',
    });
    this.capabilities = parseCapabilities(reply.lines);
    return this.capabilities;
  }

  async stat(): Promise<{ count: number; octets: number }> {
    const reply = await this.send({ wire: 'STAT' });
    const m = /^(\d+)\s+(\d+)/.exec(reply.text);
    if (!m) throw this.malformed('STAT', reply.text);
    const count = Number(m[1]);
    if (Number.isSafeInteger(count)) this.knownCount = count;
    return { count, octets: Number(m[2]) };
  }

  list(): Promise<Array<{ n: number; size: number }>>;
  list(n: number): Promise<{ n: number; size: number }>;
  async list(
    n?: number,
  ): Promise<Array<{ n: number; size: number }> | { n: number; size: number }> {
    const parse = (text: string, command: string): { n: number; size: number } => {
      const m = /^(\d+)\s+(\d+)(?:\s|$)/.exec(text.trim());
      if (!m) throw this.malformed(command, text);
      return { n: Number(m[1]), size: Number(m[2]) };
    };
    if (n === undefined) {
      const reply = await this.listing('LIST');
      return reply.lines.map((line) => parse(line, 'LIST'));
    }
    checkMessageNumber(n);
    const reply = await this.send({ wire: `LIST ${n}` });
    return parse(reply.text, `LIST ${n}`);
  }

  uidl(): Promise<Array<{ n: number; uid: string }>>;
  uidl(n: number): Promise<{ n: number; uid: string }>;
  async uidl(n?: number): Promise<Array<{ n: number; uid: string }> | { n: number; uid: string }> {
    const parse = (text: string, command: string): { n: number; uid: string } => {
      const m = /^(\d+)\s+([\x21-\x7e]+)$/.exec(text.trim());
      if (!m || m[2] === undefined) throw this.malformed(command, text);
      return { n: Number(m[1]), uid: m[2] };
    };
    if (n === undefined) {
      const reply = await this.listing('UIDL');
      return reply.lines.map((line) => parse(line, 'UIDL'));
    }
    checkMessageNumber(n);
    const reply = await this.send({ wire: `UIDL ${n}` });
    return parse(reply.text, `UIDL ${n}`);
  }

  /**
   * UIDL (or LIST) of every message, keeping the lines that do not parse apart instead of failing
   * the whole listing: one broken line is one message's problem.
   */
  async uidlTolerant(): Promise<{
    entries: Array<{ n: number; uid: string }>;
    malformed: string[];
  }> {
    const reply = await this.listing('UIDL');
    const entries: Array<{ n: number; uid: string }> = [];
    const malformed: string[] = [];
    for (const line of reply.lines) {
      const m = /^(\d+)\s+([\x21-\x7e]{1,70})$/.exec(line.trim());
      const n = Number(m?.[1]);
      if (m?.[2] !== undefined && Number.isSafeInteger(n) && n >= 1) entries.push({ n, uid: m[2] });
      else malformed.push(line);
    }
    return { entries, malformed };
  }

  async listTolerant(): Promise<{
    entries: Array<{ n: number; size: number }>;
    malformed: string[];
  }> {
    const reply = await this.listing('LIST');
    const entries: Array<{ n: number; size: number }> = [];
    const malformed: string[] = [];
    for (const line of reply.lines) {
      const m = /^(\d+)\s+(\d+)(?:\s|$)/.exec(line.trim());
      const n = Number(m?.[1]);
      const size = Number(m?.[2]);
      if (m && Number.isSafeInteger(n) && n >= 1 && Number.isSafeInteger(size)) {
        entries.push({ n, size });
      } else {
        malformed.push(line);
      }
    }
    return { entries, malformed };
  }

  /** The message count learned in this session (STAT, or a full LIST), which bounds listings. */
  get messageCount(): number | undefined {
    return this.knownCount;
  }

  private listing(verb: 'UIDL' | 'LIST'): Promise<Reply> {
    // Bounded by the count known when the command is written; LIST answered before UIDL counts.
    return this.send({ wire: verb, shape: 'lines', boundWhat: verb });
  }

  /**
   * Streams message n to onChunk as it arrives (unstuffed, terminator removed). If onChunk returns
   * a promise, reading pauses until it settles; if it throws, the rest of the body is read and
   * discarded and retr rejects with that error while the session goes on. A body beyond its bound
   * (see BodyOptions) ends the session with a protocol error before onChunk sees the excess.
   */
  async retr(
    n: number,
    onChunk: (chunk: Buffer) => void,
    opts: BodyOptions = {},
  ): Promise<{ octets: number }> {
    checkMessageNumber(n);
    const reply = await this.send({
      wire: `RETR ${n}`,
      shape: 'body',
      onChunk,
      ...this.bodyBound(`message ${n}`, opts),
    });
    return { octets: reply.octets };
  }

  async top(
    n: number,
    lines: number,
    onChunk: (chunk: Buffer) => void,
    opts: BodyOptions = {},
  ): Promise<{ octets: number }> {
    checkMessageNumber(n);
    if (!Number.isSafeInteger(lines) || lines < 0)
      throw new RangeError(`invalid line count ${lines}`);
    const reply = await this.send({
      wire: `TOP ${n} ${lines}`,
      shape: 'body',
      onChunk,
      ...this.bodyBound(`TOP of message ${n}`, opts),
    });
    return { octets: reply.octets };
  }

  private bodyBound(what: string, opts: BodyOptions): { maxOctets: number; boundWhat: string } {
    const absolute = Math.min(opts.maxOctets ?? Infinity, this.maxMessageOctets);
    const maxOctets = bodyLimit(opts.expectedOctets, absolute);
    const expected = opts.expectedOctets;
    const said =
      expected === undefined ? '' : ` (LIST said ${expected.toLocaleString('en-US')} octets)`;
    return { maxOctets, boundWhat: `${what}${said}` };
  }

  async dele(n: number): Promise<void> {
    checkMessageNumber(n);
    await this.send({ wire: `DELE ${n}` });
  }

  async rset(): Promise<void> {
    await this.send({ wire: 'RSET' });
  }

  async noop(): Promise<void> {
    await this.send({ wire: 'NOOP' });
  }

  /**
   * Ends the session through UPDATE. Resolves with ok=false when QUIT is answered -ERR; rejects
   * when no answer arrives (then nobody knows whether the server removed the DELE'd messages).
   */
  async quit(): Promise<QuitResult> {
    const reply = await this.send({ wire: 'QUIT', errIsResult: true });
    const { code, text } = parseResponseText(reply.text);
    return code === undefined ? { ok: reply.ok, text } : { ok: reply.ok, text, code };
  }

  /** Drops the connection without QUIT: the server must not enter UPDATE, so nothing is deleted. */
  close(): void {
    if (this.quitAnswered) {
      this.socket.destroy();
      return;
    }
    this.fail(new Pop3Error('connection', 'connection closed by the client'));
  }

  // ---- connection setup ------------------------------------------------------------------------

  private async loadCapabilities(): Promise<void> {
    try {
      await this.refreshCapabilities();
    } catch (err) {
      // A server without CAPA (RFC 1939 only) answers -ERR; everything stays "not offered".
      if (!(err instanceof Pop3Error) || this.closed) throw err;
      this.capabilities = emptyCapabilities();
    }
  }

  private async upgradeWithStls(): Promise<void> {
    const capaKnown = this.capabilities.raw.length > 0;
    if (capaKnown && !this.capabilities.stls) {
      throw new Pop3Error(
        'stls-unavailable',
        'the server does not offer STLS; refusing to go on unencrypted',
      );
    }
    try {
      await this.send({ wire: 'STLS', barrier: true });
    } catch (err) {
      if (err instanceof Pop3Error && !this.closed) {
        throw new Pop3Error(
          'stls-unavailable',
          `the server refused STLS: ${err.serverText ?? err.message}`,
          {
            code: err.code,
            serverText: err.serverText,
            command: 'STLS',
          },
        );
      }
      throw err;
    }
    if (this.fatal) throw this.fatal.withCommand('STLS');
    // Anything already received after the +OK was sent in clear and could be an injection.
    if (this.reader.buffered > 0) {
      throw new Pop3Error('protocol', 'server sent data after its STLS reply, before TLS started');
    }
    const plain = this.socket;
    this.detach(plain);
    plain.on('error', () => {
      // Errors of the wrapped socket surface on the TLS socket; this keeps a stray one harmless.
    });
    const { socket, info } = await startTls(plain, this.options, 'starttls');
    this.socket = socket;
    this.security = info;
    this.attach(socket);
    // RFC 2595 section 4: capabilities learned before TLS must be discarded.
    this.capabilities = emptyCapabilities();
    await this.loadCapabilities();
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: Socket): void {
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('error', this.onError);
    socket.removeListener('close', this.onClose);
  }

  // ---- command queue ---------------------------------------------------------------------------

  private makeCommand(
    spec: CommandSpec,
    resolve: (reply: Reply) => void,
    reject: (err: unknown) => void,
  ): Command {
    return {
      ...spec,
      log: spec.wire === null ? undefined : redactClientLine(spec.wire),
      verb: spec.wire === null ? 'GREETING' : (spec.wire.split(' ')[0] ?? '').toUpperCase(),
      text: '',
      lines: [],
      octets: 0,
      lineOctets: 0,
      consumerWaits: [],
      resolve,
      reject,
    };
  }

  private send(spec: CommandSpec & { wire: string }): Promise<Reply> {
    if (/[\r\n\0]/.test(spec.wire)) {
      return Promise.reject(new RangeError('a POP3 command must not contain CR, LF or NUL'));
    }
    const logText = redactClientLine(spec.wire);
    if (this.fatal) return Promise.reject(this.fatal.withCommand(logText));
    if (this.quitSent) {
      return Promise.reject(
        new Pop3Error('connection', 'the session is ending: QUIT was already sent', {
          command: logText,
        }),
      );
    }
    if (spec.wire.toUpperCase() === 'QUIT') this.quitSent = true;
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push(this.makeCommand(spec, resolve, reject));
      this.schedulePump();
    });
  }

  /**
   * Commands asked for in one go (the DELEs of a group of commits) leave in one write: the pump
   * runs once, after the caller's synchronous code, instead of once per command.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Writes queued commands: one at a time, or up to the window ahead when pipelining. */
  private pump(): void {
    if (this.fatal || this.quitAnswered) return;
    const wasIdle = this.inflight.length === 0;
    let out = '';
    while (this.queue.length > 0) {
      const at = this.exclusive > 0 ? this.queue.findIndex((c) => c.internal) : 0;
      const next = this.queue[at];
      if (next === undefined) break;
      const head = this.inflight[0];
      if (head !== undefined) {
        const canOverlap =
          this.pipelining && !next.barrier && !head.barrier && this.inflight.length < this.window;
        if (!canOverlap) break;
      }
      this.queue.splice(at, 1);
      this.inflight.push(next);
      out += `${next.wire}\r\n`;
      this.log.client(next.wire ?? '');
    }
    if (out === '') return;
    if (wasIdle) {
      this.reader.expect('status');
      this.armIdleTimer();
      this.startProgressWindow();
    }
    this.socket.write(out);
  }

  private complete(cmd: Command, outcome: { reply: Reply } | { error: unknown }): void {
    this.inflight.shift();
    this.windowCompleted = true;
    if (this.inflight.length > 0) this.reader.expect('status');
    else this.clearTimers();
    const settle = (): void => {
      // The client's own reason for cancelling a SASL exchange beats the server's -ERR to "*".
      if (cmd.saslError) cmd.reject(cmd.saslError.error);
      else if ('error' in outcome) cmd.reject(outcome.error);
      else if (cmd.chunkError) cmd.reject(cmd.chunkError.error);
      else cmd.resolve(outcome.reply);
    };
    if (cmd.consumerWaits.length > 0) void Promise.allSettled(cmd.consumerWaits).then(settle);
    else settle();
    if (cmd.verb === 'QUIT') this.finishQuit();
    // After the whole chunk of replies, not after each: one write refills the window, not one a reply.
    else this.schedulePump();
  }

  private finishQuit(): void {
    this.quitAnswered = true;
    this.clearTimers();
    this.setDeadline(undefined);
    this.reader.halt();
    const socket = this.socket;
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Ends the session after a failure: every command not yet answered rejects with `err`. */
  private fail(err: Pop3Error): void {
    if (this.fatal || this.quitAnswered) return;
    this.fatal = err;
    this.clearTimers();
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    const head = this.inflight[0];
    if (head?.shape === 'body' && this.reader.mode === 'body') this.log.body(head.octets);
    this.reader.halt();
    this.socket.destroy();
    const pending = [...this.inflight, ...this.queue];
    this.inflight = [];
    this.queue = [];
    for (const cmd of pending) cmd.reject(err.withCommand(cmd.log));
  }

  private malformed(command: string, text: string): Pop3Error {
    return new Pop3Error('protocol', `${command}: malformed reply "${text.slice(0, 200)}"`, {
      command,
      serverText: text,
    });
  }

  // ---- timers ----------------------------------------------------------------------------------

  /** True while the client waits for the server (not for its own consumer or computation). */
  private get waitingForServer(): boolean {
    return (
      this.inflight.length > 0 &&
      this.consumersPending === 0 &&
      this.timersHeld === 0 &&
      !this.fatal &&
      !this.quitAnswered
    );
  }

  private pendingWhat(): string {
    const head = this.inflight[0];
    if (head === undefined) return '';
    return head.log === undefined
      ? ' while waiting for the greeting'
      : ` while waiting for ${head.log}`;
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    if (!this.waitingForServer) return;
    this.idleTimer = setTimeout(() => {
      const head = this.inflight[0];
      this.fail(
        new Pop3Error(
          'timeout',
          `no reply${head?.log ? ` to ${head.log}` : ''} within ${this.idleTimeoutMs} ms (idle timeout)`,
          { limit: 'idle' },
        ),
      );
    }, this.idleTimeoutMs);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  // Minimum progress: each window in which a reply is awaited must bring minProgressOctets or
  // complete a reply. Windows restart whenever waiting restarts (after a pause for a consumer).
  private startProgressWindow(): void {
    this.clearProgressTimer();
    if (!this.waitingForServer) return;
    this.windowOctets = 0;
    this.windowCompleted = false;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      if (!this.waitingForServer) return;
      if (this.windowCompleted || this.windowOctets >= this.minProgressOctets) {
        this.startProgressWindow();
        return;
      }
      this.fail(
        new Pop3Error(
          'timeout',
          `server too slow: ${this.windowOctets} octets in ${this.minProgressWindowMs} ms${this.pendingWhat()} (minimum progress: ${this.minProgressOctets} octets per ${this.minProgressWindowMs} ms)`,
          { limit: 'min-progress' },
        ),
      );
    }, this.minProgressWindowMs);
  }

  private clearProgressTimer(): void {
    if (this.progressTimer !== undefined) clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
  }

  private clearTimers(): void {
    this.clearIdleTimer();
    this.clearProgressTimer();
  }

  // The client's own work (a consumer, a SASL computation) does not count against the server.
  private holdTimers(): void {
    this.timersHeld += 1;
    this.clearTimers();
  }

  private releaseTimers(): void {
    this.timersHeld -= 1;
    this.armIdleTimer();
    this.startProgressWindow();
  }

  // ---- socket events ---------------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    if (this.fatal || this.quitAnswered) return;
    this.windowOctets += chunk.length;
    this.armIdleTimer();
    try {
      this.reader.push(chunk);
    } catch (err) {
      this.fail(toPop3Error(err));
      return;
    }
    if (
      !this.fatal &&
      !this.quitAnswered &&
      this.reader.mode === 'idle' &&
      this.reader.buffered > 0
    ) {
      this.fail(new Pop3Error('protocol', 'server sent data that answers no command'));
    }
  };

  private readonly onEnd = (): void => {
    if (this.fatal || this.quitAnswered) return;
    const mode = this.reader.mode;
    if ((mode === 'lines' || mode === 'body') && this.reader.atLineBoundary) {
      this.fail(
        new Pop3Error(
          'protocol',
          'server closed the connection without ending its multi-line reply with "."',
        ),
      );
      return;
    }
    this.fail(
      new Pop3Error(
        'connection',
        this.inflight.length > 0
          ? 'server closed the connection before its reply was complete'
          : 'server closed the connection',
      ),
    );
  };

  private readonly onError = (err: Error): void => {
    this.fail(classifySocketError(err));
  };

  private readonly onClose = (): void => {
    this.clearTimers();
    this.fail(new Pop3Error('connection', 'connection closed'));
  };

  // ---- reply handling (called by the line reader) ------------------------------------------------

  private onStatusLine(line: string): void {
    const cmd = this.inflight[0];
    if (!cmd) throw new Pop3Error('protocol', 'server sent a reply with no command outstanding');
    this.log.server(line);
    if (cmd.onChallenge && !OK.test(line) && line.startsWith('+')) {
      this.answerChallenge(cmd, line.slice(1).trim());
      return;
    }
    if (OK.test(line)) {
      cmd.text = line.slice(3).trim();
      if (cmd.shape === 'lines') this.reader.expect('lines');
      else if (cmd.shape === 'body') this.reader.expect('body');
      else this.complete(cmd, { reply: this.replyOf(cmd, true) });
      return;
    }
    if (ERR.test(line)) {
      const text = line.slice(4).trim();
      cmd.text = text;
      if (cmd.errIsResult) {
        this.complete(cmd, { reply: this.replyOf(cmd, false) });
        return;
      }
      const error = errFromReply(text, cmd.log, cmd.auth === true, this.capabilities.authRespCode);
      this.complete(cmd, { error });
      return;
    }
    throw new Pop3Error('protocol', `malformed reply "${line.slice(0, 200)}"`, {
      command: cmd.log,
      serverText: line,
    });
  }

  private answerChallenge(cmd: Command, challenge: string): void {
    this.reader.expect('status');
    let response: string | PromiseLike<string> = '*';
    if (!cmd.saslError && cmd.onChallenge) {
      try {
        response = cmd.onChallenge(challenge);
      } catch (error) {
        cmd.saslError = { error };
      }
    }
    if (!isThenable(response)) {
      this.writeChallengeResponse(cmd, response);
      return;
    }
    // An expensive response (SCRAM's PBKDF2) is computed off the main thread; the server waits.
    this.holdTimers();
    void Promise.resolve(response)
      .then(
        (value) => value,
        (error: unknown) => {
          cmd.saslError ??= { error };
          return '*';
        },
      )
      .then((value) => {
        this.releaseTimers();
        this.writeChallengeResponse(cmd, value);
      });
  }

  private writeChallengeResponse(cmd: Command, response: string): void {
    if (this.closed || this.inflight[0] !== cmd) return;
    this.log.client(response, true);
    this.armIdleTimer();
    this.socket.write(`${response}\r\n`);
  }

  private onDataLine(line: string, octets: number): void {
    const cmd = this.inflight[0];
    if (!cmd) return;
    cmd.bound ??= listingBound(this.knownCount);
    cmd.lineOctets += octets;
    if (cmd.lines.length >= cmd.bound.maxLines || cmd.lineOctets > cmd.bound.maxOctets) {
      const lines = cmd.lines.length >= cmd.bound.maxLines;
      throw new Pop3Error(
        'protocol',
        lines
          ? `${cmd.boundWhat ?? cmd.verb} reply longer than ${cmd.bound.maxLines.toLocaleString('en-US')} lines`
          : `${cmd.boundWhat ?? cmd.verb} reply longer than ${cmd.bound.maxOctets.toLocaleString('en-US')} octets`,
        { command: cmd.log, limit: lines ? 'reply-lines' : 'reply-octets' },
      );
    }
    this.log.server(line);
    cmd.lines.push(line);
  }

  private onBodyChunk(chunk: Buffer): void {
    const cmd = this.inflight[0];
    if (!cmd) return;
    const max = cmd.maxOctets ?? this.maxMessageOctets;
    if (cmd.octets + chunk.length > max) {
      throw new Pop3Error(
        'protocol',
        `${cmd.boundWhat ?? cmd.verb} is longer than the ${max.toLocaleString('en-US')} octets allowed; stopped reading it`,
        { command: cmd.log, limit: 'message-octets' },
      );
    }
    cmd.octets += chunk.length;
    if (cmd.chunkError || !cmd.onChunk) return;
    let result: unknown;
    try {
      result = cmd.onChunk(chunk);
    } catch (error) {
      cmd.chunkError = { error };
      return;
    }
    if (isThenable(result)) this.waitForConsumer(cmd, result);
  }

  // Back-pressure: a consumer that returns a promise pauses the socket until it settles.
  private waitForConsumer(cmd: Command, pending: PromiseLike<unknown>): void {
    this.consumersPending += 1;
    this.clearTimers();
    this.socket.pause();
    const done = Promise.resolve(pending).then(
      () => undefined,
      (error: unknown) => {
        cmd.chunkError ??= { error };
      },
    );
    cmd.consumerWaits.push(done);
    void done.then(() => {
      this.consumersPending -= 1;
      if (this.consumersPending === 0 && !this.closed) {
        this.socket.resume();
        this.armIdleTimer();
        this.startProgressWindow();
      }
    });
  }

  private onMultilineEnd(): void {
    const cmd = this.inflight[0];
    if (!cmd) return;
    if (cmd.shape === 'body') this.log.body(cmd.octets);
    this.log.server('.');
    if (cmd.wire === 'LIST') this.knownCount ??= cmd.lines.length;
    this.complete(cmd, { reply: this.replyOf(cmd, true) });
  }

  private replyOf(cmd: Command, ok: boolean): Reply {
    return { ok, text: cmd.text, lines: cmd.lines, octets: cmd.octets };
  }
}
