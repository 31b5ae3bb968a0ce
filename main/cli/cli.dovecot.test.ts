// The command line end to end against a private Dovecot: probe in all three security modes,
// its failure lines, and sync / list / show / log on a real database file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDovecot, syntheticMessage, type Dovecot } from '../testing/dovecot';
import { openStore } from '../store';
import { runCliForTest } from './cli-test-support';
import { buildCli } from '../../scripts/build-app';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
let dovecot: Dovecot;
let dir: string;
const PASSWORD = 'correct horse battery';

const cli = (args: string[], password: string | null = PASSWORD) =>
  runCliForTest(args, {
    password,
    io: { connectOverrides: { connectTimeoutMs: 3000, idleTimeoutMs: 5000 } },
  });

const server = (security: 'tls' | 'starttls' | 'none', extra: string[] = []) => [
  '--host',
  '127.0.0.1',
  '--port',
  String(security === 'tls' ? dovecot.tlsPort : dovecot.port),
  '--security',
  security,
  '--user',
  'alice',
  ...(security === 'none' ? [] : ['--cert-fingerprint', dovecot.fingerprint256]),
  ...extra,
];

/** Implicit TLS to Dovecot's self-signed certificate, with no fingerprint pinned. */
let unpinnedTls: string[];

beforeAll(async () => {
  dovecot = await startDovecot();
  unpinnedTls = [
    '--host',
    '127.0.0.1',
    '--port',
    String(dovecot.tlsPort),
    '--security',
    'tls',
    '--user',
    'alice',
  ];
  dir = mkdtempSync(join(tmpdir(), 'popline-cli-'));
});
afterAll(async () => {
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('probe against Dovecot', () => {
  it.each(['tls', 'starttls', 'none'] as const)(
    'reports the server over %s and logs QUIT with its +OK',
    async (security) => {
      dovecot.resetMailbox('alice');
      dovecot.deliver('alice', [syntheticMessage(1), syntheticMessage(2), syntheticMessage(3)]);
      const r = await cli(['probe', ...server(security), '--json']);
      expect(r.err).toBe('');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.out);
      expect(report.security).toBe(security);
      expect(report.messages).toBe(3);
      expect(report.octets).toBeGreaterThan(3 * 8000);
      expect(report.capabilities).toContain('PIPELINING');
      expect(report.loginDelay).toBeNull();
      if (security === 'none') expect(report.certificate).toBeNull();
      else expect(report.certificate.fingerprint256).toBe(dovecot.fingerprint256);
      const texts = report.log.map((l: { dir: string; text: string }) => `${l.dir}: ${l.text}`);
      expect(texts.join('\n')).not.toContain(PASSWORD);
      expect(texts.at(-2)).toBe('C: QUIT');
      expect(texts.at(-1)).toMatch(/^S: \+OK/);
      for (const l of report.log) expect(['C', 'S']).toContain(l.dir);
    },
  );

  it.each(['user', 'plain', 'login', 'cram-md5', 'scram-sha-256', 'apop'])(
    'authenticates with %s',
    async (auth) => {
      const r = await cli(['probe', ...server('tls', ['--auth', auth]), '--json']);
      expect(r.err).toBe('');
      expect(JSON.parse(r.out).authMethod).toBe(auth);
    },
  );

  it('names an untrusted certificate with its fingerprint', async () => {
    const r = await cli(['probe', ...unpinnedTls]);
    expect(r.status).toBe(4);
    expect(r.err).toContain('certificate not trusted');
    expect(r.err).toContain(dovecot.fingerprint256);
  });

  it('rejects a wrong pinned fingerprint', async () => {
    const wrong = dovecot.fingerprint256.replace(
      /^../,
      dovecot.fingerprint256.startsWith('00') ? '11' : '00',
    );
    const r = await cli(['probe', ...unpinnedTls, '--cert-fingerprint', wrong]);
    expect(r.status).toBe(4);
  });

  it('says credentials rejected for a wrong password', async () => {
    const r = await cli(['probe', ...server('starttls')], 'not the password');
    expect(r.status).toBe(3);
    expect(r.err).toMatch(/^error: credentials rejected/);
  });

  it('says connection refused', async () => {
    const r = await cli([
      'probe',
      '--host',
      '127.0.0.1',
      '--port',
      '1',
      '--security',
      'none',
      '--user',
      'alice',
    ]);
    expect(r.status).toBe(6);
    expect(r.err).toBe('error: connection refused by 127.0.0.1:1');
  });

  it('refuses a clear-text password on an unencrypted link unless allowed', async () => {
    const r = await cli(['probe', ...server('none', ['--auth', 'user'])]);
    expect(r.status).toBe(5);
    const ok = await cli([
      'probe',
      ...server('none', ['--auth', 'user', '--allow-insecure-password']),
    ]);
    expect(ok.status).toBe(0);
  });

  it('never takes the password from the command line', async () => {
    const r = await cli(['probe', ...server('tls')], null);
    expect(r.status).toBe(2);
    expect(r.err).toContain('POPLINE_PASSWORD');
  });

  it('runs as a process through npm run cli', () => {
    const p = spawnSync('npm', ['run', '-s', 'cli', '--', 'probe', ...server('tls'), '--json'], {
      env: { ...process.env, POPLINE_PASSWORD: PASSWORD },
      encoding: 'utf8',
    });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout).security).toBe('tls');
  });

  it('runs as built JavaScript: the bundled bin syncs with its parse worker beside it', async () => {
    // Inside the project, as dist/cli is, so the bundle finds better-sqlite3 in node_modules.
    mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
    const bin = mkdtempSync(join(projectRoot, '.tmp', 'cli-bin-'));
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    await buildCli(bin);
    // The entry, its worker, and the chunks each command loads on demand (with source maps).
    const files = readdirSync(bin);
    expect(files).toEqual(expect.arrayContaining(['parse-worker.mjs', 'popline.mjs']));
    expect(
      files.filter((f) => !/^(popline|parse-worker|chunk-[A-Z0-9]+)\.mjs(\.map)?$/.test(f)),
    ).toEqual([]);
    expect(files.some((f) => f.startsWith('chunk-'))).toBe(true);
    dovecot.resetMailbox('alice');
    dovecot.deliver('alice', [syntheticMessage(41), syntheticMessage(42)]);
    const db = join(dir, 'bin.db');
    // Run as the system runs a bin: by its shebang, with the Node flags it names.
    const run = (args: string[]) =>
      spawnSync(join(bin, 'popline.mjs'), args, {
        env: { ...process.env, POPLINE_PASSWORD: PASSWORD },
        encoding: 'utf8',
      });
    const sync = run([
      'sync',
      '--db',
      db,
      ...server('none', ['--auth', 'user']),
      '--allow-insecure-password',
      '--delete',
      '--json',
    ]);
    expect(sync.stderr).toBe('');
    expect(JSON.parse(sync.stdout)).toMatchObject({ outcome: 'ok', retrieved: 2, deleted: 2 });
    const list = JSON.parse(run(['list', '--db', db, '--json']).stdout) as { subject: string }[];
    expect(list.map((m) => m.subject).sort()).toEqual([
      'Message 41 about ledger',
      'Message 42 about quartz',
    ]);
  }, 120_000);
});

