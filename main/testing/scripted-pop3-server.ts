// A small, scriptable POP3 server on 127.0.0.1 for tests: a real mailbox with RFC 1939 UPDATE
// semantics plus fault hooks. Test-only: it records every line it receives, secrets included.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface ScriptedMessage {
  /** The UIDL; assigned ("m1", "m2", ...) when left out, and then stable across sessions. */
  uid?: string;
  /** The message as stored (CRLF line ends); stuffed by the server on the way out. */
  body: Buffer;
}

/** Selects received lines. `nth` counts lines matching command (and arg) within one session. */
export interface CommandMatch {
  /** Upper-case verb ('DELE'), or 'GREETING' for the banner in errOn/rawOn. */
  command: string;
  /** Only when the argument text equals this, e.g. '3' for "DELE 3". */
  arg?: string;
  /** Only the nth matching line of a session (1-based); every one when left out. */
  nth?: number;
  /** Only in this session (1-based, in order of connection); every session when left out. */
  session?: number;
}

export interface ErrRule extends CommandMatch {
  /** Text after "-ERR ", e.g. '[SYS/TEMP] try later'. The command is not executed. */
  text?: string;
}

export interface RawRule extends CommandMatch {
  /** Written verbatim instead of the reply; the command is not executed. */
  bytes: string | Buffer;
  /** Afterwards: keep serving (default), close the connection, or never answer again. */
  then?: 'continue' | 'close' | 'hang';
}

export interface ScriptedFaults {
  /** Close upon receiving the k-th line of a session (1-based, SASL lines count): not executed, no reply. */
  dropAfterCommand?: number;
  /** Execute the k-th line (a QUIT enters UPDATE), then close without replying. */
  dropAfterExecuting?: number;
  /** RETR of this message number: +OK and part of the body (half, or afterOctets), then close mid-line. */
  dropMidRetr?: number | { message: number; afterOctets?: number };
  /** RETR of this message number: the whole body but no "." line, then a clean close. */
  missingTerminator?: number;
  /** Answer matching lines with -ERR (default text '[SYS/TEMP] scripted failure'). */
  errOn?: ErrRule | ErrRule[];
  /** Answer matching lines with raw bytes (malformed, overlong, garbage). */
  rawOn?: RawRule | RawRule[];
  /** Never answer a matching line; the connection stays open. */
  silentOn?: CommandMatch;
  /** Wait this long before every reply (not the greeting). */
  slowReplyMs?: number;
  /**
   * Withhold the replies to lines from position `from` on until line `until` of the session has
   * arrived: only a client that writes ahead gets answers, and how far ahead it wrote is visible.
   */
  holdReplies?: { from: number; until: number };
  /** SCRAM-SHA-256: send a wrong server signature. */
  badScramSignature?: boolean;
  /**
   * Answer a matching line with `status`, then write `chunk` again and again (each write waits for
   * the socket to drain, and `intervalMs` when set) until `total` octets or the client hangs up:
   * an endless reply, an oversized body, or a trickle.
   */
  streamOn?: StreamRule | StreamRule[];
}

export interface StreamRule extends CommandMatch {
  /** The status line, CRLF added; default '+OK'. Empty for none (a trickled status line). */
  status?: string;
  chunk: string | Buffer;
  intervalMs?: number;
  /** Stop after this many octets of chunks (then `ending`, e.g. ".\r\n"); default never. */
  total?: number;
  ending?: string | Buffer;
}

