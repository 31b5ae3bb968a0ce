// `send` end to end: the command line composes, commits to the outbox and submits to a private
// aiosmtpd (STARTTLS, AUTH, a self-signed certificate pinned by fingerprint); the message is
// handed on into a private Dovecot, and `sync` fetches it back with its headers, body and
// attachment bytes as sent.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAttachment, parseDetail } from '../mime';
import { openStore } from '../store';
import { startDovecot, type Dovecot } from '../testing/dovecot';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp-server';
import { runCliForTest } from './cli-test-support';

const PASSWORD = 'correct horse battery';
let smtp: TestSmtpServer;
let dovecot: Dovecot;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['nobody@example.org'] });
  dovecot = await startDovecot({ users: [{ user: 'bob', password: 'bob-password' }] });
  dir = mkdtempSync(join(tmpdir(), 'popline-send-'));
});
afterAll(async () => {
  await smtp?.stop();
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => smtp.clear());

const cli = (args: string[], password: string | null = PASSWORD) =>
  runCliForTest(args, {
    password,
    io: { smtpOverrides: { timeouts: { connectMs: 5000, greetingMs: 5000, socketMs: 5000 } } },
  });

const sendArgs = (db: string, extra: string[]) => [
  'send',
  '--db',
  db,
  '--smtp-host',
  '127.0.0.1',
  '--smtp-port',
  String(smtp.port),
  '--security',
  'starttls',
  '--cert-fingerprint',
  smtp.fingerprint256,
  '--user',
  'alice',
  '--from',
  'alice@example.org',
  '--name',
  'Alice Example',
  ...extra,
];

describe('popline send', () => {
  it('sends, arrives in Dovecot, and comes back by sync with headers, body and attachment intact', async () => {
    const db = join(dir, 'roundtrip.db');
    const bodyFile = join(dir, 'body.txt');
    const body = `Hello Bob,\n\n${'this line is long enough to be wrapped by format=flowed '.repeat(3)}\n\nAlice`;
    writeFileSync(bodyFile, body);
    const attachment = join(dir, 'report.bin');
    const bytes = randomBytes(50_000);
    writeFileSync(attachment, bytes);
    const sent = await cli(
      sendArgs(db, [
        '--to',
        'bob@example.org',
        '--cc',
        'carol@example.org',
        '--bcc',
        'dave@example.org',
        '--subject',
        'Quarterly report — draft',
        '--body-file',
        bodyFile,
        '--attach',
        attachment,
        '--json',
      ]),
    );
    expect(sent.err).toBe('');
    expect(sent.status).toBe(0);
    const result = JSON.parse(sent.out) as {
      id: number;
      status: string;
      messageId: string;
      session: number;
    };
    expect(result).toMatchObject({
      status: 'sent',
      messageId: expect.stringMatching(/^<.+@example\.org>$/),
    });
    const [received] = smtp.received();
    expect(received?.rcptTos.sort()).toEqual([
      'bob@example.org',
      'carol@example.org',
      'dave@example.org',
    ]);
    // Bcc is only in the envelope.
    expect(received?.raw.toString('latin1')).not.toMatch(/^Bcc:/im);

    dovecot.deliver('bob', [received?.raw as Buffer]);
    const inbox = join(dir, 'bob.db');
    process.env.POPLINE_PASSWORD = 'bob-password';
    const synced = await cli(
      [
        'sync',
        '--db',
        inbox,
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.port),
        '--security',
        'none',
        '--user',
        'bob',
        '--allow-insecure-password',
        '--keep',
        '--json',
      ],
      'bob-password',
    );
    expect(synced.status).toBe(0);
    const store = openStore(inbox);
    try {
      const [message] = store.messages.list({});
      const raw = store.messages.raw(message?.id as number) as Buffer;
      expect(raw.equals(received?.raw as Buffer)).toBe(true);
      const detail = await parseDetail(raw);
      expect(detail.subject).toBe('Quarterly report — draft');
      expect(detail.messageId).toBe(result.messageId);
      expect(detail.from).toMatchObject({ name: 'Alice Example', address: 'alice@example.org' });
      expect(detail.to.map((a) => a.address)).toEqual(['bob@example.org']);
      expect(detail.cc.map((a) => a.address)).toEqual(['carol@example.org']);
      expect(raw.toString('latin1')).toMatch(
        /Content-Type: text\/plain; charset=utf-8;\s+format=flowed/i,
      );
      expect(detail.text?.replace(/\r\n/g, '\n').replace(/ \n/g, ' ')).toContain('Hello Bob,');
      const file = await getAttachment(raw, 0);
      expect(file.filename).toBe('report.bin');
      expect(Buffer.from(file.content).equals(bytes)).toBe(true);
    } finally {
      store.close();
    }

    // The sender's database: the copy in Sent, and the SMTP session with AUTH redacted.
    const log = await cli(['log', '--db', db, '--session', String(result.session)]);
    expect(log.out).toMatch(/C: AUTH PLAIN \*+/);
    expect(log.out).toMatch(/C: <[\d,]+ octets> then "\."/);
    expect(log.out).toMatch(/S: 221 /);
    expect(log.out).not.toContain(PASSWORD);
    const sender = openStore(db);
    try {
      const copy = sender.messages.list({ folderId: sender.folders.sent().id });
      expect(copy.map((m) => m.subject)).toEqual(['Quarterly report — draft']);
    } finally {
      sender.close();
    }
  });

  it('a refused recipient: status queued, exit status 11, the reason on stderr', async () => {
    const db = join(dir, 'refused.db');
    const r = await cli(sendArgs(db, ['--to', 'nobody@example.org', '--subject', 'x', '--json']));
    expect(r.status).toBe(11);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'queued' });
    expect(r.err).toMatch(/not sent, kept in the outbox: .*550 5\.1\.1/);
    expect(smtp.received()).toHaveLength(0);
  });

  it('a rejected password: status queued, exit status 3', async () => {
    const db = join(dir, 'auth.db');
    const r = await cli(sendArgs(db, ['--to', 'bob@example.org', '--json']), 'wrong password');
    expect(r.status).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'queued' });
    expect(r.err).toMatch(/535/);
  });

  it('a certificate that is not the pinned one: nothing is said past EHLO, exit status 4', async () => {
    const db = join(dir, 'pin.db');
    const args = sendArgs(db, ['--to', 'bob@example.org', '--json']);
    args[args.indexOf('--cert-fingerprint') + 1] = 'AB'.repeat(32);
    const r = await cli(args);
    expect(r.status).toBe(4);
    const store = openStore(db);
    try {
      const lines = store.sessions.log(JSON.parse(r.out).session).map((l) => l.text);
      expect(lines.some((l) => /^(AUTH|MAIL)/.test(l))).toBe(false);
    } finally {
      store.close();
    }
  });

  it('refuses bad addresses before touching the database', async () => {
    const r = await cli(sendArgs(join(dir, 'bad.db'), ['--to', 'not an address']));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--to not an address: not an e-mail address/);
  });
});
