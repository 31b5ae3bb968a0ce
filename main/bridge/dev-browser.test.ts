import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { httpGet } from './bridge-test-client';

const dir = mkdtempSync(join(tmpdir(), 'popline-dev-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startDevBrowser(db = join(dir, 'profile', 'popline.sqlite')) {
  const child = spawn(
    process.execPath,
    [
      // tsx as a loader in this very process, not its CLI: the CLI relays SIGTERM through a check
      // that, on a loaded machine, can give up and report 143 before the bridge's own handler ran.
      '--import',
      'tsx',
      join(import.meta.dirname, 'dev-browser.ts'),
      '--db',
      db,
      '--renderer',
      dir,
      '--manual',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const firstLine = new Promise<string>((resolve, reject) => {
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`dev:browser exited with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines, firstLine, exited };
}

describe('npm run dev:browser', () => {
  it('prints exactly one line with a per-run token, serves with it, and stops cleanly', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Popline</title>');
    const run = startDevBrowser();
    const line = await run.firstLine;
    const match = /^Popline UI: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(
      line,
    );
    expect(match, line).not.toBeNull();
    const port = Number(match?.[1]);
    const token = match?.[2] ?? '';
    const entry = await httpGet(port, `/?token=${token}`);
    expect(entry.status).toBe(303);
    expect((await httpGet(port, String(entry.headers.location))).status).toBe(200);
    expect((await httpGet(port, '/')).status).toBe(401);

    const second = startDevBrowser();
    const otherToken = /token=(.*)$/.exec(await second.firstLine)?.[1];
    expect(otherToken).not.toBe(token);

    run.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(await second.exited).toBe(0);
    expect(run.lines).toEqual([line]);
  });

  it('creates its --db profile folder 0700 and the database files 0600, under umask 022', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Popline</title>');
    const saved = process.umask(0o022);
    const db = join(dir, 'fresh-profile', 'popline.sqlite');
    try {
      const run = startDevBrowser(db);
      await run.firstLine;
      expect(statSync(join(dir, 'fresh-profile')).mode & 0o777).toBe(0o700);
      for (const file of [db, `${db}-wal`, `${db}-shm`])
        expect(statSync(file).mode & 0o777, file).toBe(0o600);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      process.umask(saved);
    }
  });
});