export interface ScriptedServerOptions {
  mailbox?: ScriptedMessage[];
  /** user -> password (also the OAuth token for XOAUTH2 / OAUTHBEARER). Default { user: 'secret' }. */
  users?: Record<string, string>;
  /** CAPA lines before login; false makes CAPA answer -ERR. Default: see defaultCapabilities(). */
  capabilities?: string[] | false;
  /** CAPA lines after login; default the same as before login (without STLS). */
  capabilitiesAfterLogin?: string[];
  /** Put an APOP timestamp in the greeting; default true. */
  apop?: boolean;
  /**
   * user -> APOP secret. When given, only these users can log in with APOP (the others get
   * `apopRejectText`), as GNU Mailutils does for users without an APOP secret.
   */
  apopSecrets?: Record<string, string>;
  /** The -ERR text for a refused APOP; default '[AUTH] APOP failed'. */
  apopRejectText?: string;
  /** Commands served whatever CAPA says (a server that implements UIDL or TOP but does not list it). */
  supports?: { uidl?: boolean; top?: boolean };
  /** SCRAM-SHA-256 iteration count the server asks for; default 4096. */
  scramIterations?: number;
  /** Key and certificate (PEM) for STLS and implicit TLS. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Speak TLS from the first byte (port 995 style); needs tls. */
  implicitTls?: boolean;
  /** RFC 2449 EXPIRE 0: UPDATE also removes every message RETR or TOP sent (list 'EXPIRE 0' in CAPA). */
  expireZero?: boolean;
  /** A second login while a session holds the mailbox gets -ERR [IN-USE]; default true. */
  lockMailbox?: boolean;
  faults?: ScriptedFaults;
}

export interface ReceivedLine {
  /** 1-based session number. */
  session: number;
  /** 1-based position of the line within its session. */
  index: number;
  line: string;
  /** Lines of this session received and not yet answered when it arrived, itself included. */
  inFlight: number;
}

export interface ScriptedServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The mailbox as it is now (deletions appear only after a QUIT from TRANSACTION). */
  mailbox(): ScriptedMessage[];
  setMailbox(messages: ScriptedMessage[]): void;
  /** Every line received, all sessions, in order, verbatim. */
  readonly commands: string[];
  readonly received: ReceivedLine[];
  /** Lines received in one session. */
  commandsOf(session: number): string[];
  /** Connections accepted so far. */
  readonly sessions: number;
  /** Connections still open on the server side (a client that leaks a socket keeps one here). */
  readonly openConnections: number;
  /** Sessions that reached UPDATE (QUIT from TRANSACTION answered +OK). */
  readonly updates: number;
  setFaults(faults: ScriptedFaults): void;
  /** The key and certificate for connections from now on (a server whose certificate changed). */
  setTls(tls: { key: string | Buffer; cert: string | Buffer }): void;
  /** Resolves once no session is open. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function defaultCapabilities(opts: { stls?: boolean } = {}): string[] {
  return [
    'TOP',
    'USER',
    'UIDL',
    'RESP-CODES',
    'AUTH-RESP-CODE',
    'PIPELINING',
    'SASL PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 XOAUTH2 OAUTHBEARER',
    'IMPLEMENTATION scripted-pop3',
    ...(opts.stls ? ['STLS'] : []),
  ];
}

/**
 * Byte-stuffs a message for a multi-line reply and appends the terminator (RFC 1939 §3). Lines end
 * at CRLF only: a bare LF is content, so a dot after it is sent as is (as a server that keeps
 * bare-LF line ends does).
 */
export function stuffBody(body: Buffer, terminate = true): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  if (body[0] === 0x2e) parts.push(Buffer.from('.'));
  for (;;) {
    const at = body.indexOf('\r\n.', start, 'latin1');
    if (at < 0) break;
    parts.push(body.subarray(start, at + 2), Buffer.from('.'));
    start = at + 2;
  }
  parts.push(body.subarray(start));
  const endsWithCrlf =
    body.length >= 2 && body[body.length - 2] === 0x0d && body[body.length - 1] === 0x0a;
  if (body.length > 0 && !endsWithCrlf) parts.push(Buffer.from('\r\n'));
  if (terminate) parts.push(Buffer.from('.\r\n'));
  return Buffer.concat(parts);
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function b64(text: string | Buffer): string {
  return Buffer.from(text).toString('base64');
}

interface MailItem {
  uid: string;
  body: Buffer;
}

interface ServerState {
  options: ScriptedServerOptions;
  faults: ScriptedFaults;
  mailbox: MailItem[];
  uidSeq: number;
  commands: string[];
  received: ReceivedLine[];
  sessions: number;
  updates: number;
  lockedBy: number | null;
  open: Set<Session>;
}

