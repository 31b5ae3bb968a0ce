// Builders shared by the store's tests: a throwaway profile folder, account settings, parsed mail.
// Never used by production code.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AccountSettings } from '../../shared/model/account';
import type { IdentitySettings } from '../../shared/model/identity';
import type { ParsedMessage } from '../mime';
import { openStore, type Store, type StoreOptions } from './open-store';

export interface TempProfile {
  dir: string;
  dbPath: string;
  remove(): void;
}

export function tempProfile(): TempProfile {
  const dir = mkdtempSync(join(tmpdir(), 'popline-store-'));
  return {
    dir,
    dbPath: join(dir, 'popline.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fake clock that moves only when told to. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12)) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

export function accountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return {
    name: 'Work',
    host: 'pop.example.org',
    port: 995,
    security: 'tls',
    auth: 'auto',
    user: 'ann',
    allowInsecurePassword: false,
    retention: { mode: 'delete' },
    maxMessageSize: null,
    checkIntervalSeconds: 600,
    certFingerprint256: null,
    ...overrides,
  };
}

/** An identity sending for `accountId` through a STARTTLS submission server. */
export function identitySettings(
  accountId: number | null,
  overrides: Partial<IdentitySettings> = {},
): IdentitySettings {
  return {
    accountId,
    name: '',
    address: 'ann@example.org',
    smtpHost: 'smtp.example.org',
    smtpPort: 587,
    security: 'starttls',
    allowInsecurePassword: false,
    auth: 'auto',
    smtpUser: null,
    ...overrides,
  };
}

export function parsedMessage(overrides: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    from: { name: 'Bob Sender', address: 'bob@example.org' },
    to: [{ name: '', address: 'ann@example.org' }],
    cc: [],
    subject: 'Hello',
    date: Date.UTC(2026, 0, 1),
    messageId: '<hello@example.org>',
    snippet: 'hello there',
    hasAttachments: false,
    bodyText: 'hello there',
    parseError: null,
    ...overrides,
  };
}

export function rawMessage(subject: string, body = 'hello there'): Buffer {
  return Buffer.from(`Subject: ${subject}\r\nFrom: bob@example.org\r\n\r\n${body}\r\n`);
}

/** A store on a fresh file with one account, for tests that need both. */
export function storeWithAccount(options: StoreOptions = {}) {
  const profile = tempProfile();
  const store: Store = openStore(profile.dbPath, options);
  const account = store.accounts.create(accountSettings());
  const env = {
    profile,
    /** Tests may reopen: cleanup closes whatever store is here then. */
    store,
    accountId: account.id,
    cleanup() {
      env.store.close();
      profile.remove();
    },
  };
  return env;
}

/**
 * Another process on the same database: a fixture script of this folder run with tsx, driven by
 * one line per command and answering one line each.
 */
export function startChildProcess(script: string, args: readonly string[]) {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', path, ...args],
    { cwd: repoRoot },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${script} ended early: ${stderr}`);
    return line.value;
  };
  return {
    child,
    next,
    exited,
    async send(command: string) {
      child.stdin.write(`${command}\n`);
      return next();
    },
  };
}