describe('sync, list, show and log against Dovecot', () => {
  it('retrieves everything in one session, empties the maildir, and shows what it stored', async () => {
    dovecot.resetMailbox('alice');
    const unique = Buffer.from(
      'From: Zed <zed@example.test>\r\nSubject: Lunch\r\nDate: Mon, 1 Dec 2025 10:00:00 +0000\r\n\r\nBring the zebracorn.\r\n',
    );
    const originals = [
      syntheticMessage(10),
      syntheticMessage(11, 200_000),
      syntheticMessage(12),
      unique,
    ];
    dovecot.deliver('alice', originals);
    const db = join(dir, 'sync.db');
    const r = await cli(['sync', '--db', db, ...server('starttls'), '--json']);
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({
      outcome: 'ok',
      retrieved: 4,
      deleted: 4,
      skipped: 0,
      errors: [],
      nextAllowedLogin: null,
    });
    expect(dovecot.mailboxFiles('alice')).toEqual([]);

    const list = JSON.parse((await cli(['list', '--db', db, '--json'])).out);
    expect(list).toHaveLength(4);
    expect(list[0]).toEqual(
      expect.objectContaining({ subject: 'Message 12 about quartz', read: false }),
    );
    expect(Object.keys(list[0]).sort()).toEqual([
      'date',
      'from',
      'id',
      'read',
      'size',
      'subject',
      'uidl',
    ]);

    const big = list.find((m: { subject: string }) => m.subject.startsWith('Message 11'));
    const raw = await cli(['show', '--db', db, String(big.id), '--raw']);
    expect(raw.raw.equals(originals[1]!)).toBe(true);

    const log = JSON.parse((await cli(['log', '--db', db, '--last', '--json'])).out);
    expect(log.session).toBe(result.session);
    const texts: string[] = log.lines.map(
      (l: { dir: string; text: string }) => `${l.dir}: ${l.text}`,
    );
    expect(texts.join('\n')).not.toContain(PASSWORD);
    expect(texts.filter((t) => t.startsWith('C: RETR'))).toHaveLength(4);
    expect(texts.filter((t) => t.startsWith('C: DELE'))).toHaveLength(4);
    expect(texts.at(-2)).toBe('C: QUIT');
    expect(texts.at(-1)).toMatch(/^S: \+OK/);

    const found = JSON.parse(
      (await cli(['list', '--db', db, '--search', 'zebracorn', '--json'])).out,
    );
    expect(found.map((m: { subject: string }) => m.subject)).toEqual(['Lunch']);
  });

  it('leaves the maildir untouched with --keep and does not download twice', async () => {
    dovecot.resetMailbox('alice');
    dovecot.deliver('alice', [syntheticMessage(20), syntheticMessage(21)]);
    const before = dovecot.mailboxFiles('alice').length;
    const db = join(dir, 'keep.db');
    const first = JSON.parse(
      (await cli(['sync', '--db', db, ...server('tls'), '--keep', '--json'])).out,
    );
    expect(first).toMatchObject({ retrieved: 2, deleted: 0 });
    const second = JSON.parse(
      (await cli(['sync', '--db', db, ...server('tls'), '--keep', '--json'])).out,
    );
    expect(second).toMatchObject({ retrieved: 0, deleted: 0, skipped: 2 });
    expect(dovecot.mailboxFiles('alice')).toHaveLength(before);
  });

  it('keeps dot-stuffed lines and a lone dot intact', async () => {
    dovecot.resetMailbox('alice');
    const tricky = Buffer.from(
      'From: a@example.test\r\nSubject: dots\r\n\r\n.\r\n..\r\n.leading dot\r\nend\r\n',
    );
    dovecot.deliver('alice', [tricky]);
    const db = join(dir, 'dots.db');
    await cli([
      'sync',
      '--db',
      db,
      ...server('none', ['--allow-insecure-password', '--auth', 'user']),
    ]);
    const [m] = JSON.parse((await cli(['list', '--db', db, '--json'])).out);
    const raw = await cli(['show', '--db', db, String(m.id), '--raw']);
    expect(raw.raw.toString()).toBe(tricky.toString());
  });
});