type Continuation = (line: string, reply: (text: string) => void) => void;

class Session {
  private socket: Socket;
  private buffer = '';
  private readonly lines: string[] = [];
  private running = false;
  private unanswered = 0;
  private index = 0;
  private dead = false;
  private hung = false;
  private state: 'authorization' | 'transaction' = 'authorization';
  private user: string | undefined;
  private pendingUser: string | undefined;
  private messages: MailItem[] = [];
  private readonly deleted = new Set<number>();
  private readonly touched = new Set<number>();
  private readonly matchCounts = new Map<object, number>();
  private continuation: Continuation | undefined;
  private closeAfterFlush = false;
  private tlsActive = false;
  private readonly timestamp: string;

  constructor(
    private readonly shared: ServerState,
    socket: Socket,
    readonly id: number,
  ) {
    this.socket = socket;
    this.timestamp = `<${process.pid}.${id}.${Date.now()}@scripted.test>`;
  }

  private get options(): ScriptedServerOptions {
    return this.shared.options;
  }

  private get faults(): ScriptedFaults {
    return this.shared.faults;
  }

  start(): void {
    this.listen(this.socket);
    const greetErr = this.findRule(asList(this.faults.errOn), 'GREETING', '');
    const greetRaw = this.findRule(asList(this.faults.rawOn), 'GREETING', '');
    if (greetRaw) {
      this.write(greetRaw.bytes);
      this.after(greetRaw.then);
      return;
    }
    if (greetErr) {
      this.write(`-ERR ${greetErr.text ?? '[SYS/TEMP] scripted failure'}\r\n`);
      this.kill();
      return;
    }
    const stamp = this.options.apop === false ? '' : ` ${this.timestamp}`;
    this.write(`+OK scripted POP3 ready${stamp}\r\n`);
  }

  setTls(active: boolean): void {
    this.tlsActive = active;
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.releaseLock();
    this.socket.end();
  }

  destroy(): void {
    this.dead = true;
    this.releaseLock();
    this.socket.destroy();
  }

  releaseLock(): void {
    if (this.shared.lockedBy === this.id) this.shared.lockedBy = null;
  }

  private listen(socket: Socket): void {
    socket.setEncoding('latin1');
    socket.on('data', this.onData);
    socket.once('close', () => {
      this.dead = true;
    });
  }

