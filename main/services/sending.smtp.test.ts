// Sending through the contract, as the renderer does it, against a private aiosmtpd: an identity
// using its account's password, Test sending, Reply all without the user's own addresses and with
// its thread headers, Forward carrying the original's attachment byte for byte, drafts.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ComposeInput, ComposeTemplate } from '../../shared/model/compose';
import type { Identity, OutboxItem, SmtpProbeReport } from '../../shared/model/identity';
import { getAttachment, parseDetail } from '../mime';
import { rfc822Part } from '../testing/rfc822-part';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp-server';
import { testServices, type TestServices } from '../testing/test-services';

const PASSWORD = 'pop and smtp password';
let smtp: TestSmtpServer;
let t: TestServices;
let accountId: number;

beforeAll(async () => {
  smtp = await startSmtpServer({ users: [{ user: 'alice@example.org', password: PASSWORD }] });
  t = testServices();
  accountId = t.addAccount({ user: 'alice@example.org' }, PASSWORD);
});
afterAll(async () => {
  await t?.cleanup();
  await smtp?.stop();
});
beforeEach(() => smtp.clear());

async function call<T>(name: string, arg: unknown): Promise<T> {
  const result = await t.dispatch(name as never, arg, { transport: 'electron' });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const identitySettings = () => ({
  accountId,
  name: 'Alice',
  address: 'alice@example.org',
  smtpHost: '127.0.0.1',
  smtpPort: smtp.plainPort,
  security: 'none' as const,
  allowInsecurePassword: true,
  auth: 'auto' as const,
  smtpUser: null,
});

const ORIGINAL = [
  'From: Bob <bob@example.org>',
  'To: alice@example.org, Carol <carol@example.org>',
  'Cc: dave@example.org, ALICE@example.org',
  'Subject: Plans for Saturday',
  'Date: Fri, 20 Nov 2026 10:00:00 +0000',
  'Message-ID: <orig-1@example.org>',
  'References: <root-0@example.org>',
  '',
  'Shall we sail at nine?',
  '',
].join('\n');

describe('sending through the contract', () => {
  let identity: Identity;
  it('an identity without its own password uses the account one; Test sending logs in, sends nothing', async () => {
    identity = await call<Identity>('identities.save', { identity: identitySettings() });
    expect(identity).toMatchObject({ hasOwnSecret: false, accountId });
    const report = await call<SmtpProbeReport>('identities.test', { id: identity.id });
    expect(report).toMatchObject({ ok: true, authenticated: true, encrypted: false });
    const text = report.transcript.map((l) => `${l.dir}: ${l.text}`).join('\n');
    expect(text).toMatch(/C: AUTH PLAIN \*+/);
    expect(text).toMatch(/C: QUIT\nS: 221 /);
    expect(text).not.toMatch(/MAIL FROM/);
    expect(text).not.toContain(PASSWORD);
    expect(smtp.received()).toHaveLength(0);
  });

  it('Reply all answers everyone but the user, quotes, and threads', async () => {
    const original = await t.seedMessage(accountId, 'u-orig', ORIGINAL);
    const template = await call<ComposeTemplate>('compose.template', {
      id: original,
      kind: 'reply-all',
    });
    expect(template.to.map((r) => r.address)).toEqual(['bob@example.org', 'carol@example.org']);
    expect(template.cc.map((r) => r.address)).toEqual(['dave@example.org']);
    expect(template.subject).toBe('Re: Plans for Saturday');
    expect(template.body).toMatch(/wrote:\n> Shall we sail at nine\?/);
    expect(template.identityId).toBe(identity.id);
    const compose: ComposeInput = {
      identityId: identity.id,
      to: template.to,
      cc: template.cc,
      subject: template.subject,
      body: `Yes!${template.body}`,
      inReplyTo: template.inReplyTo,
    };
    const sent = await call<OutboxItem>('compose.send', compose);
    expect(sent.status).toBe('sent');
    const [received] = smtp.received();
    expect(received?.rcptTos.sort()).toEqual([
      'bob@example.org',
      'carol@example.org',
      'dave@example.org',
    ]);
    const text = received?.raw.toString('latin1') ?? '';
    expect(text).toMatch(/^In-Reply-To: <orig-1@example\.org>\r?$/m);
    expect(text).toMatch(/^References: <root-0@example\.org> <orig-1@example\.org>\r?$/m);
  });

  it('Forward carries the original attachment byte for byte', async () => {
    const bytes = randomBytes(20_000);
    const withFile = [
      'From: Bob <bob@example.org>',
      'To: alice@example.org',
      'Subject: The chart',
      'Message-ID: <chart-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Here is the chart.',
      '--b1',
      'Content-Type: application/octet-stream; name="chart.bin"',
      'Content-Disposition: attachment; filename="chart.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      ...(bytes.toString('base64').match(/.{1,76}/g) ?? []),
      '--b1--',
      '',
    ].join('\n');
    const original = await t.seedMessage(accountId, 'u-chart', withFile);
    const template = await call<ComposeTemplate>('compose.template', {
      id: original,
      kind: 'forward',
    });
    expect(template).toMatchObject({
      subject: 'Fwd: The chart',
      attachmentsOf: original,
      inReplyTo: null,
      carriedAttachments: [{ filename: 'chart.bin', size: bytes.length }],
    });
    expect(template.body).toMatch(/Forwarded Message[\s\S]*Here is the chart\./);
    const sent = await call<OutboxItem>('compose.send', {
      identityId: identity.id,
      to: [{ name: '', address: 'erin@example.org' }],
      subject: template.subject,
      body: template.body,
      attachmentsOf: template.attachmentsOf,
    });
    expect(sent.status).toBe('sent');
    const raw = smtp.received()[0]?.raw as Buffer;
    const file = await getAttachment(raw, 0);
    expect(file.filename).toBe('chart.bin');
    expect(Buffer.from(file.content).equals(bytes)).toBe(true);
  });

  it('Forward as attachment sends the stored original as a message/rfc822 part, byte for byte', async () => {
    // CRLF, 8-bit text and a trailing space: what a re-encoding would change.
    const original = await t.seedMessage(
      accountId,
      'u-whole',
      ORIGINAL.replace('nine?', 'nine? Grüße ').replace(/\n/g, '\r\n'),
    );
    const stored = t.services.store.messages.raw(original) as Buffer;
    const sent = await call<OutboxItem>('compose.send', {
      identityId: identity.id,
      to: [{ name: '', address: 'erin@example.org' }],
      subject: 'Fwd: Plans for Saturday',
      forwardAsAttachment: [original],
    });
    expect(sent.status).toBe('sent');
    const part = rfc822Part(smtp.received()[0]?.raw as Buffer);
    expect(part.headers).toMatch(/^Content-Transfer-Encoding: (7bit|8bit|binary)$/im);
    expect(part.headers).toMatch(/^Content-Disposition: attachment/im);
    expect(part.body.equals(stored)).toBe(true);
  });

  it('a saved draft sits in Drafts, is replaced when saved again, and leaves when sent', async () => {
    const drafts = t.services.store.folders.drafts().id;
    const base = {
      identityId: identity.id,
      to: [{ name: '', address: 'bob@example.org' }],
      subject: 'Half-written',
      body: 'first words',
    };
    const first = await call<{ draftId: number }>('compose.saveDraft', base);
    const second = await call<{ draftId: number }>('compose.saveDraft', {
      ...base,
      body: 'more words',
      draftId: first.draftId,
    });
    const inDrafts = () => t.services.store.messages.list({ folderId: drafts }).map((m) => m.id);
    expect(inDrafts()).toEqual([second.draftId]);
    const detail = await parseDetail(t.services.store.messages.raw(second.draftId) as Buffer);
    expect(detail.text).toContain('more words');
    await call<OutboxItem>('compose.send', { ...base, draftId: second.draftId });
    expect(inDrafts()).toEqual([]);
    expect(smtp.received()).toHaveLength(1);
  });

  it('an SMTP password of its own is used for sending and never reaches SQLite in clear', async () => {
    const own = 'smtp-only-secret-4711';
    const withOwn = await call<Identity>('identities.save', {
      identity: { ...identitySettings(), smtpUser: 'alice-smtp' },
      password: own,
    });
    expect(withOwn.hasOwnSecret).toBe(true);
    smtp.clear();
    const sent = await call<OutboxItem>('compose.send', {
      identityId: withOwn.id,
      to: [{ name: '', address: 'bob@example.org' }],
      subject: 'with its own login',
    });
    // aiosmtpd knows only alice@example.org: its own user and password were the ones tried.
    expect(sent).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/535/) });
    const file = readFileSync(t.dbPath);
    for (const path of [t.dbPath, `${t.dbPath}-wal`]) {
      const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
      expect(bytes.includes(Buffer.from(own)), path).toBe(false);
    }
    expect(file.length).toBeGreaterThan(0);
  });

  it('refuses a message without recipients before anything is stored', async () => {
    const result = await t.dispatch(
      'compose.send',
      { identityId: identity.id, subject: 'to nobody' },
      { transport: 'electron' },
    );
    expect(result.ok).toBe(false);
    expect(t.services.store.outbox.list().map((i) => i.subject)).not.toContain('to nobody');
  });
});
