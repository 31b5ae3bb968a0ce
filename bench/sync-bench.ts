// bench:sync — N messages of ~8 KB (2,000 and 5,000 by default) from a private Dovecot, delete
// mode, synced by the built `popline` bin into a fresh store (parsed, indexed, durable before
// QUIT), against a raw pipelined RETR+DELE socket client (the wire's limit) and mpop writing an
// mbox, in the same run (alternating rounds, medians). Prints figures and ratios; asserts nothing.
// The bin runs as a user's shell runs it: by its shebang, with the Node flags its launcher gives.
// BENCH_BARE=1 also runs it as `node popline.mjs`, without those flags, in the same rounds.
//   BENCH_MESSAGES=2000,5000  BENCH_ROUNDS=3  BENCH_PEERS=mpop,fetchmail  BENCH_CPU_PROF=dir
//   BENCH_COMPARE=other/popline.mjs (another build of the bin as client 'before', same rounds)
import { connect, type Socket } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildCli, cliDir, CLI_NODE_FLAGS } from '../scripts/build-app';
import { Pop3Client } from '../main/pop3';
import { syntheticMessage, type Dovecot } from '../main/testing/dovecot';
import {
  benchDovecot,
  benchTempDir,
  cliSyncArgs,
  median,
  runBench,
  timedSpawn,
} from './bench-support';

const COUNTS = (process.env.BENCH_MESSAGES ?? '2000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A folder to write V8 CPU profiles of each Popline run into (node --cpu-prof). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
/** Peers beside Popline and the raw client (default mpop), e.g. BENCH_PEERS=mpop,fetchmail. */
const ONLY = (process.env.BENCH_PEERS ?? 'mpop').split(',');
/** Also run the bin as `node popline.mjs`, without its launcher's Node flags (their effect). */
const BARE = process.env.BENCH_BARE === '1';
/** Another build's bin, run as the client 'before' in the same rounds (A/B of a change). */
const COMPARE = process.env.BENCH_COMPARE ? resolve(process.env.BENCH_COMPARE) : undefined;
const USER = 'bench';
const PASSWORD = 'bench-password';
const MPOP = '/usr/bin/mpop';
const FETCHMAIL = '/usr/bin/fetchmail';
const RAW_WINDOW = 32;
const RSS_TARGET_MIB = 150;

interface Run {
  wallMs: number;
  /** User + system CPU of the client process (the machine is shared: CPU is steadier than wall). */
  cpuMs: number;
  maxRssKb: number;
  fetched: number;
  /** Greeting to QUIT's reply (Popline: from its protocol log; raw: measured on the socket). */
  sessionMs?: number;
  /** Popline: process spawn to the greeting's arrival. */
  firstByteMs?: number;
}

type Client = 'popline' | 'popline-bare' | 'before' | 'raw' | 'mpop' | 'fetchmail';

/** Refill the mailbox and log in once, so Dovecot's index and sizes are built before timing. */
async function refill(dovecot: Dovecot, messages: Buffer[]): Promise<void> {
  dovecot.resetMailbox(USER);
  dovecot.deliver(USER, messages);
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port: dovecot.port,
    security: 'none',
  });
  await client.authenticate({
    user: USER,
    secret: PASSWORD,
    method: 'user',
    allowInsecurePassword: true,
  });
  const listed = await client.uidl();
  await client.quit();
  if (listed.length !== messages.length)
    throw new Error(`primed ${listed.length} messages, expected ${messages.length}`);
}