  private readonly onData = (data: string): void => {
    if (this.dead) return;
    this.buffer += data;
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = Buffer.from(this.buffer.slice(0, nl).replace(/\r$/, ''), 'latin1').toString(
        'utf8',
      );
      this.buffer = this.buffer.slice(nl + 1);
      this.index += 1;
      this.unanswered += 1;
      const entry = { session: this.id, index: this.index, line, inFlight: this.unanswered };
      this.shared.commands.push(line);
      this.shared.received.push(entry);
      this.lines.push(line);
    }
    void this.run();
  };

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.lines.length > 0 && !this.dead && !this.hung) {
        const position = this.index - this.lines.length + 1;
        const hold = this.faults.holdReplies;
        if (hold && position >= hold.from && this.index < hold.until) break;
        const line = this.lines.shift()!;
        await this.handle(line, position);
        this.unanswered -= 1;
      }
    } finally {
      this.running = false;
    }
  }

  private write(data: string | Buffer): void {
    if (this.dead) return;
    this.socket.write(data);
  }

  private after(then: RawRule['then']): void {
    if (then === 'close') this.kill();
    else if (then === 'hang') this.hung = true;
  }

  private findRule<T extends CommandMatch>(rules: T[], verb: string, arg: string): T | undefined {
    for (const rule of rules) {
      if (rule.command.toUpperCase() !== verb) continue;
      if (rule.arg !== undefined && rule.arg !== arg) continue;
      if (rule.session !== undefined && rule.session !== this.id) continue;
      const count = (this.matchCounts.get(rule) ?? 0) + 1;
      this.matchCounts.set(rule, count);
      if (rule.nth !== undefined && rule.nth !== count) continue;
      return rule;
    }
    return undefined;
  }

  private async handle(line: string, position: number): Promise<void> {
    const faults = this.faults;
    if (faults.dropAfterCommand === position) {
      this.kill();
      return;
    }
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const arg = space < 0 ? '' : line.slice(space + 1);
    const continuation = this.continuation;
    const matchVerb = continuation ? '' : verb;
    if (faults.slowReplyMs) await delay(faults.slowReplyMs);
    if (this.dead) return;

    const err = this.findRule(asList(faults.errOn), matchVerb, arg);
    if (err) {
      this.continuation = undefined;
      this.write(`-ERR ${err.text ?? '[SYS/TEMP] scripted failure'}\r\n`);
      if (verb === 'QUIT') this.kill();
      return;
    }
    const raw = this.findRule(asList(faults.rawOn), matchVerb, arg);
    if (raw) {
      this.write(raw.bytes);
      this.after(raw.then);
      return;
    }
    const stream = this.findRule(asList(faults.streamOn), matchVerb, arg);
    if (stream) {
      await this.stream(stream);
      return;
    }
    if (faults.silentOn && this.findRule([faults.silentOn], matchVerb, arg)) {
      this.hung = true;
      return;
    }

    const out: Array<string | Buffer> = [];
    const reply = (text: string): void => {
      out.push(`${text}\r\n`);
    };
    if (continuation) {
      this.continuation = undefined;
      continuation(line, reply);
      this.flush(out, position);
      return;
    }
    await this.execute(verb, arg, reply, out);
    this.flush(out, position);
  }

  private async stream(rule: StreamRule): Promise<void> {
    const status = rule.status ?? '+OK';
    if (status !== '') this.write(`${status}\r\n`);
    const chunk = Buffer.from(rule.chunk);
    let sent = 0;
    while (!this.dead && (rule.total === undefined || sent < rule.total)) {
      const piece = rule.total === undefined ? chunk : chunk.subarray(0, rule.total - sent);
      sent += piece.length;
      const drained = this.socket.write(piece);
      if (rule.intervalMs !== undefined) await delay(rule.intervalMs);
      else if (!drained) await new Promise<void>((r) => this.whenDrainedOrClosed(r));
      else await new Promise<void>((r) => setImmediate(r));
    }
    if (rule.ending !== undefined) this.write(rule.ending);
  }

  private whenDrainedOrClosed(resume: () => void): void {
    const done = (): void => {
      this.socket.removeListener('drain', done);
      this.socket.removeListener('close', done);
      resume();
    };
    this.socket.once('drain', done);
    this.socket.once('close', done);
  }

  // Sends what a command produced, unless the script drops the connection instead.
  private flush(out: Array<string | Buffer>, position: number): void {
    if (this.faults.dropAfterExecuting === position) {
      this.kill();
      return;
    }
    for (const piece of out) this.write(piece);
    if (this.closeAfterFlush) this.kill();
  }

  private capabilityLines(): string[] | false {
    const o = this.options;
    if (o.capabilities === false) return false;
    const stlsOffered = o.tls !== undefined && !o.implicitTls && !this.tlsActive;
    if (this.state === 'transaction' && o.capabilitiesAfterLogin) return o.capabilitiesAfterLogin;
    const base = o.capabilities ?? defaultCapabilities({ stls: stlsOffered });
    // Once TLS is up, STLS is no longer offered (RFC 2595 section 4).
    return this.tlsActive ? base.filter((c) => c.toUpperCase() !== 'STLS') : base;
  }

  private has(capability: string): boolean {
    const supports = this.options.supports;
    if (capability === 'UIDL' && supports?.uidl !== undefined) return supports.uidl;
    if (capability === 'TOP' && supports?.top !== undefined) return supports.top;
    const lines = this.capabilityLines();
    if (lines === false) return true;
    return lines.some((l) => l.toUpperCase().split(/\s+/)[0] === capability);
  }

  private offersSasl(mech: string): boolean {
    const lines = this.capabilityLines();
    if (lines === false) return true;
    return lines.some((l) => {
      const t = l.toUpperCase().split(/\s+/);
      return t[0] === 'SASL' && t.includes(mech);
    });
  }

  private multi(out: Array<string | Buffer>, status: string, lines: string[]): void {
    const body = lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
    out.push(`${status}\r\n${body}${lines.length ? '\r\n' : ''}.\r\n`);
  }

  private message(arg: string, reply: (t: string) => void): { n: number; item: MailItem } | null {
    const n = Number(arg.trim().split(/\s+/)[0]);
    const item = Number.isInteger(n) && n >= 1 ? this.messages[n - 1] : undefined;
    if (!item || this.deleted.has(n)) {
      reply(`-ERR no such message ${arg}`);
      return null;
    }
    return { n, item };
  }

  private async execute(
    verb: string,
    arg: string,
    reply: (text: string) => void,
    out: Array<string | Buffer>,
  ): Promise<void> {
    const inTransaction = this.state === 'transaction';
    switch (verb) {
      case 'CAPA': {
        const caps = this.capabilityLines();
        if (caps === false) reply('-ERR unknown command');
        else this.multi(out, '+OK capability list follows', caps);
        return;
      }
      case 'NOOP':
        return reply(inTransaction ? '+OK' : '-ERR not logged in');
      case 'UTF8':
        if (!this.has('UTF8')) return reply('-ERR unknown command');
        return reply('+OK UTF8 enabled');
      case 'QUIT': {
        if (inTransaction) {
          const expunged = this.options.expireZero
            ? [...this.deleted, ...this.touched]
            : this.deleted;
          const gone = new Set([...expunged].map((n) => this.messages[n - 1]));
          this.shared.mailbox = this.shared.mailbox.filter((m) => !gone.has(m));
          this.shared.updates += 1;
          this.releaseLock();
        }
        reply('+OK bye');
        this.closeAfterFlush = true;
        return;
      }
      case 'STLS': {
        const tls = this.options.tls;
        if (!tls || this.options.implicitTls || this.tlsActive || inTransaction) {
          return reply('-ERR STLS not available');
        }
        // The +OK goes out in clear, then the same socket carries TLS.
        this.socket.write('+OK begin TLS\r\n');
        this.socket.removeListener('data', this.onData);
        this.buffer = '';
        this.lines.length = 0;
        const secure = new TLSSocket(this.socket, { isServer: true, key: tls.key, cert: tls.cert });
        secure.on('error', () => undefined);
        this.socket = secure;
        this.tlsActive = true;
        this.listen(secure);
        return;
      }
    }
    if (!inTransaction) {
      await this.authorization(verb, arg, reply);
      return;
    }
    switch (verb) {
      case 'STAT': {
        const live = this.messages.filter((_, i) => !this.deleted.has(i + 1));
        return reply(`+OK ${live.length} ${live.reduce((s, m) => s + m.body.length, 0)}`);
      }
      case 'LIST':
      case 'UIDL': {
        if (verb === 'UIDL' && !this.has('UIDL')) return reply('-ERR unknown command');
        const show = (n: number, m: MailItem): string =>
          `${n} ${verb === 'LIST' ? m.body.length : m.uid}`;
        if (arg.trim() !== '') {
          const found = this.message(arg, reply);
          if (found) reply(`+OK ${show(found.n, found.item)}`);
          return;
        }
        const lines = this.messages
          .map((m, i) => (this.deleted.has(i + 1) ? null : show(i + 1, m)))
          .filter((l): l is string => l !== null);
        return this.multi(out, `+OK ${lines.length} messages`, lines);
      }
      case 'RETR':
        return this.retr(arg, reply, out);
      case 'TOP': {
        if (!this.has('TOP')) return reply('-ERR unknown command');
        const count = Number(arg.trim().split(/\s+/)[1]);
        if (!Number.isInteger(count) || count < 0) return reply('-ERR bad line count');
        const found = this.message(arg, reply);
        if (!found) return;
        this.touched.add(found.n);
        const text = found.item.body.toString('latin1');
        const split = text.indexOf('\r\n\r\n');
        const head = split < 0 ? text : text.slice(0, split + 4);
        const rest = split < 0 ? [] : text.slice(split + 4).split('\r\n');
        const part =
          head +
          rest
            .slice(0, count)
            .map((l) => `${l}\r\n`)
            .join('');
        out.push('+OK top follows\r\n', stuffBody(Buffer.from(part, 'latin1')));
        return;
      }
      case 'DELE': {
        const found = this.message(arg, reply);
        if (!found) return;
        this.deleted.add(found.n);
        return reply(`+OK message ${found.n} deleted`);
      }
      case 'RSET':
        this.deleted.clear();
        return reply('+OK');
      default:
        return reply('-ERR unknown command');
    }
  }

  private retr(arg: string, reply: (text: string) => void, out: Array<string | Buffer>): void {
    const found = this.message(arg, reply);
    if (!found) return;
    this.touched.add(found.n);
    const faults = this.faults;
    const drop =
      typeof faults.dropMidRetr === 'number' ? { message: faults.dropMidRetr } : faults.dropMidRetr;
    const stuffed = stuffBody(found.item.body, false);
    if (drop && drop.message === found.n) {
      let cut = Math.min(drop.afterOctets ?? Math.floor(stuffed.length / 2), stuffed.length - 1);
      // Never cut right after a line end: the client must see a half line.
      while (cut > 1 && stuffed[cut - 1] === 0x0a) cut -= 1;
      out.push(`+OK ${found.item.body.length} octets\r\n`, stuffed.subarray(0, Math.max(cut, 1)));
      this.closeAfterFlush = true;
      return;
    }
    if (faults.missingTerminator === found.n) {
      out.push(`+OK ${found.item.body.length} octets\r\n`, stuffed);
      this.closeAfterFlush = true;
      return;
    }
    out.push(`+OK ${found.item.body.length} octets\r\n`, stuffed, '.\r\n');
  }

  // ---- AUTHORIZATION state ----------------------------------------------------------------------

  private login(user: string, password: string, reply: (text: string) => void): void {
    const expected = (this.options.users ?? { user: 'secret' })[user];
    if (expected === undefined || expected !== password) {
      reply('-ERR [AUTH] invalid user name or password');
      return;
    }
    this.grant(user, reply);
  }

  private grant(user: string, reply: (text: string) => void): void {
    const locked = this.shared.lockedBy;
    if ((this.options.lockMailbox ?? true) && locked !== null && locked !== this.id) {
      reply('-ERR [IN-USE] mailbox locked by another session');
      return;
    }
    this.shared.lockedBy = this.id;
    this.user = user;
    this.state = 'transaction';
    this.messages = [...this.shared.mailbox];
    this.deleted.clear();
    reply(`+OK ${user} has ${this.messages.length} messages`);
  }

  private passwordOf(user: string): string | undefined {
    return (this.options.users ?? { user: 'secret' })[user];
  }

  private async authorization(
    verb: string,
    arg: string,
    reply: (text: string) => void,
  ): Promise<void> {
    switch (verb) {
      case 'USER':
        if (!this.has('USER')) return reply('-ERR unknown command');
        this.pendingUser = arg;
        return reply('+OK send PASS');
      case 'PASS': {
        const user = this.pendingUser;
        this.pendingUser = undefined;
        if (user === undefined) return reply('-ERR USER first');
        return this.login(user, arg, reply);
      }
      case 'APOP': {
        const [user = '', digest = ''] = arg.split(' ');
        const secrets = this.options.apopSecrets;
        const password = secrets ? secrets[user] : this.passwordOf(user);
        const expected =
          password === undefined
            ? ''
            : createHash('md5')
                .update(this.timestamp + password, 'utf8')
                .digest('hex');
        if (this.options.apop === false || expected === '' || expected !== digest.toLowerCase()) {
          return reply(`-ERR ${this.options.apopRejectText ?? '[AUTH] APOP failed'}`);
        }
        return this.grant(user, reply);
      }
      case 'AUTH':
        return this.auth(arg, reply);
      case 'STAT':
      case 'LIST':
      case 'UIDL':
      case 'RETR':
      case 'TOP':
      case 'DELE':
      case 'RSET':
        return reply('-ERR not logged in');
      default:
        return reply('-ERR unknown command');
    }
  }

  // SASL: a "+ " challenge answers one line; the client's next line goes to `next`.
  private expectResponse(
    reply: (text: string) => void,
    challenge: string,
    next: (line: string, reply: (text: string) => void) => void,
  ): void {
    reply(`+ ${challenge}`);
    this.continuation = (line, r) => {
      if (line === '*') r('-ERR authentication cancelled');
      else next(line, r);
    };
  }

  private auth(arg: string, reply: (text: string) => void): void {
    const [mechRaw = '', initial] = arg.split(' ');
    const mech = mechRaw.toUpperCase();
    if (!this.offersSasl(mech)) return reply('-ERR unsupported mechanism');
    const decode = (text: string): Buffer => Buffer.from(text === '=' ? '' : text, 'base64');
    const withInitial = (handler: (data: Buffer, r: (t: string) => void) => void): void => {
      if (initial !== undefined) handler(decode(initial), reply);
      else this.expectResponse(reply, '', (line, r) => handler(decode(line), r));
    };
    switch (mech) {
      case 'PLAIN':
        return withInitial((data, r) => {
          const [, user = '', password = ''] = data.toString('utf8').split('\0');
          this.login(user, password, r);
        });
      case 'LOGIN':
        return this.expectResponse(reply, b64('Username:'), (u, r1) =>
          this.expectResponse(r1, b64('Password:'), (p, r2) =>
            this.login(decode(u).toString('utf8'), decode(p).toString('utf8'), r2),
          ),
        );
      case 'CRAM-MD5': {
        const challenge = `<${randomBytes(6).toString('hex')}.${Date.now()}@scripted.test>`;
        return this.expectResponse(reply, b64(challenge), (line, r) => {
          const [user = '', digest = ''] = decode(line).toString('utf8').split(' ');
          const password = this.passwordOf(user);
          const expected =
            password === undefined
              ? ''
              : createHmac('md5', password).update(challenge).digest('hex');
          if (expected === '' || expected !== digest) return r('-ERR [AUTH] CRAM-MD5 failed');
          this.grant(user, r);
        });
      }
      case 'SCRAM-SHA-256':
        return withInitial((data, r) => this.scramFirst(data.toString('utf8'), r));
      case 'XOAUTH2':
        return withInitial((data, r) => {
          const m = /^user=([^\x01]*)\x01auth=Bearer ([^\x01]*)\x01\x01$/.exec(
            data.toString('utf8'),
          );
          this.bearer(m?.[1], m?.[2], r);
        });
      case 'OAUTHBEARER':
        return withInitial((data, r) => {
          const text = data.toString('utf8');
          const user = /^n,a=([^,]*),/.exec(text)?.[1]?.replace(/=2C/g, ',').replace(/=3D/g, '=');
          const token = /\x01auth=Bearer ([^\x01]*)\x01/.exec(text)?.[1];
          this.bearer(user, token, r);
        });
      default:
        return reply('-ERR unsupported mechanism');
    }
  }

  private bearer(
    user: string | undefined,
    token: string | undefined,
    r: (t: string) => void,
  ): void {
    if (user !== undefined && token !== undefined && this.passwordOf(user) === token) {
      return this.grant(user, r);
    }
    // RFC 7628 and XOAUTH2: an error challenge, acknowledged by the client, then -ERR.
    this.expectResponse(r, b64('{"status":"401","schemes":"bearer"}'), (_line, r2) =>
      r2('-ERR [AUTH] invalid token'),
    );
  }

  private scramFirst(clientFirst: string, r: (t: string) => void): void {
    const m = /^n,,n=([^,]*),r=([^,]+)$/.exec(clientFirst);
    const user = m?.[1]?.replace(/=2C/g, ',').replace(/=3D/g, '=');
    const password = user === undefined ? undefined : this.passwordOf(user);
    if (!m || user === undefined || password === undefined) return r('-ERR [AUTH] SCRAM failed');
    const clientFirstBare = clientFirst.slice(3);
    const salt = randomBytes(16);
    const iterations = this.options.scramIterations ?? 4096;
    const nonce = `${m[2]}${randomBytes(12).toString('base64')}`;
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
    this.expectResponse(r, b64(serverFirst), (line, r2) => {
      const clientFinal = Buffer.from(line, 'base64').toString('utf8');
      const fm = /^(c=biws,r=([^,]+)),p=([^,]+)$/.exec(clientFinal);
      if (!fm || fm[2] !== nonce || fm[1] === undefined || fm[3] === undefined) {
        return r2('-ERR [AUTH] SCRAM failed');
      }
      const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
      const hmac = (k: Buffer, d: string): Buffer => createHmac('sha256', k).update(d).digest();
      const clientKey = hmac(salted, 'Client Key');
      const storedKey = createHash('sha256').update(clientKey).digest();
      const authMessage = `${clientFirstBare},${serverFirst},${fm[1]}`;
      const signature = hmac(storedKey, authMessage);
      const proof = Buffer.from(fm[3], 'base64');
      if (proof.length !== signature.length) return r2('-ERR [AUTH] SCRAM failed');
      const recovered = Buffer.from(proof.map((b, i) => b ^ (signature[i] ?? 0)));
      const check = createHash('sha256').update(recovered).digest();
      if (!timingSafeEqual(check, storedKey)) return r2('-ERR [AUTH] SCRAM failed');
      let serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
      if (this.faults.badScramSignature) serverSignature = randomBytes(32);
      this.expectResponse(r2, b64(`v=${serverSignature.toString('base64')}`), (_l, r3) =>
        this.grant(user, r3),
      );
    });
  }
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startScriptedServer(
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const state: ServerState = {
    options,
    faults: options.faults ?? {},
    mailbox: [],
    uidSeq: 0,
    commands: [],
    received: [],
    sessions: 0,
    updates: 0,
    lockedBy: null,
    open: new Set(),
  };
  const setMailbox = (messages: ScriptedMessage[]): void => {
    state.mailbox = messages.map((m) => ({
      uid: m.uid ?? `m${(state.uidSeq += 1)}`,
      body: m.body,
    }));
  };
  setMailbox(options.mailbox ?? []);
  let idleWaiters: Array<() => void> = [];

  const server: Server = createServer((raw) => {
    raw.on('error', () => undefined);
    state.sessions += 1;
    const id = state.sessions;
    const tls = state.options.tls;
    const implicit = options.implicitTls === true && tls !== undefined;
    const socket = implicit
      ? new TLSSocket(raw, { isServer: true, key: tls.key, cert: tls.cert })
      : raw;
    socket.on('error', () => undefined);
    const session = new Session(state, socket, id);
    state.open.add(session);
    raw.on('close', () => {
      session.releaseLock();
      state.open.delete(session);
      if (state.open.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    });
    if (implicit) {
      session.setTls(true);
      socket.once('secure', () => session.start());
    } else {
      session.start();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');

  return {
    host: '127.0.0.1',
    port: address.port,
    mailbox: () => state.mailbox.map((m) => ({ uid: m.uid, body: m.body })),
    setMailbox,
    commands: state.commands,
    received: state.received,
    commandsOf: (session) => state.received.filter((r) => r.session === session).map((r) => r.line),
    get sessions() {
      return state.sessions;
    },
    get openConnections() {
      return state.open.size;
    },
    get updates() {
      return state.updates;
    },
    setFaults: (faults) => {
      state.faults = faults;
    },
    setTls: (tls) => {
      state.options = { ...state.options, tls };
    },
    idle: () =>
      state.open.size === 0
        ? Promise.resolve()
        : new Promise((resolve) => idleWaiters.push(resolve)),
    close: async () => {
      for (const s of state.open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
