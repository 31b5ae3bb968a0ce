// The browser bridge for the UI benchmarks: the built renderer over a given store, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
