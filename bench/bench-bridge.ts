// The browser bridge for the UI benchmarks: the built renderer over a given store, on a free port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { atBenchEnd, benchTempDir, runBench } from './bench-support';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface BenchBridge {
  child: ChildProcess;
  url: string;
}

export async function startBridge(dbPath: string): Promise<BenchBridge> {
  const child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    ['main/bridge/dev-browser.ts', '--db', dbPath, '--port', '0', '--manual'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Popline UI: (\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the bridge exited (${code})`)));
  });
  return { child, url };
}

export async function stopBridge(bridge: BenchBridge): Promise<void> {
  const exited = new Promise((r) => bridge.child.once('exit', r));
  bridge.child.kill('SIGTERM');
  await exited;
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;

/** One 60 Hz frame: what a smooth scroll gives each frame. */
export const FRAME_BUDGET_MS = 1000 / 60;
/** Rows moved per animation frame: 10,000 rows in about 8 s at 60 Hz, a brisk flick-scroll. */
export const ROWS_PER_FRAME = 20;

/** Animation-frame deltas of a scroll, summarised in the page by FRAME_STATS_SCRIPT. */
export interface FrameStats {
  frames: number;
  /** Frames that took longer than one 60 Hz interval (with 1 ms of timer jitter). */
  slowFrames: number;
  p50: number;
  p95: number;
  max: number;
  seconds: number;
}

/**
 * Defines frameStats(deltas, budget, began, last) inside a page script. Plain JavaScript text:
 * the TypeScript loader would add helpers the page does not have.
 */
export const FRAME_STATS_SCRIPT = `const frameStats = (deltas, budget, began, last) => {
    const sorted = [...deltas].sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] || 0;
    return {
      frames: deltas.length,
      slowFrames: deltas.filter((d) => d > budget + 1).length,
      p50: at(0.5),
      p95: at(0.95),
      max: sorted[sorted.length - 1] || 0,
      seconds: (last - began) / 1000,
    };
  };`;

export const frameStatsLine = (s: FrameStats) =>
  `${s.frames} frames in ${s.seconds.toFixed(1)} s, ` +
  `${s.slowFrames} over ${FRAME_BUDGET_MS.toFixed(1)} ms (${((100 * s.slowFrames) / Math.max(1, s.frames)).toFixed(1)}%), ` +
  `frame p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

/**
 * One UI benchmark's frame: builds the renderer and a store in a temporary folder, serves them
 * over the bridge to Debian's Chromium, runs `measure` on a page, and cleans up whatever happens.
 */
export function runUiBench(
  name: string,
  buildStore: (dbPath: string) => void,
  measure: (page: Page, url: string) => Promise<void>,
): void {
  runBench(async () => {
    const dbPath = join(benchTempDir(name), 'popline.sqlite');
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    atBenchEnd(() => browser.close());
    const built = spawnSync(
      join(root, 'node_modules', '.bin', 'vite'),
      ['build', '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    if (built.status !== 0) throw new Error('the renderer build failed');
    buildStore(dbPath);
    const bridge = await startBridge(dbPath);
    atBenchEnd(() => stopBridge(bridge));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await measure(page, bridge.url);
  });
}