function popline(
  dovecot: Dovecot,
  dir: string,
  round: number,
  bare = false,
  bin = join(cliDir, 'popline.mjs'),
): Run {
  const db = join(dir, `popline-${round}.db`);
  // NODE_OPTIONS refuses --cpu-prof: a profiled run starts node itself, with the launcher's flags.
  const node = PROFILE_DIR
    ? [...(bare ? [] : CLI_NODE_FLAGS), '--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`, bin]
    : bare
      ? [bin]
      : null;
  const r = timedSpawn(
    node ? process.execPath : bin,
    [...(node ?? []), ...cliSyncArgs(db, dovecot.port, USER), ...['--delete', '--json']],
    { ...process.env, POPLINE_PASSWORD: PASSWORD },
  );
  const stdout = r.stdout.toString();
  let result: { retrieved?: number; outcome?: string } = {};
  try {
    result = JSON.parse(stdout) as typeof result;
  } catch {
    /* reported below */
  }
  if (r.status !== 0 || result.outcome !== 'ok')
    console.warn(`popline round ${round}: exit ${r.status}: ${r.stderr.trim() || stdout}`);
  // The session as the server saw it: greeting to QUIT's reply, from Popline's own protocol log.
  const log = new Database(db, { readonly: true });
  const span = log
    .prepare("SELECT min(time) AS first, max(time) AS last FROM protocol_log WHERE dir = 'S'")
    .get() as { first: number | null; last: number | null };
  log.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  return {
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    maxRssKb: r.maxRssKb,
    fetched: result.retrieved ?? 0,
    sessionMs: span.first !== null && span.last !== null ? span.last - span.first : NaN,
    firstByteMs: span.first !== null ? span.first - r.startedAt : NaN,
  };
}

/** The wire's limit: USER/PASS, then RETR n + DELE n with RAW_WINDOW pairs in flight, QUIT. */
async function raw(dovecot: Dovecot, count: number): Promise<Run> {
  const sock: Socket = connect(dovecot.port, '127.0.0.1');
  sock.setNoDelay(true);
  const start = performance.now();
  let greetedAt = NaN;
  let fetched = 0;
  await new Promise<void>((done, fail) => {
    // Replies in order: greeting, USER, PASS, then per message RETR (+ body) and DELE, then QUIT.
    let phase: 'greeting' | 'user' | 'pass' | 'retr' | 'body' | 'dele' | 'quit' = 'greeting';
    let carry = '';
    let sent = 0;
    let answered = 0;
    const send = () => {
      let batch = '';
      while (sent < count && sent - answered < RAW_WINDOW) {
        sent++;
        batch += `RETR ${sent}\r\nDELE ${sent}\r\n`;
      }
      if (batch) sock.write(batch);
    };
    sock.on('error', fail);
    sock.on('data', (chunk: Buffer) => {
      const text = carry + chunk.toString('latin1');
      let pos = 0;
      for (;;) {
        if (phase === 'body') {
          const end = text.indexOf('\r\n.\r\n', Math.max(0, pos - 2));
          if (end < 0) {
            carry = text.slice(Math.max(pos, text.length - 4));
            return;
          }
          pos = end + 5;
          fetched++;
          phase = 'dele';
          continue;
        }
        const eol = text.indexOf('\r\n', pos);
        if (eol < 0) {
          carry = text.slice(pos);
          return;
        }
        if (!text.startsWith('+OK', pos)) return fail(new Error(text.slice(pos, eol)));
        pos = eol + 2;
        if (phase === 'greeting') {
          greetedAt = performance.now();
          phase = 'user';
          sock.write(`USER ${USER}\r\n`);
        } else if (phase === 'user') {
          phase = 'pass';
          sock.write(`PASS ${PASSWORD}\r\n`);
        } else if (phase === 'pass') {
          phase = 'retr';
          send();
        } else if (phase === 'retr') phase = 'body';
        else if (phase === 'dele') {
          answered++;
          if (answered === count) {
            phase = 'quit';
            sock.write('QUIT\r\n');
          } else {
            phase = 'retr';
            send();
          }
        } else {
          sock.end();
          return done();
        }
      }
    });
  });
  const end = performance.now();
  return { wallMs: end - start, cpuMs: NaN, maxRssKb: NaN, fetched, sessionMs: end - greetedAt };
}

function mpop(dovecot: Dovecot, dir: string, round: number): Run {
  const mbox = join(dir, `mpop-${round}.mbox`);
  const conf = join(dir, 'mpoprc');
  writeFileSync(
    conf,
    [
      'defaults',
      'tls off',
      'auth user',
      `uidls_file ${join(dir, 'mpop-uidls')}`,
      `account ${USER}`,
      'host 127.0.0.1',
      `port ${dovecot.port}`,
      `user ${USER}`,
      `password ${PASSWORD}`,
      'keep off',
      `delivery mbox ${mbox}`,
      '',
    ].join('\n'),
  );
  chmodSync(conf, 0o600); // mpop refuses a config holding a password that others can read
  rmSync(join(dir, 'mpop-uidls'), { force: true });
  writeFileSync(mbox, '');
  const r = timedSpawn(MPOP, ['-C', conf, '-q', USER]);
  if (r.status !== 0) console.warn(`mpop round ${round}: exit ${r.status}: ${r.stderr.trim()}`);
  const fetched = readFileSync(mbox, 'latin1').match(/^From /gm)?.length ?? 0;
  rmSync(mbox, { force: true });
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, fetched };
}

