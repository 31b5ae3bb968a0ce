// What every benchmark shares: medians, the run's frame (cleanup whatever happens, the load average
// printed beside the figures, a failure's exit status), the CLI's sync flags, a timed child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountSettings } from '../shared/model/account';
import { accountSettings } from '../main/store/store-test-support';
import { startDovecot, type Dovecot, type DovecotUser } from '../main/testing/dovecot';

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The machine is shared: figures are read against its load (1, 5 and 15 minute averages). */
export const loadAverageLine = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

const cleanups: Array<() => unknown> = [];

/** Runs `fn` when the bench ends, whatever happens (last registered, first run). */
export function atBenchEnd(fn: () => unknown): void {
  cleanups.push(fn);
}

/** A fresh temporary folder, removed when the bench ends. */
export function benchTempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `popline-${name}-`));
  atBenchEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A private Dovecot with these users, stopped when the bench ends. */
export async function benchDovecot(users: DovecotUser[]): Promise<Dovecot> {
  const dovecot = await startDovecot({ users });
  atBenchEnd(() => dovecot.stop());
  return dovecot;
}

/**
 * A benchmark's frame: runs `main`, then the cleanups and the load-average line; a failure is
 * printed and gives exit status 1. Benchmarks print figures and never assert them.
 */
export function runBench(main: () => Promise<void>): void {
  const finish = async () => {
    try {
      await main();
    } finally {
      for (const fn of cleanups.splice(0).reverse()) await fn();
      console.log(loadAverageLine());
    }
  };
  finish().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/** `popline sync` flags for `user` on a local plain-text server (callers add --delete, --json). */
export function cliSyncArgs(db: string, port: number, user: string): string[] {
  return [
    ...['sync', '--db', db, '--host', '127.0.0.1', '--port', String(port)],
    ...['--security', 'none', '--user', user, '--auth', 'user', '--allow-insecure-password'],
  ];
}

/** The account the UI and store benches fill (kept mail, a made-up host). */
export const benchAccount = (overrides: Partial<AccountSettings> = {}): AccountSettings =>
  accountSettings({
    name: 'Bench',
    host: 'pop.example.test',
    user: 'bench',
    retention: { mode: 'keep' },
    ...overrides,
  });

const TIME = '/usr/bin/time';

export interface TimedRun {
  /** Date.now() at the spawn, to set against times the child records. */
  startedAt: number;
  /** Spawn to exit, measured here. */
  wallMs: number;
  /** User + system CPU of the child (steadier than wall on a shared machine); NaN without time(1). */
  cpuMs: number;
  /** The child's peak RSS; NaN without /usr/bin/time. */
  maxRssKb: number;
  stdout: Buffer;
  stderr: string;
  status: number | null;
}

/** Runs a command to its end under /usr/bin/time (when installed) for its peak RSS and CPU. */
export function timedSpawn(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): TimedRun {
  const useTime = existsSync(TIME);
  const startedAt = Date.now();
  const start = performance.now();
  const options = { env, maxBuffer: 1 << 30 };
  const r = useTime
    ? spawnSync(TIME, ['-f', 'BENCH-RUSAGE %M %U %S', cmd, ...args], options)
    : spawnSync(cmd, args, options);
  const wallMs = performance.now() - start;
  const stderr = r.stderr.toString();
  const usage = /BENCH-RUSAGE (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  return {
    startedAt,
    wallMs,
    cpuMs: usage ? (Number(usage[2]) + Number(usage[3])) * 1000 : Number.NaN,
    maxRssKb: usage ? Number(usage[1]) : Number.NaN,
    stdout: r.stdout,
    stderr: stderr.replace(/BENCH-RUSAGE .*\n?/, ''),
    status: r.status,
  };
}
