// Feeds the client hundreds of broken server transcripts: every session must end, either in
// success or in a Pop3Error, within a bounded time, and nothing may escape as an uncaught error.
// POP3_FUZZ_SEED=<n> replays a run; POP3_FUZZ_SEED=random explores new ones.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client } from './client';
import { Pop3Error } from './errors';

const CASES = 320;
const PARALLEL = 16;
const CASE_DEADLINE_MS = 8_000;
const DEFAULT_SEED = 0x5eed1939;

function seedFromEnv(): number {
  const value = process.env.POP3_FUZZ_SEED;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 32);
  if (value !== undefined && /^\d+$/.test(value)) return Number(value) >>> 0;
  return DEFAULT_SEED;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rnd: Rng, n: number): number => Math.floor(rnd() * n);
const pick = <T>(rnd: Rng, items: readonly T[]): T => items[int(rnd, items.length)]!;

// Bytes that matter to a POP3 parser are over-represented.
const ALPHABET = Buffer.from('\r\n\r\n...+-OKERR []0123456789 abcxyz\x00\xff');

function randomBytes(rnd: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++)
    out[i] = rnd() < 0.8 ? ALPHABET[int(rnd, ALPHABET.length)]! : int(rnd, 256);
  return out;
}

function randomBody(rnd: Rng): Buffer {
  const lines = ['Subject: fuzz', ''];
  const count = 1 + int(rnd, 40);
  for (let i = 0; i < count; i++) {
    const kind = int(rnd, 6);
    if (kind === 0) lines.push('.');
    else if (kind === 1) lines.push(`..${'d'.repeat(int(rnd, 20))}`);
    else if (kind === 2) lines.push('');
    else lines.push('w'.repeat(int(rnd, 120)));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

function stuff(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/^\./gm, '..');
  return Buffer.from(`${text}.\r\n`, 'latin1');
}

type Mode =
  'valid' | 'truncate' | 'corrupt' | 'garbage' | 'replace' | 'overlong' | 'extra' | 'noterm';
type Ending = 'end' | 'reset' | 'hang';

interface Case {
  id: number;
  mode: Mode;
  ending: Ending;
  pipelining: boolean;
  body: Buffer;
  replies: Buffer[];
  /** Total bytes to send before the ending (truncate), or Infinity. */
  cut: number;
  /** Write replies in pieces this small at most. */
  piece: number;
}

// The client's order: CAPA, USER, PASS, STAT, LIST, UIDL, RETR 1, DELE 1, QUIT.
function validReplies(body: Buffer, pipelining: boolean): Buffer[] {
  return [
    '+OK fuzz ready <1.2@fuzz.test>\r\n',
    `+OK\r\nUSER\r\nUIDL\r\nTOP\r\n${pipelining ? 'PIPELINING\r\n' : ''}.\r\n`,
    '+OK\r\n',
    '+OK logged in\r\n',
    `+OK 1 ${body.length}\r\n`,
    `+OK\r\n1 ${body.length}\r\n.\r\n`,
    '+OK\r\n1 uid-one\r\n.\r\n',
    Buffer.concat([Buffer.from('+OK\r\n'), stuff(body)]),
    '+OK deleted\r\n',
    '+OK bye\r\n',
  ].map((r) => (Buffer.isBuffer(r) ? r : Buffer.from(r, 'latin1')));
}

const MULTILINE = [1, 5, 6, 7];

function makeCase(id: number, rnd: Rng): Case {
  const pipelining = rnd() < 0.5;
  const body = randomBody(rnd);
  const replies = validReplies(body, pipelining);
  const mode = pick<Mode>(rnd, [
    'valid',
    'truncate',
    'truncate',
    'truncate',
    'corrupt',
    'corrupt',
    'garbage',
    'garbage',
    'replace',
    'overlong',
    'extra',
    'noterm',
  ]);
  const ending = pick<Ending>(rnd, ['end', 'end', 'reset', 'hang']);
  let cut = Infinity;
  const at = int(rnd, replies.length);
  const target = replies[at]!;
  switch (mode) {
    case 'truncate': {
      const total = replies.reduce((s, r) => s + r.length, 0);
      cut = int(rnd, total);
      break;
    }
    case 'corrupt': {
      const copy = Buffer.from(target);
      const flips = 1 + int(rnd, 4);
      for (let i = 0; i < flips; i++)
        copy[int(rnd, copy.length)] = ALPHABET[int(rnd, ALPHABET.length)]!;
      replies[at] = copy;
      break;
    }
    case 'garbage': {
      const pos = int(rnd, target.length + 1);
      replies[at] = Buffer.concat([
        target.subarray(0, pos),
        randomBytes(rnd, 1 + int(rnd, 30)),
        target.subarray(pos),
      ]);
      break;
    }
    case 'replace':
      replies[at] = randomBytes(rnd, int(rnd, 60));
      break;
    case 'overlong':
      replies[at] = Buffer.alloc(70_000 + int(rnd, 5000), 0x41);
      break;
    case 'extra':
      replies[at] = Buffer.concat([
        target,
        Buffer.from(pick(rnd, ['+OK\r\n', '-ERR x\r\n', '.\r\n', 'x'])),
      ]);
      break;
    case 'noterm': {
      const which = pick(rnd, MULTILINE);
      const reply = replies[which]!;
      replies[which] = reply.subarray(0, reply.length - 3);
      replies.splice(which + 1);
      break;
    }
    case 'valid':
      break;
  }
  return { id, mode, ending, pipelining, body, replies, cut, piece: 1 + int(rnd, 64) };
}

/** Serves one case: answers each client line with the next scripted reply, in small pieces. */
async function serveCase(c: Case): Promise<{ server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let sent = 0;
    let next = 0;
    let stopped = false;
    let pending = '';
    let writing = Promise.resolve();
    const finish = (): void => {
      if (stopped) return;
      stopped = true;
      if (c.ending === 'end') socket.end();
      else if (c.ending === 'reset') socket.resetAndDestroy();
      // 'hang': keep the connection open and say nothing more.
    };
    const send = async (reply: Buffer): Promise<void> => {
      // Small pieces exercise chunk boundaries; big replies still go out in at most 256 of them.
      const size = Math.max(c.piece, Math.ceil(reply.length / 256));
      for (let off = 0; off < reply.length && !stopped; off += size) {
        let piece = reply.subarray(off, off + size);
        if (sent + piece.length >= c.cut) piece = piece.subarray(0, c.cut - sent);
        sent += piece.length;
        if (piece.length > 0 && !socket.destroyed) socket.write(piece);
        if (sent >= c.cut) return finish();
        await new Promise((r) => setImmediate(r));
      }
    };
    const answerNext = (): void => {
      const reply = c.replies[next++];
      writing = writing.then(() => (reply === undefined ? finish() : send(reply)));
    };
    answerNext();
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      pending += data;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        pending = pending.slice(nl + 1);
        answerNext();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sockets };
}