function fetchmail(dovecot: Dovecot, dir: string, round: number): Run {
  // BSMTP into one file: no SMTP listener and no process per message, so fetchmail's own POP3
  // loop is what is measured. It does not pipeline.
  const home = join(dir, `fetchmail-${round}`);
  mkdirSync(home, { recursive: true });
  const out = join(home, 'out.bsmtp');
  const rc = join(home, 'fetchmailrc');
  writeFileSync(
    rc,
    `set no syslog\n` +
      `poll 127.0.0.1 service ${dovecot.port} protocol pop3 auth password\n` +
      `  user "${USER}" password "${PASSWORD}" sslproto '' nokeep fetchall bsmtp "${out}"\n`,
  );
  chmodSync(rc, 0o600); // fetchmail refuses an rc file others can read
  const r = timedSpawn(FETCHMAIL, ['-f', rc, '-N', '--nosyslog', '-s'], {
    ...process.env,
    FETCHMAILHOME: home,
  });
  if (r.status !== 0)
    console.warn(`fetchmail round ${round}: exit ${r.status}: ${r.stderr.trim()}`);
  const bsmtp = existsSync(out) ? readFileSync(out, 'latin1') : '';
  const fetched = bsmtp.match(/^MAIL FROM:/gm)?.length ?? 0;
  rmSync(home, { recursive: true, force: true });
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, fetched };
}

const fmt = (ms: number) => ms.toFixed(0).padStart(6);

