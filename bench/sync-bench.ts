// bench:sync — 5,000 messages of ~8 KB from a private Dovecot, delete mode, synced by Popline's CLI
// code into a fresh store (parsed, indexed, committed), against mpop and fetchmail on the same
// mailbox in the same run (alternating rounds, medians). Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pop3Client } from '../main/pop3';
import { startDovecot, syntheticMessage, type Dovecot } from '../main/testing/dovecot';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A folder to write V8 CPU profiles of each Popline run into (node --cpu-prof). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
/** Which peers to run beside Popline (default both), e.g. BENCH_PEERS=mpop or BENCH_PEERS=none. */
const ONLY = (process.env.BENCH_PEERS ?? 'mpop,fetchmail').split(',');
const USER = 'bench';
const PASSWORD = 'bench-password';
const TIME = '/usr/bin/time';
const MPOP = '/usr/bin/mpop';
const FETCHMAIL = '/usr/bin/fetchmail';
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Run {
  wallMs: number;
  /** User + system CPU of the client process (the machine is shared: CPU is steadier than wall). */
  cpuMs: number;
  maxRssKb: number;
  /** Messages the client reports or left behind where we can count them. */
  fetched: number;
  /** Popline only: the sync alone, without process start-up and module loading. */
  syncMs?: number;
  startupMs?: number;
}

type Client = 'popline' | 'mpop' | 'fetchmail';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs a command under /usr/bin/time for its peak RSS; the wall time is ours, around the spawn. */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  stdout: string;
  stderr: string;
  status: number | null;
} {
  const useTime = existsSync(TIME);
  const start = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', 'BENCH-RUSAGE %M %U %S', cmd, ...args], { env, maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { env, maxBuffer: 64 << 20 });
  const wallMs = performance.now() - start;
  const stderr = r.stderr.toString();
  const usage = /BENCH-RUSAGE (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  return {
    wallMs,
    cpuMs: usage ? (Number(usage[2]) + Number(usage[3])) * 1000 : NaN,
    maxRssKb: usage ? Number(usage[1]) : NaN,
    stdout: r.stdout.toString(),
    stderr: stderr.replace(/BENCH-RUSAGE .*\n?/, ''),
    status: r.status,
  };
}

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

function popline(dovecot: Dovecot, dir: string, round: number): Run {
  const db = join(dir, `popline-${round}.db`);
  const prof = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROFILE_DIR)] : [];
  const r = timed(
    process.execPath,
    [
      ...prof,
      '--import',
      'tsx',
      join(repoRoot, 'bench', 'sync-bench-child.ts'),
      ...['--db', db, '--host', '127.0.0.1', '--port', String(dovecot.port)],
      ...['--security', 'none', '--user', USER, '--auth', 'user', '--allow-insecure-password'],
      '--json',
    ],
    { ...process.env, POPLINE_PASSWORD: PASSWORD },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  const child = JSON.parse(line || '{}') as {
    status?: number;
    syncMs?: number;
    loadMs?: number;
    startupMs?: number;
    maxRssKb?: number;
    result?: { retrieved?: number; deleted?: number; outcome?: string } | null;
    err?: string;
  };
  if (child.status !== 0 || child.result?.outcome !== 'ok')
    console.warn(`popline round ${round}: ${child.err || r.stderr || line}`);
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  return {
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    maxRssKb: Number.isFinite(r.maxRssKb) ? r.maxRssKb : (child.maxRssKb ?? NaN),
    fetched: child.result?.retrieved ?? 0,
    syncMs: child.syncMs ?? NaN,
    startupMs: (child.startupMs ?? NaN) + (child.loadMs ?? NaN),
  };
}

function mpop(dovecot: Dovecot, dir: string, round: number): Run {
  const maildir = join(dir, `mpop-${round}`);
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
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
      `delivery maildir ${maildir}`,
      '',
    ].join('\n'),
  );
  chmodSync(conf, 0o600); // mpop refuses a config holding a password that others can read
  rmSync(join(dir, 'mpop-uidls'), { force: true });
  const r = timed(MPOP, ['-C', conf, '-q', USER]);
  if (r.status !== 0) console.warn(`mpop round ${round}: exit ${r.status}: ${r.stderr.trim()}`);
  const fetched =
    readdirSync(join(maildir, 'new')).length + readdirSync(join(maildir, 'cur')).length;
  rmSync(maildir, { recursive: true, force: true });
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, fetched };
}

