// npm start's failure path, without an Electron binary: the download step fails and the script
// says so in one line with what to do, and a distinct exit status, instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedElectron } from './e2e-target';

const root = join(import.meta.dirname, '..');
const electronBinary = installedElectron();

describe('npm start', () => {
  it.runIf(electronBinary === null)(
    'says in one line that the Electron download failed and what to do, and exits 4',
    () => {
      const cache = mkdtempSync(join(tmpdir(), 'popline-electron-cache-'));
      // npm fails loudly here: should the script ever reach for it in this test (npm ci),
      // the test fails instead of reinstalling node_modules under the running suite.
      writeFileSync(
        join(cache, 'npm'),
        '#!/bin/sh\necho "npm must not run in this test" >&2\nexit 97\n',
        {
          mode: 0o755,
        },
      );
      try {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          // Nothing listens on port 9 of loopback: the download fails at once, offline or not.
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          // An empty cache, so a zip downloaded earlier on this machine cannot make it succeed.
          electron_config_cache: cache,
          PATH: `${cache}:${process.env.PATH ?? ''}`,
        };
        delete env.ELECTRON_GET_USE_PROXY;
        const run = spawnSync('bash', ['scripts/start.sh'], {
          cwd: root,
          env,
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(run.status, run.stderr).toBe(4);
        const lines = run.stderr.trim().split('\n');
        expect(lines.at(-1)).toMatch(
          /^npm start: the Electron download failed; check the internet connection .*then run npm start again \(details: .*start\.log\)$/,
        );
        // No stack trace reaches the terminal; it is in the log.
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stdout).toBe('');
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    },
  );
});
