// A POP3 server whose every oddity is a parameter, for the model-based adversarial test of the
// sync (main/sync/model.test.ts): duplicate and renamed UIDLs, no UIDL/TOP/CAPA, bare LF kept in
// bodies, malformed listing lines, lying sizes, -ERR on any command, a drop at any byte, EXPIRE 0
// and LOGIN-DELAY. RFC 1939 UPDATE semantics otherwise. Test-only; plain USER/PASS login.
import { createServer, type Server, type Socket } from 'node:net';

export interface ModelMessage {
  uid: string;
  /** The message as the server keeps it (bare LF line ends allowed: sent as they are). */
  body: Buffer;
}

/** What the server is like, for the whole test case. */
export interface ModelCharacter {
  /** 'listed': CAPA lists what it does; 'silent': CAPA lists neither UIDL nor TOP; 'none': CAPA -ERR. */
  capa: 'listed' | 'silent' | 'none';
  uidl: boolean;
  top: boolean;
  pipelining: boolean;
  /** RFC 2449 EXPIRE 0: UPDATE also removes whatever RETR or TOP sent. */
  expireZero: boolean;
  /** LOGIN-DELAY in seconds (announced and enforced against the test's clock), or null. */
  loginDelay: number | null;
}

/** What goes wrong in one session. */
export interface ModelFaults {
  /** Close the connection once this many octets of the session's output were sent. */
  dropAtByte?: number;
  /** Answer the nth (1-based) command with this verb -ERR instead of executing it. */
  errOn?: { verb: string; nth: number };
  /** Index (0-based) of a UIDL listing line to send malformed. */
  malformedUidlLine?: number;
  /** Leave this many lines off the end of the UIDL listing. */
  shortUidl?: number;
  /** LIST sizes: as they are, off by some octets, or absurd. */
  sizes?: 'true' | 'smaller' | 'larger' | 'huge';
}