async function benchCount(dovecot: Dovecot, dir: string, count: number): Promise<void> {
  const messages = Array.from({ length: count }, (_, i) => syntheticMessage(i + 1));
  const octets = messages.reduce((s, m) => s + m.length, 0);
  const clients: Client[] = [
    'popline',
    ...(BARE ? (['popline-bare'] as const) : []),
    ...(COMPARE ? (['before'] as const) : []),
    'raw',
  ];
  for (const [name, bin] of [
    ['mpop', MPOP],
    ['fetchmail', FETCHMAIL],
  ] as const) {
    if (!ONLY.includes(name)) continue;
    if (existsSync(bin)) clients.push(name);
    else console.log(`${bin} not installed: no ${name} figures`);
  }
  console.log(
    `\n${count} messages, ${(octets / 1024 / 1024).toFixed(1)} MiB, delete mode; ${ROUNDS} round(s) of ${clients.join(', ')}`,
  );
  const runs = new Map<Client, Run[]>(clients.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so drift on a shared machine does not favour one client.
    const order = clients.map((_, k) => clients[(k + round) % clients.length] as Client);
    for (const client of order) {
      await refill(dovecot, messages);
      const run =
        client === 'popline' || client === 'popline-bare' || client === 'before'
          ? popline(
              dovecot,
              dir,
              round,
              client === 'popline-bare',
              client === 'before' ? COMPARE : undefined,
            )
          : client === 'raw'
            ? await raw(dovecot, count)
            : client === 'mpop'
              ? mpop(dovecot, dir, round)
              : fetchmail(dovecot, dir, round);
      const left = dovecot.mailboxFiles(USER).length;
      runs.get(client)?.push(run);
      console.log(
        `  round ${round + 1} ${client.padEnd(9)} wall ${fmt(run.wallMs)} ms` +
          (run.sessionMs !== undefined ? `  session ${fmt(run.sessionMs)} ms` : '') +
          (Number.isFinite(run.cpuMs) ? `  cpu ${fmt(run.cpuMs)} ms` : '') +
          (Number.isFinite(run.maxRssKb)
            ? `  peak RSS ${(run.maxRssKb / 1024).toFixed(0).padStart(4)} MiB`
            : '') +
          (run.firstByteMs !== undefined
            ? `  start-up to first byte ${run.firstByteMs.toFixed(0)} ms`
            : '') +
          `  ${run.fetched} fetched, ${left} left`,
      );
    }
  }
  const med = (c: Client, pick: (r: Run) => number | undefined) =>
    median((runs.get(c) ?? []).map((r) => pick(r) ?? NaN));
  const wall = (c: Client) => med(c, (r) => r.wallMs);
  const pSession = med('popline', (r) => r.sessionMs);
  const rawSession = med('raw', (r) => r.sessionMs);
  const rss = med('popline', (r) => r.maxRssKb) / 1024;
  console.log(`medians of ${ROUNDS} round(s), ${count} messages:`);
  console.log(
    `  popline wall ${fmt(wall('popline'))} ms (${(count / (wall('popline') / 1000)).toFixed(0)} msg/s), ` +
      `session ${fmt(pSession)} ms, cpu ${fmt(med('popline', (r) => r.cpuMs))} ms, peak RSS ${rss.toFixed(0)} MiB, ` +
      `start-up to first byte ${med('popline', (r) => r.firstByteMs).toFixed(0)} ms`,
  );
  console.log(`  raw RETR+DELE session ${fmt(rawSession)} ms`);
  if (COMPARE) {
    const cpu = (c: Client) => med(c, (r) => r.cpuMs);
    const bSession = med('before', (r) => r.sessionMs);
    console.log(
      `  before (${COMPARE}): session ${fmt(bSession)} ms, cpu ${fmt(cpu('before'))} ms; ` +
        `popline/before: session ${(pSession / bSession).toFixed(2)}, cpu ${(cpu('popline') / cpu('before')).toFixed(2)}`,
    );
  }
  for (const c of clients.filter((x) => x !== 'popline' && x !== 'raw'))
    console.log(
      `  ${c} wall ${fmt(wall(c))} ms, peak RSS ${(med(c, (r) => r.maxRssKb) / 1024).toFixed(0)} MiB`,
    );
  console.log(`  session popline/raw: ${(pSession / rawSession).toFixed(2)} (target <= 2.0)`);
  if (clients.includes('mpop'))
    console.log(
      `  wall popline/mpop(mbox): ${(wall('popline') / wall('mpop')).toFixed(2)} (target <= 1.0)`,
    );
  if (BARE) {
    const cpu = (c: Client) => med(c, (r) => r.cpuMs);
    const bareRss = med('popline-bare', (r) => r.maxRssKb) / 1024;
    console.log(
      `  launcher flags vs bare node: peak RSS ${rss.toFixed(0)} vs ${bareRss.toFixed(0)} MiB, ` +
        `cpu ${(cpu('popline') / cpu('popline-bare')).toFixed(2)}x, wall ${(wall('popline') / wall('popline-bare')).toFixed(2)}x`,
    );
  }
  console.log(`  peak RSS ${rss.toFixed(0)} MiB (target < ${RSS_TARGET_MIB})`);
}

async function main() {
  // The bench runs what `npm run cli` runs: the built bin, built fresh from this checkout.
  await buildCli();
  const dovecot = await benchDovecot([{ user: USER, password: PASSWORD }]);
  const dir = benchTempDir('syncbench');
  for (const count of COUNTS) await benchCount(dovecot, dir, count);
}

runBench(main);