type Outcome = { ok: true; body: Buffer } | { ok: false; error: unknown };

async function runClient(port: number, pipelining: boolean): Promise<Outcome> {
  let client: Pop3Client | undefined;
  try {
    client = await Pop3Client.connect({
      host: '127.0.0.1',
      port,
      security: 'none',
      idleTimeoutMs: 300,
      connectTimeoutMs: 2_000,
      pipelining,
    });
    await client.authenticate({
      user: 'u',
      secret: 'p',
      method: 'user',
      allowInsecurePassword: true,
    });
    const chunks: Buffer[] = [];
    const results = await Promise.allSettled([
      client.stat(),
      client.list(),
      client.uidl(),
      client.retr(1, (chunk) => chunks.push(chunk)),
      client.dele(1),
    ]);
    const quit = await client.quit();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) return { ok: false, error: failed.reason };
    if (!quit.ok) return { ok: false, error: new Error('QUIT answered -ERR') };
    return { ok: true, body: Buffer.concat(chunks) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    client?.close();
  }
}

function describeCase(c: Case, seed: number): string {
  return `seed ${seed} case ${c.id} (${c.mode}, ${c.ending}, pipelining ${c.pipelining}, piece ${c.piece}, cut ${c.cut})`;
}

describe('robustness against broken servers', () => {
  const escaped: unknown[] = [];
  const onEscape = (err: unknown): void => {
    escaped.push(err);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  afterAll(() => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });

  it(`ends every one of ${CASES} random and truncated sessions in success or a Pop3Error`, async () => {
    const seed = seedFromEnv();
    console.info(`POP3 robustness seed: ${seed} (replay with POP3_FUZZ_SEED=${seed})`);
    const rnd = prng(seed);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(i, rnd));
    const tally = new Map<string, number>();
    const problems: string[] = [];

    const runOne = async (c: Case): Promise<void> => {
      const { server, sockets } = await serveCase(c);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'hang'>((resolve) => {
        timer = setTimeout(() => resolve('hang'), CASE_DEADLINE_MS);
      });
      const outcome = await Promise.race([runClient(port, c.pipelining), deadline]);
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close();
      const label = describeCase(c, seed);
      if (outcome === 'hang') {
        problems.push(`${label}: did not finish within ${CASE_DEADLINE_MS} ms`);
        return;
      }
      if (outcome.ok) {
        tally.set('ok', (tally.get('ok') ?? 0) + 1);
        if (c.mode === 'valid' && !outcome.body.equals(c.body))
          problems.push(`${label}: body differs`);
        return;
      }
      if (!(outcome.error instanceof Pop3Error)) {
        if (outcome.error instanceof Error && outcome.error.message === 'QUIT answered -ERR')
          return;
        problems.push(`${label}: not a Pop3Error: ${String(outcome.error)}`);
        return;
      }
      tally.set(outcome.error.kind, (tally.get(outcome.error.kind) ?? 0) + 1);
      if (c.mode === 'valid')
        problems.push(`${label}: valid transcript failed: ${outcome.error.message}`);
    };

    const queue = [...cases];
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) await runOne(c);
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    console.info(`POP3 robustness outcomes: ${JSON.stringify(Object.fromEntries(tally))}`);
    expect(problems).toEqual([]);
    expect(escaped).toEqual([]);
    // The corpus must exercise both ends: sessions that succeed and each failure class.
    expect(tally.get('ok') ?? 0).toBeGreaterThan(0);
    expect(tally.get('protocol') ?? 0).toBeGreaterThan(0);
    expect(tally.get('connection') ?? 0).toBeGreaterThan(0);
    expect(tally.get('timeout') ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
