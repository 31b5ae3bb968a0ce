// bench:startup — the built `popline sync` from process start to its first byte on the socket (the
// moment a listening server sees the connection), against the floor: a bare Node process that
// connects to the same listener. Alternating rounds, medians; then where one run's time goes, from
// a V8 CPU profile (module loading and compiling, opening the store, the rest). The store exists
// after the first round, as it does for every check but an account's first. Asserts nothing.
//   BENCH_ROUNDS=9  BENCH_COMPARE=other/popline.mjs (another build, e.g. main's, in the same rounds)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildCli, cliDir } from '../scripts/build-app';
import { benchTempDir, cliSyncArgs, median, runBench } from './bench-support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const TARGET_MS = 300;
const COMPARE = process.env.BENCH_COMPARE;

/** Milliseconds from spawning `args` until a connection reaches a fresh listener on `port`. */
function toFirstConnection(args: (port: number) => string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    const server = createServer((socket) => {
      resolve(performance.now() - started);
      socket.destroy();
      server.close();
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      started = performance.now();
      const child = spawn(process.execPath, args(port), {
        env: { ...process.env, POPLINE_PASSWORD: 'bench' },
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        if (server.listening) {
          server.close();
          reject(new Error(`${args(port).join(' ')} exited (${code}) without connecting`));
        }
      });
    });
  });
}

function syncArgs(db: string, extra: string[] = [], bin = join(cliDir, 'popline.mjs')) {
  return (port: number) => [...extra, bin, ...cliSyncArgs(db, port, 'bench')];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Inclusive milliseconds of the profile's frames whose function name matches each label. */
function breakdown(file: string, labels: Record<string, RegExp>): Record<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: Record<string, number> = Object.fromEntries(Object.keys(labels).map((k) => [k, 0]));
  profile.samples.forEach((id, i) => {
    const hit = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName ?? '';
      for (const [label, re] of Object.entries(labels)) if (re.test(name)) hit.add(label);
    }
    for (const label of hit) out[label] = (out[label] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return out;
}

async function main() {
  await buildCli();
  const dir = benchTempDir('startup');
  const floor: number[] = [];
  const popline: number[] = [];
  const other: number[] = [];
  const bare = (port: number) => [
    '-e',
    `require('node:net').connect(${port}, '127.0.0.1').on('error', () => {})`,
  ];
  for (let round = 0; round < ROUNDS; round++) {
    floor.push(await toFirstConnection(bare));
    popline.push(await toFirstConnection(syncArgs(join(dir, 'popline.db'))));
    if (COMPARE) other.push(await toFirstConnection(syncArgs(join(dir, 'other.db'), [], COMPARE)));
  }
  const [f, p] = [median(floor), median(popline)];
  console.log(`bare node to first connection: median ${f.toFixed(0)} ms (${ROUNDS} rounds)`);
  console.log(
    `popline sync to first connection: median ${p.toFixed(0)} ms (target < ${TARGET_MS}); ` +
      `${(p / f).toFixed(2)}× the bare node; Popline's own share ${(p - f).toFixed(0)} ms`,
  );
  if (COMPARE) {
    const o = median(other);
    console.log(`${COMPARE}: median ${o.toFixed(0)} ms, ${(o / f).toFixed(2)}× the bare node`);
  }
  const profDir = join(dir, 'prof');
  await toFirstConnection(
    syncArgs(join(dir, 'popline.db'), ['--cpu-prof', `--cpu-prof-dir=${profDir}`]),
  );
  // The profile is written when the process exits (it fails to log in, then quits).
  for (let i = 0; i < 100 && readdirSync(dir).every((d) => d !== 'prof'); i++)
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  const [file = 'missing.cpuprofile'] = readdirSync(profDir);
  const parts = breakdown(join(profDir, file), {
    'loading and compiling modules': /^(loadAndTranslate|compileSourceTextModule|require)$/,
    'opening the store (migrations)': /^openStore$/,
    'the sync command itself': /^syncCommand$/,
  });
  console.log('one profiled run (inclusive ms, overlapping):');
  for (const [label, ms] of Object.entries(parts))
    console.log(`  ${label.padEnd(34)} ${ms.toFixed(0)} ms`);
}

runBench(main);
