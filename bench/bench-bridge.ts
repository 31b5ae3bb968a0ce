// The browser bridge for the UI benchmarks: the built renderer over a given store, on a free port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';

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

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
export const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * One UI benchmark's frame: builds the renderer and a store in a temporary folder, serves them
 * over the bridge to Debian's Chromium, runs `measure` on a page, and cleans up whatever happens.
 */
export function runUiBench(
  name: string,
  buildStore: (dbPath: string) => void,
  measure: (page: Page, url: string) => Promise<void>,
): void {
  const run = async () => {
    const dir = mkdtempSync(join(tmpdir(), `popline-${name}-`));
    const dbPath = join(dir, 'popline.sqlite');
    let bridge: BenchBridge | null = null;
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const built = spawnSync(
        join(root, 'node_modules', '.bin', 'vite'),
        ['build', '--logLevel', 'warn'],
        { cwd: root, stdio: 'inherit' },
      );
      if (built.status !== 0) throw new Error('the renderer build failed');
      buildStore(dbPath);
      bridge = await startBridge(dbPath);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await measure(page, bridge.url);
    } finally {
      await browser.close();
      if (bridge) await stopBridge(bridge);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
