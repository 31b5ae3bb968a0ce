// Playwright fixtures: one private Dovecot per worker, and per test a fresh browser bridge
// (`npm run dev:browser -- --db … --port 0 --manual`) over a fresh database, with the page opened on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, type Page } from '@playwright/test';
import { startDovecot, type Dovecot } from '../../main/testing/dovecot';
import type { E2eTarget } from '../../scripts/e2e-target';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const USERS = {
  alice: { user: 'alice', password: 'correct horse battery' },
  bob: { user: 'bob', password: 'tr0ub4dor&3 staple' },
  carol: { user: 'carol', password: 'open sesame 42' },
} as const;

export interface Popline {
  /** http://127.0.0.1:PORT/?token=… */
  url: string;
  dbPath: string;
  /** What the bridge wrote to stderr so far (attached to failed tests). */
  log(): string;
}

const URL_LINE = /^Popline UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m;

/** The domain whose published SRV record (in the bridge's stub resolver) names the private Dovecot. */
export const MAIL_DOMAIN = 'example.test';

/** Names the bridge resolves for set-up by address; every other name does not exist. */
function dnsStub(dovecot: Dovecot): string {
  return JSON.stringify({
    hosts: { localhost: dovecot.host },
    srv: { [`_pop3s._tcp.${MAIL_DOMAIN}`]: [{ name: 'localhost', port: dovecot.tlsPort }] },
  });
}

async function startBridge(
  dbPath: string,
  dovecot: Dovecot,
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(
    tsx,
    [
      'main/bridge/dev-browser.ts',
      ...['--db', dbPath, '--port', '0', '--manual'],
      // The image server stands in for a remote host on 127.0.0.1.
      '--test-loopback-images',
      // Set-up by address resolves only the names of the stub, never the real DNS.
      '--dns-stub',
      dnsStub(dovecot),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the bridge printed no URL in time:\n${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = URL_LINE.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited (${code}) before printing its URL:\n${stderr}`));
    });
  });
  return { child, url, log: () => stderr };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ popline: Popline; app: Page }, { dovecot: Dovecot }>({
  dovecot: [
    async ({}, use) => {
      const dovecot = await startDovecot({ users: Object.values(USERS) });
      await use(dovecot);
      await dovecot.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  popline: async ({ dovecot }, use, testInfo) => {
    for (const { user } of dovecot.users) dovecot.resetMailbox(user);
    const dir = mkdtempSync(join(tmpdir(), 'popline-e2e-'));
    const dbPath = join(dir, 'popline.sqlite');
    const bridge = await startBridge(dbPath, dovecot);
    try {
      await use({ url: bridge.url, dbPath, log: bridge.log });
    } finally {
      await stopChild(bridge.child);
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('bridge-stderr', { body: bridge.log(), contentType: 'text/plain' });
      rmSync(dir, { recursive: true, force: true });
    }
  },

  app: async ({ page, popline }, use, testInfo) => {
    const target = testInfo.config.metadata.target as E2eTarget | undefined;
    if (target?.kind !== 'electron') {
      await page.goto(popline.url);
      await use(page);
      return;
    }
    // The built app (npm run build) on the same fresh database the bridge would have used.
    const electron = await _electron.launch({
      executablePath: target.executablePath,
      args: [join(root, 'app'), '--db', popline.dbPath],
      env: { ...process.env, POPLINE_DB: popline.dbPath },
    });
    try {
      await use(await electron.firstWindow());
    } finally {
      await electron.close();
    }
  },
});

export { expect } from '@playwright/test';
