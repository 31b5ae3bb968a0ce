import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp-server';
import { startScriptedSmtpServer, type ScriptedSmtpServer } from '../testing/scripted-smtp-server';
import { recoverOutbox, sendFromOutbox, type OutboxSenderDeps } from './outbox-sender';
import { identityFor, queued } from './outbox-test-support';

const PASSWORD = 'correct horse battery';
let smtp: TestSmtpServer;
let profile: TempProfile;
let store: Store;
let password: string | null;

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['nobody@example.org'] });
});
afterAll(async () => smtp.stop());
beforeEach(() => {
  profile = tempProfile();
  store = openStore(profile.dbPath);
  password = PASSWORD;
  smtp.clear();
});
afterEach(() => {
  store.close();
  profile.remove();
});

const deps = (): OutboxSenderDeps => ({
  store,
  password: () => password,
  tls: { ca: smtp.certPem },
  timeouts: { connectMs: 5_000, greetingMs: 5_000, socketMs: 5_000 },
});
const logText = (sessionId: number) =>
  store.sessions.log(sessionId).map((l) => `${l.dir}: ${l.text}`);

describe('sending through the outbox (aiosmtpd: STARTTLS, AUTH)', () => {
  it('sends the stored bytes once, marks it sent on the 250, and keeps the same bytes in Sent', async () => {
    const identity = identityFor(store, smtp);
    const { item, message } = await queued(store, identity);
    expect(store.outbox.get(item.id)?.status).toBe('queued');
    const result = await sendFromOutbox(deps(), item.id);
    expect(result).toMatchObject({ status: 'sent', error: null, messageId: message.messageId });
    const received = smtp.received();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      mailFrom: 'alice@example.org',
      rcptTos: ['bob@example.org'],
      login: 'alice',
      tls: true,
    });
    expect(received[0]?.raw.equals(message.raw)).toBe(true);
    const sent = store.outbox.get(item.id);
    expect(sent?.finalReply).toMatch(/^250 /);
    expect(sent?.sentCopyId).not.toBeNull();
    const copy = store.messages.get(sent?.sentCopyId as number);
    expect(copy?.folderId).toBe(store.folders.sent().id);
    expect(store.messages.raw(sent?.sentCopyId as number)?.equals(message.raw)).toBe(true);
    // Sending it again sends nothing: it is not queued any more.
    const again = await sendFromOutbox(deps(), item.id);
    expect(again.status).toBe('sent');
    expect(smtp.received()).toHaveLength(1);
  });

  it('logs the session: EHLO, STARTTLS, AUTH redacted, MAIL FROM, RCPT TO, DATA as octets, QUIT', async () => {
    const identity = identityFor(store, smtp);
    const { item, message } = await queued(store, identity);
    const { sessionId } = await sendFromOutbox(deps(), item.id);
    const lines = logText(sessionId);
    const expected = [
      /^S: 220 /,
      /^C: EHLO /,
      /^C: STARTTLS$/,
      /^C: EHLO /,
      /^C: AUTH PLAIN \*+$/,
      /^S: 235 /,
      /^C: MAIL FROM:<alice@example\.org>/,
      /^C: RCPT TO:<bob@example\.org>$/,
      /^C: DATA$/,
      /^S: 354 /,
      new RegExp(`^C: <${message.raw.length.toLocaleString('en-US')} octets> then "\\."$`),
      /^S: 250 2\.0\.0 /,
      /^C: QUIT$/,
      /^S: 221 /,
    ];
    let at = 0;
    for (const pattern of expected) {
      const found = lines.findIndex((l, i) => i >= at && pattern.test(l));
      expect(found, `${pattern} after line ${at} in\n${lines.join('\n')}`).toBeGreaterThanOrEqual(
        0,
      );
      at = found + 1;
    }
    const all = lines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(Buffer.from(`\0alice\0${PASSWORD}`).toString('base64'));
    expect(all).not.toContain('shall we meet');
    const session = store.sessions.get(sessionId);
    expect(session).toMatchObject({ protocol: 'smtp', outcome: 'sent', quitReply: '221 Bye' });
    expect(session?.identityId).toBe(identity.id);
  });

  it('sends over implicit TLS too', async () => {
    const identity = identityFor(store, { port: smtp.tlsPort }, { security: 'tls' });
    const { item } = await queued(store, identity);
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
    expect(smtp.received()[0]?.tls).toBe(true);
  });

  it('keeps a message queued with the error when every recipient is refused', async () => {
    const identity = identityFor(store, smtp);
    const { item } = await queued(store, identity, {
      to: [{ name: '', address: 'nobody@example.org' }],
    });
    const result = await sendFromOutbox(deps(), item.id);
    expect(result.status).toBe('queued');
    expect(result.error).toMatch(/550 5\.1\.1 <nobody@example\.org>/);
    expect(store.outbox.get(item.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(smtp.received()).toHaveLength(0);
    expect(store.sessions.get(result.sessionId)).toMatchObject({
      outcome: 'not-sent',
      errorKind: 'refused-recipients',
      quitReply: '221 Bye',
    });
  });

  it('sends to the recipients taken and names the refused one', async () => {
    const identity = identityFor(store, smtp);
    const { item } = await queued(store, identity, {
      cc: [{ name: '', address: 'nobody@example.org' }],
    });
    const result = await sendFromOutbox(deps(), item.id);
    expect(result).toMatchObject({ status: 'sent', refused: ['nobody@example.org'] });
    expect(smtp.received()[0]?.rcptTos).toEqual(['bob@example.org']);
    expect(store.outbox.get(item.id)?.refused).toEqual(['nobody@example.org']);
  });

  it('keeps it queued on a rejected password, and sends it once on the retry', async () => {
    const identity = identityFor(store, smtp);
    const { item } = await queued(store, identity);
    password = 'not the password';
    const failed = await sendFromOutbox(deps(), item.id);
    expect(failed.status).toBe('queued');
    expect(failed.error).toMatch(/535/);
    expect(store.sessions.get(failed.sessionId)?.errorKind).toBe('auth');
    expect(logText(failed.sessionId).join('\n')).not.toContain('not the password');
    expect(smtp.received()).toHaveLength(0);
    password = PASSWORD;
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
    expect(smtp.received()).toHaveLength(1);
    expect(store.outbox.get(item.id)?.attempts).toBe(2);
  });

  it('never sends a password over an unencrypted link unless allowed', async () => {
    const refused = identityFor(store, { port: smtp.plainPort }, { security: 'none' });
    const { item } = await queued(store, refused);
    const result = await sendFromOutbox(deps(), item.id);
    expect(result.status).toBe('queued');
    expect(result.error).toMatch(/not encrypted/);
    expect(logText(result.sessionId).some((l) => l.startsWith('C: AUTH'))).toBe(false);
    store.identities.upsert({ ...refused, allowInsecurePassword: true });
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
    expect(smtp.received()[0]).toMatchObject({ tls: false, login: 'alice' });
  });

  it('sends it once when two sends of the same message race', async () => {
    const identity = identityFor(store, smtp);
    const { item } = await queued(store, identity);
    const results = await Promise.all([
      sendFromOutbox(deps(), item.id),
      sendFromOutbox(deps(), item.id),
    ]);
    // One claimed it and sent it; the other found it claimed and sent nothing.
    const outcomes = results.map((r) => store.sessions.get(r.sessionId)?.outcome).sort();
    expect(outcomes).toEqual(['error', 'sent']);
    expect(smtp.received()).toHaveLength(1);
    expect(store.outbox.get(item.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('sending through the outbox (scripted faults)', () => {
  let scripted: ScriptedSmtpServer;
  beforeEach(async () => {
    scripted = await startScriptedSmtpServer();
  });
  afterEach(async () => scripted.close());
  const scriptedIdentity = () =>
    identityFor(store, scripted, { security: 'none', auth: 'none', smtpUser: null });

  it('a drop before the end of DATA leaves it queued; the retry sends it once', async () => {
    // 8 MB: more than the socket buffers hold, so the client is still writing when it drops.
    const big = Buffer.alloc(6 * 1024 * 1024, 7);
    const { item } = await queued(store, scriptedIdentity(), {
      attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', content: big }],
    });
    scripted.setFault({ kind: 'drop-in-data', afterOctets: 1000 });
    const result = await sendFromOutbox(deps(), item.id);
    expect(result.status).toBe('queued');
    expect(result.error).toMatch(/closed|lost|ECONNRESET|socket/i);
    expect(scripted.dataEnded).toHaveLength(0);
    const lines = logText(result.sessionId);
    expect(lines.at(-1)).toMatch(/^I: no QUIT: /);
    scripted.setFault(null);
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
    expect(scripted.accepted).toHaveLength(1);
  });

  it('a drop after the end of DATA before the reply marks it maybe-sent and never resends it', async () => {
    const { item, message } = await queued(store, scriptedIdentity());
    scripted.setFault({ kind: 'drop-after-data-end' });
    const result = await sendFromOutbox(deps(), item.id);
    expect(result.status).toBe('maybe-sent');
    expect(scripted.dataEnded).toHaveLength(1);
    expect(scripted.dataEnded[0]?.equals(message.raw)).toBe(true);
    expect(store.sessions.get(result.sessionId)?.outcome).toBe('maybe-sent');
    expect(logText(result.sessionId).join('\n')).toMatch(/may have been sent; not resending/);
    scripted.setFault(null);
    // Send again without the user's word: nothing goes out.
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('maybe-sent');
    expect(scripted.dataEnded).toHaveLength(1);
    // The user says it did not arrive: then, and only then, it goes again.
    store.outbox.resolveMaybeSent(item.id, false, null);
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
    expect(scripted.accepted).toHaveLength(1);
  });

  it('a 4xx reply to the end of DATA leaves it queued (the server did not take it)', async () => {
    const { item } = await queued(store, scriptedIdentity());
    scripted.setFault({ kind: 'reply-to-data-end', reply: '451 4.3.0 try again later' });
    const result = await sendFromOutbox(deps(), item.id);
    expect(result).toMatchObject({ status: 'queued' });
    expect(result.error).toMatch(/451 4\.3\.0/);
    expect(store.sessions.get(result.sessionId)).toMatchObject({ quitReply: '221 bye' });
  });

  it('after a crash: sending goes back to queued, data-ended becomes maybe-sent', async () => {
    const identity = scriptedIdentity();
    const a = (await queued(store, identity, { subject: 'a' })).item;
    const b = (await queued(store, identity, { subject: 'b' })).item;
    const deadPid = 2 ** 22 + 12345;
    const sa = store.sessions.startSmtp(identity.id, null);
    const sb = store.sessions.startSmtp(identity.id, null);
    expect(store.outbox.claim(a.id, sa, deadPid)).toBe(true);
    expect(store.outbox.claim(b.id, sb, deadPid)).toBe(true);
    store.outbox.markDataEnding(b.id);
    expect(recoverOutbox(store)).toBe(2);
    expect(store.outbox.get(a.id)?.status).toBe('queued');
    expect(store.outbox.get(b.id)?.status).toBe('maybe-sent');
    expect(store.sessions.get(sa)?.outcome).toBe('interrupted');
    // A claim by this live process is left alone.
    const c = (await queued(store, identity, { subject: 'c' })).item;
    expect(store.outbox.claim(c.id, store.sessions.startSmtp(identity.id, null))).toBe(true);
    expect(recoverOutbox(store)).toBe(0);
  });

  it('after a crash and a reboot: a claim whose pid now names another process is recovered', async () => {
    const identity = scriptedIdentity();
    const { item } = await queued(store, identity, { subject: 'claimed before the reboot' });
    const session = store.sessions.startSmtp(identity.id, null);
    // Claimed by a process that had this process's pid and died: same pid, another start time.
    expect(store.outbox.claim(item.id, session)).toBe(true);
    const db = new Database(store.path);
    db.prepare('UPDATE outbox SET claim_pid_started = claim_pid_started - 1 WHERE id = ?').run(
      item.id,
    );
    db.close();
    expect(recoverOutbox(store)).toBe(1);
    expect(store.outbox.get(item.id)?.status).toBe('queued');
    expect(store.sessions.get(session)?.outcome).toBe('interrupted');
    expect((await sendFromOutbox(deps(), item.id)).status).toBe('sent');
  });
});