export interface ModelServer {
  readonly port: number;
  mailbox: ModelMessage[];
  character: ModelCharacter;
  faults: ModelFaults;
  /** Called for every DELE of an existing message, with its bytes, when the command arrives. */
  onDele: (body: Buffer) => void;
  /** Connections open right now. */
  readonly open: number;
  /** Resolves once no connection is open. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Dot-stuffs after CRLF only (a server that keeps bare LF does not see those as line ends). */
function stuff(body: Buffer): Buffer {
  const text = body.toString('latin1');
  let out = text.startsWith('.') ? `.${text}` : text;
  out = out.replace(/\r\n\./g, '\r\n..');
  if (!out.endsWith('\r\n')) out += '\r\n';
  return Buffer.from(`${out}.\r\n`, 'latin1');
}

/** The header block and the first `lines` lines of the body, the way TOP n lines cuts it. */
function topOf(body: Buffer, lines: number): Buffer {
  const text = body.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return body;
  const rest = text.slice(split + 4).split('\r\n');
  const part =
    text.slice(0, split + 4) +
    rest
      .slice(0, lines)
      .map((l) => `${l}\r\n`)
      .join('');
  return Buffer.from(part, 'latin1');
}

export async function startModelServer(opts: {
  user: string;
  password: string;
  now: () => number;
}): Promise<ModelServer> {
  const sockets = new Set<Socket>();
  let idleWaiters: Array<() => void> = [];
  let lastLogin: number | null = null;

  const state: ModelServer = {
    port: 0,
    mailbox: [],
    character: {
      capa: 'listed',
      uidl: true,
      top: true,
      pipelining: true,
      expireZero: false,
      loginDelay: null,
    },
    faults: {},
    onDele: () => undefined,
    get open() {
      return sockets.size;
    },
    idle: () => (sockets.size === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  function session(socket: Socket): void {
    const c = state.character;
    const f = state.faults;
    let sent = 0;
    let dead = false;
    let buffer = '';
    let user: string | null = null;
    let messages: ModelMessage[] | null = null;
    const deleted = new Set<number>();
    const touched = new Set<number>();
    const counts = new Map<string, number>();

    const write = (data: string | Buffer): void => {
      if (dead) return;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
      const limit = f.dropAtByte;
      if (limit !== undefined && sent + bytes.length >= limit) {
        socket.write(bytes.subarray(0, Math.max(0, limit - sent)));
        dead = true;
        socket.destroy();
        return;
      }
      sent += bytes.length;
      socket.write(bytes);
    };
    const line = (text: string): void => write(`${text}\r\n`);
    const multi = (status: string, lines: string[]): void =>
      write(
        `${status}\r\n${lines.map((l) => `${l.startsWith('.') ? '.' : ''}${l}\r\n`).join('')}.\r\n`,
      );
    const capaLines = (): string[] => {
      const lines = ['USER'];
      if (c.capa === 'listed' && c.uidl) lines.push('UIDL');
      if (c.capa === 'listed' && c.top) lines.push('TOP');
      if (c.pipelining) lines.push('PIPELINING');
      if (c.expireZero) lines.push('EXPIRE 0');
      if (c.loginDelay !== null) lines.push(`LOGIN-DELAY ${c.loginDelay}`);
      return lines;
    };
    const live = (): Array<{ n: number; m: ModelMessage }> =>
      (messages ?? []).flatMap((m, i) => (deleted.has(i + 1) ? [] : [{ n: i + 1, m }]));
    const listedSize = (m: ModelMessage): string => {
      const size = m.body.length;
      switch (f.sizes) {
        case 'smaller':
          return String(Math.max(0, size - 7));
        case 'larger':
          return String(size + 13);
        case 'huge':
          return '99999999999999999999';
        default:
          return String(size);
      }
    };
    const pick = (arg: string): { n: number; m: ModelMessage } | null => {
      const n = Number(arg.split(' ')[0]);
      const m = Number.isInteger(n) && n >= 1 && !deleted.has(n) ? messages?.[n - 1] : undefined;
      if (!m) {
        line(`-ERR no such message`);
        return null;
      }
      return { n, m };
    };

    const execute = (verb: string, arg: string): void => {
      const count = (counts.get(verb) ?? 0) + 1;
      counts.set(verb, count);
      if (f.errOn && f.errOn.verb === verb && f.errOn.nth === count) {
        line('-ERR [SYS/TEMP] model failure');
        if (verb === 'QUIT') socket.end();
        return;
      }
      if (verb === 'CAPA') {
        if (c.capa === 'none') return line('-ERR unknown command');
        return multi('+OK', capaLines());
      }
      if (verb === 'QUIT') {
        // A server that hides EXPIRE 0 (no CAPA) and applies it anyway gives no client a chance.
        const expires = c.expireZero && c.capa !== 'none';
        if (messages) {
          const gone = new Set(
            [...deleted, ...(expires ? touched : [])].map((n) => messages![n - 1]),
          );
          state.mailbox = state.mailbox.filter((m) => !gone.has(m));
        }
        line('+OK bye');
        dead = true;
        socket.end();
        return;
      }
      if (!messages) {
        if (verb === 'USER') {
          user = arg;
          return line('+OK');
        }
        if (verb === 'PASS') {
          if (user !== opts.user || arg !== opts.password) return line('-ERR [AUTH] no');
          const at = opts.now();
          if (c.loginDelay !== null && lastLogin !== null && at < lastLogin + c.loginDelay * 1000)
            return line('-ERR [LOGIN-DELAY] too soon');
          lastLogin = at;
          messages = [...state.mailbox];
          return line(`+OK ${messages.length} messages`);
        }
        return line('-ERR not logged in');
      }
      switch (verb) {
        case 'STAT':
          return line(`+OK ${live().length} ${live().reduce((s, x) => s + x.m.body.length, 0)}`);
        case 'NOOP':
          return line('+OK');
        case 'RSET':
          deleted.clear();
          return line('+OK');
        case 'LIST':
          if (arg) {
            const p = pick(arg);
            return p ? line(`+OK ${p.n} ${listedSize(p.m)}`) : undefined;
          }
          return multi(
            '+OK',
            live().map((x) => `${x.n} ${listedSize(x.m)}`),
          );
        case 'UIDL': {
          if (!c.uidl) return line('-ERR unknown command');
          if (arg) {
            const p = pick(arg);
            return p ? line(`+OK ${p.n} ${p.m.uid}`) : undefined;
          }
          const all = live();
          const lines = all
            .slice(0, Math.max(0, all.length - (f.shortUidl ?? 0)))
            .map((x, i) =>
              i === f.malformedUidlLine ? `${x.n} not one word` : `${x.n} ${x.m.uid}`,
            );
          return multi('+OK', lines);
        }
        case 'TOP': {
          if (!c.top) return line('-ERR unknown command');
          const lines = Number(arg.split(' ')[1]);
          if (!Number.isInteger(lines) || lines < 0) return line('-ERR bad line count');
          const p = pick(arg);
          if (!p) return;
          touched.add(p.n);
          write('+OK\r\n');
          return write(stuff(topOf(p.m.body, lines)));
        }
        case 'RETR': {
          const p = pick(arg);
          if (!p) return;
          touched.add(p.n);
          write(`+OK ${p.m.body.length} octets\r\n`);
          return write(stuff(p.m.body));
        }
        case 'DELE': {
          const p = pick(arg);
          if (!p) return;
          state.onDele(p.m.body);
          deleted.add(p.n);
          return line('+OK');
        }
        default:
          return line('-ERR unknown command');
      }
    };

    socket.setEncoding('latin1');
    socket.on('error', () => undefined);
    socket.on('data', (data: string) => {
      buffer += data;
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl < 0 || dead) break;
        const text = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        const space = text.indexOf(' ');
        const verb = (space < 0 ? text : text.slice(0, space)).toUpperCase();
        execute(verb, space < 0 ? '' : text.slice(space + 1));
      }
    });
    write('+OK model POP3 ready\r\n');
  }

  const server: Server = createServer((socket) => {
    // Replies go out at once: Nagle's wait would cost ~40 ms a round trip and the test its speed.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    });
    session(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  Object.defineProperty(state, 'port', { value: address.port });
  return state;
}