function fetchmail(dovecot: Dovecot, dir: string, round: number): Run {
  // BSMTP into one file: no SMTP listener and no process per message (an MDA would fork 5,000
  // times), so fetchmail's own POP3 loop is what is measured. It does not pipeline.
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
  const r = timed(FETCHMAIL, ['-f', rc, '-N', '--nosyslog', '-s'], {
    ...process.env,
    FETCHMAILHOME: home,
  });
  // fetchmail exits 0 when it fetched mail; 1 means "no mail", anything else is a failure.
  if (r.status !== 0)
    console.warn(`fetchmail round ${round}: exit ${r.status}: ${r.stderr.trim()}`);
  const bsmtp = existsSync(out) ? readFileSync(out, 'latin1') : '';
  const fetched = bsmtp.match(/^MAIL FROM:/gm)?.length ?? 0;
  rmSync(home, { recursive: true, force: true });
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, fetched };
}

async function main() {
  const dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  const dir = mkdtempSync(join(tmpdir(), 'popline-syncbench-'));
  try {
    const messages = Array.from({ length: COUNT }, (_, i) => syntheticMessage(i + 1));
    const octets = messages.reduce((s, m) => s + m.length, 0);
    const clients: Client[] = ['popline'];
    for (const [name, bin] of [
      ['mpop', MPOP],
      ['fetchmail', FETCHMAIL],
    ] as const) {
      if (!ONLY.includes(name)) continue;
      if (existsSync(bin)) clients.push(name);
      else console.log(`${bin} not installed: no ${name} figures`);
    }
    console.log(
      `${COUNT} messages, ${(octets / 1024 / 1024).toFixed(1)} MiB, delete mode; ${ROUNDS} round(s) of ${clients.join(', ')}`,
    );

    const runs = new Map<Client, Run[]>(clients.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so drift on a shared machine does not favour one client.
      const order = clients.map((_, k) => clients[(k + round) % clients.length] as Client);
      for (const client of order) {
        await refill(dovecot, messages);
        const run =
          client === 'popline'
            ? popline(dovecot, dir, round)
            : client === 'mpop'
              ? mpop(dovecot, dir, round)
              : fetchmail(dovecot, dir, round);
        const left = dovecot.mailboxFiles(USER).length;
        runs.get(client)?.push(run);
        console.log(
          `  round ${round + 1} ${client.padEnd(9)} ${run.wallMs.toFixed(0).padStart(6)} ms  ` +
            `cpu ${run.cpuMs.toFixed(0).padStart(6)} ms  ` +
            `${(run.maxRssKb / 1024).toFixed(0).padStart(4)} MiB peak RSS  ` +
            `${run.fetched} fetched, ${left} left on the server` +
            (run.syncMs !== undefined ? `  (sync alone ${run.syncMs.toFixed(0)} ms)` : ''),
        );
      }
    }

    const med = (c: Client, pick: (r: Run) => number | undefined) =>
      median((runs.get(c) ?? []).map((r) => pick(r) ?? NaN));
    console.log(`\nmedians of ${ROUNDS} round(s):`);
    for (const c of clients) {
      const wall = med(c, (r) => r.wallMs);
      console.log(
        `${c.padEnd(9)} wall ${wall.toFixed(0).padStart(6)} ms  ${(COUNT / (wall / 1000)).toFixed(0).padStart(5)} msg/s  ` +
          `cpu ${med(c, (r) => r.cpuMs)
            .toFixed(0)
            .padStart(6)} ms  ` +
          `peak RSS ${(med(c, (r) => r.maxRssKb) / 1024).toFixed(0)} MiB`,
      );
    }
    const p = med('popline', (r) => r.wallMs);
    const pSync = med('popline', (r) => r.syncMs);
    console.log(
      `popline   sync alone ${pSync.toFixed(0)} ms; process start-up and module loading ${med('popline', (r) => r.startupMs).toFixed(0)} ms`,
    );
    for (const c of clients.filter((x) => x !== 'popline')) {
      const other = med(c, (r) => r.wallMs);
      const cpu = med('popline', (r) => r.cpuMs) / med(c, (r) => r.cpuMs);
      console.log(
        `popline/${c}: ${(p / other).toFixed(2)} wall (whole process), ${(pSync / other).toFixed(2)} wall (sync alone), ${cpu.toFixed(2)} cpu`,
      );
    }
  } finally {
    await dovecot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