describe('terminal safety of list, show and log', () => {
  const HOSTILE_SUBJECT =
    'Invoice \x1b]52;c;cm0gLXJmIH4=\x07 \x1b[2J \x1b]8;;http://evil.test/\x1b\\click\x1b]8;;\x1b\\ \u202egpj.exe \x9b31m';
  const HOSTILE_NAME = '\x1b]0;pwned\x07Bank \u2066Support\u2069';
  const encoded = (text: string) => `=?utf-8?b?${Buffer.from(text).toString('base64')}?=`;
  // Anything a terminal would act on: C0 but tab and line feed, DEL, C1, bidi controls.
  const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('shows escape sequences and bidi controls from mail escaped, keeps --json exact and --raw whole', async () => {
    dovecot.resetMailbox('alice');
    const hostile = Buffer.from(
      [
        `From: ${encoded(HOSTILE_NAME)} <bank@example.test>`,
        `Subject: ${encoded(HOSTILE_SUBJECT)}`,
        'Date: Mon, 1 Dec 2025 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Dear customer,\x1b[2J',
        'pay here\x1b]8;;http://evil.test/\x07now\x1b]8;;\x07.',
        '',
      ].join('\r\n'),
    );
    dovecot.deliver('alice', [hostile]);
    const db = join(dir, 'hostile.db');
    expect((await cli(['sync', '--db', db, ...server('starttls'), '--json'])).status).toBe(0);

    const list = await cli(['list', '--db', db]);
    expect(list.out).not.toMatch(ACTIVE);
    expect(list.out).toContain('Invoice \\x1b]52;c;cm0gLXJmIH4=\\x07 \\x1b[2J');
    expect(list.out).toContain('\\u202egpj.exe \\x9b31m');
    expect(list.out).toContain('\\x1b]0;pwned\\x07Bank');

    expect(await cli(['list', '--db', db, '--search', 'invoice\x00'])).toMatchObject({
      status: 2,
      err: expect.stringContaining('control characters'),
    });

    const listed = JSON.parse((await cli(['list', '--db', db, '--json'])).out);
    expect(listed[0].subject).toBe(HOSTILE_SUBJECT);
    expect(listed[0].from).toBe(`${HOSTILE_NAME} <bank@example.test>`);

    const shown = await cli(['show', '--db', db, String(listed[0].id)]);
    expect(shown.out).not.toMatch(ACTIVE);
    expect(shown.out).toContain('Subject: Invoice \\x1b]52;c;');
    expect(shown.out).toContain('From:    \\x1b]0;pwned\\x07Bank \\u2066Support\\u2069');
    expect(shown.out).toContain(
      'Dear customer,\\x1b[2J\npay here\\x1b]8;;http://evil.test/\\x07now',
    );

    const json = await cli(['show', '--db', db, String(listed[0].id), '--json']);
    expect(json.out).not.toMatch(ACTIVE);
    expect(JSON.parse(json.out).detail.subject).toBe(HOSTILE_SUBJECT);

    const raw = await cli(['show', '--db', db, String(listed[0].id), '--raw']);
    expect(raw.raw.equals(hostile)).toBe(true);

    // A server's reply lands in the protocol log as sent: a hostile -ERR text, say.
    const store = openStore(db);
    try {
      const session = store.sessions.last();
      if (!session) throw new Error('no session');
      store.sessions.appendLog(session.id, [
        { dir: 'S', text: '-ERR \x1b]52;c;ZXZpbA==\x07 \u202eno' },
      ]);
    } finally {
      store.close();
    }
    const log = await cli(['log', '--db', db, '--last']);
    expect(log.out).not.toMatch(ACTIVE);
    expect(log.out).toContain('S: -ERR \\x1b]52;c;ZXZpbA==\\x07 \\u202eno');
    const logJson = await cli(['log', '--db', db, '--last', '--json']);
    expect(logJson.out).not.toMatch(ACTIVE);
    expect(JSON.parse(logJson.out).lines.at(-1).text).toBe('-ERR \x1b]52;c;ZXZpbA==\x07 \u202eno');
  });
});
