import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/contract/names';
import type { Result } from '../../../shared/result';
import { mboxEntry } from '../../mailbox/mboxrd';
import { parseMessage } from '../../mime';
import { CHUNK_OCTETS } from '../../store';
import { SOURCE_HEAD_OCTETS } from './messages-handlers';
import { Pop3Error, type ProbeReport as EngineProbeReport } from '../../pop3';
import { ManualClock } from '../../scheduler/manual-clock';
import { largeAttachmentMessage } from '../../testing/large-message';
import { testServices, type TestServices } from '../../testing/test-services';
import type { RunSync } from '../../services/sync-runner';
import { emptySyncResult, type SyncResult } from '../../sync/sync-account';

const T0 = Date.UTC(2026, 0, 15, 12);
let t: TestServices;
afterEach(async () => t?.cleanup());

async function call<T = unknown>(method: string, arg?: unknown): Promise<T> {
  const result = (await t.dispatch(method, arg, { transport: 'browser-bridge' })) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

async function fail(method: string, arg?: unknown) {
  const result = await t.dispatch(method, arg, { transport: 'browser-bridge' });
  if (result.ok) throw new Error(`${method} succeeded`);
  return result.error;
}

const draft = {
  host: 'pop.example.org',
  port: 995,
  security: 'tls',
  user: 'ann',
};

const PLAIN = `From: Bob <bob@example.org>
To: ann@example.org
Subject: Lunch on Friday
Date: Thu, 15 Jan 2026 10:00:00 +0000
Message-ID: <lunch@example.org>

Shall we meet at the usual place?
`;

const WITH_ATTACHMENT = `From: Carol <carol@example.org>
To: ann@example.org
Subject: The report
Date: Wed, 14 Jan 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Here it is.
--b1
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="../../etc/report.bin"
Content-Transfer-Encoding: base64

AAECAwQ=
--b1--
`;

function engineReport(over: Partial<EngineProbeReport> = {}): EngineProbeReport {
  return {
    security: {
      security: 'tls',
      tlsProtocol: 'TLSv1.3',
      pinned: false,
      certificate: {
        subject: 'CN=pop.example.org',
        issuer: 'CN=Test CA',
        fingerprint256: 'AB:CD',
        validFrom: 'Jan 1 2026',
        validTo: 'Jan 1 2027',
      },
    },
    capabilities: ['USER', 'UIDL', 'LOGIN-DELAY 900', 'EXPIRE 5'],
    parsed: {
      raw: [],
      top: true,
      user: true,
      uidl: true,
      pipelining: false,
      respCodes: true,
      authRespCode: false,
      stls: false,
      utf8: false,
      sasl: [],
      expireDays: 5,
      implementation: 'Dovecot',
    },
    loginDelay: 900,
    expire: 5,
    messages: 3,
    octets: 1234,
    authMethod: 'user',
    log: [
      { time: T0, dir: 'C', text: 'USER ann' },
      { time: T0, dir: 'C', text: 'PASS ********' },
      { time: T0, dir: 'S', text: '+OK' },
    ],
    quit: { ok: true, text: '+OK bye' },
    ...over,
  };
}

function syncResult(accountId: number, over: Partial<SyncResult> = {}): SyncResult {
  return {
    accountId,
    session: 1,
    outcome: 'ok',
    retrieved: 0,
    deleted: 0,
    skipped: 0,
    errors: [],
    warnings: [],
    nextAllowedLogin: null,
    reachedUpdate: true,
    ...over,
  };
}

function recordEvents() {
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  t.services.events.onAny((event, payload) => seen.push({ event, payload }));
  return seen;
}

describe('accounts', () => {
  it('adds an account with its password encrypted, and never returns the password', async () => {
    t = testServices();
    const account = await call<{ id: number; hasSecret: boolean }>('accounts.add', {
      account: draft,
      password: 'correct horse battery',
    });
    expect(account).toMatchObject({
      host: 'pop.example.org',
      hasSecret: true,
      checkIntervalSeconds: 600,
    });
    expect(JSON.stringify(await call('accounts.list'))).not.toContain('correct horse');
    const stored = t.services.store.accounts.readSecret(account.id);
    expect(stored?.cipher.toString('utf8')).not.toContain('correct horse');
    expect(readFileSync(t.dbPath).includes('correct horse')).toBe(false);
    expect(t.services.secrets.read(account.id)).toBe('correct horse battery');
  });

  it('asks before storing a password without an OS keyring', async () => {
    t = testServices({ protection: 'weak' });
    const error = await fail('accounts.add', { account: draft, password: 'pw' });
    expect(error.kind).toBe('keyring-missing');
    expect(await call('accounts.list')).toEqual([]);
    const added = await call<{ id: number }>('accounts.add', {
      account: draft,
      password: 'pw',
      allowWeakSecretStorage: true,
    });
    expect(
      await fail('accounts.update', { id: added.id, changes: {}, password: 'new' }),
    ).toMatchObject({
      kind: 'keyring-missing',
    });
    expect(await call('app.info')).toMatchObject({ secretStorage: 'weak' });
  });

  it('refuses to store a password at all when the system cannot encrypt, consent or not', async () => {
    t = testServices({ protection: 'unavailable' });
    for (const allowWeakSecretStorage of [false, true])
      expect(
        await fail('accounts.add', { account: draft, password: 'pw', allowWeakSecretStorage }),
      ).toMatchObject({ kind: 'conflict', reason: 'keyring-unavailable' });
    expect(await call('accounts.list')).toEqual([]);
    expect(await call('app.info')).toMatchObject({ secretStorage: 'unavailable' });
  });

  it('refuses a second account for the same user, host and port as a conflict', async () => {
    t = testServices();
    await call('accounts.add', { account: draft, password: 'pw' });
    expect(await fail('accounts.add', { account: draft, password: 'pw' })).toMatchObject({
      kind: 'conflict',
    });
  });

  it('updates only the fields given, and says not-found for an unknown account', async () => {
    t = testServices();
    const { id } = await call<{ id: number }>('accounts.add', {
      account: { ...draft, name: 'Work', retention: { mode: 'keep-days', days: 7 } },
      password: 'pw',
    });
    const updated = await call('accounts.update', { id, changes: { checkIntervalSeconds: 900 } });
    expect(updated).toMatchObject({
      name: 'Work',
      checkIntervalSeconds: 900,
      retention: { mode: 'keep-days', days: 7 },
    });
    await call('accounts.update', { id, changes: {}, password: 'new pw' });
    expect(t.services.secrets.read(id)).toBe('new pw');
    expect(await fail('accounts.update', { id: 999, changes: {} })).toMatchObject({
      kind: 'not-found',
    });
  });

  it('removes an account, keeping its mail in a folder named after it unless told to delete', async () => {
    t = testServices();
    const { id } = await call<{ id: number }>('accounts.add', {
      account: { ...draft, name: 'Work' },
      password: 'pw',
    });
    const message = await t.seedMessage(id, 'u1', PLAIN);
    const { keptIn } = await call<{ keptIn: { id: number; name: string } }>('accounts.remove', {
      id,
    });
    expect(keptIn).toMatchObject({ name: 'Work', accountId: null, total: 1 });
    expect(await call('accounts.list')).toEqual([]);
    expect(await call('messages.list', { folderId: keptIn.id })).toMatchObject({
      items: [{ id: message, accountId: null }],
    });
    expect(await fail('accounts.remove', { id })).toMatchObject({ kind: 'not-found' });
    const other = await call<{ id: number }>('accounts.add', { account: draft, password: 'pw' });
    const gone = await t.seedMessage(other.id, 'u2', PLAIN);
    expect(await call('accounts.remove', { id: other.id, mail: 'delete' })).toEqual({
      keptIn: null,
    });
    expect(await fail('messages.detail', { id: gone })).toMatchObject({ kind: 'not-found' });
  });
});

describe('accounts.testConnection', () => {
  it('probes a draft and reports capabilities, certificate, LOGIN-DELAY, EXPIRE and warnings', async () => {
    const probed: unknown[] = [];
    t = testServices({
      probe: async (options) => {
        probed.push(options);
        return engineReport();
      },
    });
    const report = await call('accounts.testConnection', {
      account: { ...draft, retention: { mode: 'keep-days', days: 30 } },
      password: 'pw',
    });
    expect(probed).toEqual([
      expect.objectContaining({
        host: 'pop.example.org',
        port: 995,
        security: 'tls',
        user: 'ann',
        secret: 'pw',
      }),
    ]);
    expect(report).toMatchObject({
      security: 'tls',
      certificate: { subject: 'CN=pop.example.org', fingerprint256: 'AB:CD', pinned: false },
      capabilities: ['USER', 'UIDL', 'LOGIN-DELAY 900', 'EXPIRE 5'],
      loginDelay: 900,
      expire: 5,
      implementation: 'Dovecot',
      messages: 3,
    });
    const warnings = (report as { warnings: string[] }).warnings.join(' ');
    expect(warnings).toContain('EXPIRE 5');
    expect(warnings).toContain('LOGIN-DELAY');
  });

  it('turns an untrusted certificate into an error carrying its fingerprint', async () => {
    t = testServices({
      probe: async () => {
        throw new Pop3Error('certificate-untrusted', 'self-signed certificate', {
          certificate: { subject: 'CN=self', fingerprint256: '12:34' },
        });
      },
    });
    expect(await fail('accounts.testConnection', { account: draft, password: 'pw' })).toEqual({
      kind: 'certificate-untrusted',
      message: 'self-signed certificate',
      reason: 'certificate-untrusted',
      fingerprint256: '12:34',
      subject: 'CN=self',
    });
  });

  it('tells a rejected password from a busy mailbox', async () => {
    let kind: 'auth' | 'in-use' = 'auth';
    t = testServices({
      probe: async () => {
        throw new Pop3Error(kind, `-ERR ${kind}`);
      },
    });
    expect(await fail('accounts.testConnection', { account: draft, password: 'pw' })).toMatchObject(
      {
        kind: 'credentials',
      },
    );
    kind = 'in-use';
    expect(await fail('accounts.testConnection', { account: draft, password: 'pw' })).toMatchObject(
      {
        kind: 'retry-later',
        reason: 'in-use',
      },
    );
  });

  it('tests a saved account with its stored password and counts it as a login for LOGIN-DELAY', async () => {
    const clock = new ManualClock(T0);
    const secrets: string[] = [];
    t = testServices({
      clock,
      probe: async (options) => {
        secrets.push(options.secret);
        return engineReport();
      },
    });
    const id = t.addAccount({}, 'stored pw');
    await call('accounts.testConnection', { id });
    expect(secrets).toEqual(['stored pw']);
    expect(t.services.store.accounts.get(id)).toMatchObject({
      lastLoginAt: T0,
      loginDelaySeconds: 900,
    });
    await clock.advance(60_000);
    expect(await fail('accounts.testConnection', { id })).toMatchObject({
      kind: 'retry-later',
      at: T0 + 900_000,
    });
    expect(secrets).toHaveLength(1);
  });

  it('refuses as busy, without a second login, while a sync of that account runs', async () => {
    let release = () => {};
    const syncing = new Promise<void>((resolve) => (release = resolve));
    let probes = 0;
    t = testServices({
      runSync: async (accountId) => {
        await syncing;
        return emptySyncResult(accountId, 'ok');
      },
      probe: async () => {
        probes++;
        return engineReport();
      },
    });
    const id = t.addAccount();
    const sync = t.services.runner.run(id);
    expect(await fail('accounts.testConnection', { id })).toMatchObject({
      kind: 'conflict',
      reason: 'busy',
    });
    // The same mailbox typed in as a draft is the same login.
    const saved = t.services.store.accounts.get(id)!;
    const asDraft = { ...draft, host: saved.host, port: saved.port, user: saved.user };
    expect(
      await fail('accounts.testConnection', { account: asDraft, password: 'pw' }),
    ).toMatchObject({ reason: 'busy' });
    expect(probes).toBe(0);
    release();
    await sync;
    await call('accounts.testConnection', { id });
    expect(probes).toBe(1);
  });

  it('refuses as busy while another process holds the account sync lock', async () => {
    t = testServices({ probe: async () => engineReport() });
    const id = t.addAccount();
    // The parent process is alive: its lock is not stale.
    expect(t.services.store.locks.tryAcquire(id, process.ppid)).toBe(true);
    expect(await fail('accounts.testConnection', { id })).toMatchObject({ reason: 'busy' });
    t.services.store.locks.release(id, process.ppid);
  });

  it('counts a test of a draft naming a saved mailbox as a login of that account', async () => {
    const clock = new ManualClock(T0);
    t = testServices({ clock, probe: async () => engineReport() });
    const id = t.addAccount();
    const saved = t.services.store.accounts.get(id)!;
    await call('accounts.testConnection', {
      account: { ...draft, host: saved.host, port: saved.port, user: saved.user },
      password: 'pw',
    });
    expect(t.services.store.accounts.get(id)).toMatchObject({
      lastLoginAt: T0,
      loginDelaySeconds: 900,
    });
    expect(t.services.store.locks.holder(id)).toBeUndefined();
  });
});

describe('messages', () => {
  it('lists pages with a total, filters by account and finds words in the body', async () => {
    t = testServices();
    const a = t.addAccount();
    const b = t.addAccount();
    await t.seedMessage(a, 'u1', PLAIN);
    await t.seedMessage(a, 'u2', WITH_ATTACHMENT);
    await t.seedMessage(b, 'u3', PLAIN.replace('Lunch on Friday', 'Other account'));
    const page = await call<{ items: Array<{ subject: string }>; total: number }>('messages.list', {
      limit: 2,
    });
    expect(page.total).toBe(3);
    expect(page.items.map((m) => m.subject)).toEqual(['Other account', 'Lunch on Friday']);
    const ofA = await call<{ total: number }>('messages.list', { accountId: a });
    expect(ofA.total).toBe(2);
    const found = await call<{ items: Array<{ subject: string }> }>('messages.list', {
      search: 'usual place',
      accountId: a,
    });
    expect(found.items.map((m) => m.subject)).toEqual(['Lunch on Friday']);
  });

  it('answers a search with NUL or another control character as invalid-argument, not internal', async () => {
    t = testServices();
    await t.seedMessage(t.addAccount(), 'u1', PLAIN);
    for (const search of ['usual\u0000place', 'a\u0007b', '\u001b[2J', 'x\u009by', 'tab\u000b'])
      expect(await fail('messages.list', { search }), JSON.stringify(search)).toMatchObject({
        kind: 'invalid-argument',
      });
    // Ordinary spacing still searches.
    const found = await call<{ total: number }>('messages.list', { search: 'usual\tplace' });
    expect(found.total).toBe(1);
  });

  it('opens a message with its text and attachments, and shows its raw source', async () => {
    t = testServices();
    const id = await t.seedMessage(t.addAccount(), 'u1', WITH_ATTACHMENT);
    const detail = await call<{
      subject: string;
      text: string;
      from: unknown;
      attachments: Array<{ index: number; filename: string; size: number }>;
    }>('messages.detail', { id });
    expect(detail.subject).toBe('The report');
    expect(detail.from).toEqual({ name: 'Carol', address: 'carol@example.org' });
    expect(detail.text).toContain('Here it is.');
    expect(detail.attachments).toEqual([
      expect.objectContaining({ index: 0, filename: '../../etc/report.bin', size: 5 }),
    ]);
    const raw = await call<{ source: string }>('messages.raw', { id });
    expect(raw.source).toContain('Content-Disposition: attachment');
    expect(await fail('messages.detail', { id: id + 100 })).toMatchObject({ kind: 'not-found' });
  });

  it('saves an attachment through the platform under a name that cannot leave the folder', async () => {
    t = testServices();
    const id = await t.seedMessage(t.addAccount(), 'u1', WITH_ATTACHMENT);
    expect(await call('messages.saveAttachment', { id, index: 0 })).toEqual({
      status: 'saved',
      path: '/saved/_.._etc_report.bin',
    });
    expect(t.saved[0]?.suggestedName).not.toContain('/');
    expect([...(t.saved[0]?.content ?? [])]).toEqual([0, 1, 2, 3, 4]);
    expect(await fail('messages.saveAttachment', { id, index: 5 })).toMatchObject({
      kind: 'not-found',
    });
  });

  it('opens a large message without its large attachment and saves that attachment byte-exact', async () => {
    t = testServices();
    // 9 MiB of octets in base64: past WHOLE_PARSE_OCTETS, read a piece at a time.
    const { raw, attachment: bytes } = largeAttachmentMessage(9 * 1024 * 1024);
    const id = await t.seedMessage(t.addAccount(), 'u1', raw);
    const detail = await call<{ text: string; attachments: Array<{ size: number }> }>(
      'messages.detail',
      { id },
    );
    expect(detail.text).toContain('The big one.');
    expect(detail.attachments).toEqual([expect.objectContaining({ size: bytes.length })]);
    await call('messages.saveAttachment', { id, index: 0 });
    expect(Buffer.from(t.saved[0]?.content ?? []).equals(bytes)).toBe(true);
    // Handed to the platform as it is decoded, never as one 9 MiB buffer.
    expect(t.saved[0]?.largestPiece).toBeLessThanOrEqual(CHUNK_OCTETS);
    expect(await fail('messages.saveAttachment', { id, index: 1 })).toMatchObject({
      kind: 'not-found',
    });
  });

  describe('a large message (stored in chunks) is never joined whole', () => {
    // 9 MiB of text lines with From_ lines split across chunk boundaries: "Fr|om the boundary"
    // across the first, ">|From again" across the second; the last line has no line break.
    const bigText = () => {
      let raw = 'From: Carol <carol@example.org>\r\nSubject: Big text\r\n\r\n';
      const fillTo = (at: number) => {
        while (at - raw.length > 100) raw += `${'x'.repeat(78)}\r\n`;
        raw += `${'y'.repeat(at - raw.length - 2)}\r\n`;
      };
      fillTo(CHUNK_OCTETS - 2);
      raw += 'From the boundary\r\n';
      fillTo(2 * CHUNK_OCTETS - 1);
      raw += '>From again\r\n';
      fillTo(9 * 1024 * 1024);
      return `${raw}From the end`;
    };
    const seedBig = async () => {
      t = testServices();
      const raw = bigText();
      const id = await t.seedMessage(t.addAccount(), 'u1', raw);
      expect(t.services.store.stagedBodies.isChunked(id)).toBe(true);
      // The one reader that joins a message whole: none of these paths may call it.
      const joined = vi.spyOn(t.services.store.messages, 'raw');
      return { id, bytes: Buffer.from(raw, 'latin1'), joined };
    };

    it('Save As hands the .eml to the platform a chunk at a time, byte-exact', async () => {
      const { id, bytes, joined } = await seedBig();
      await call('messages.saveAs', { id });
      expect(t.saved[0]?.content.equals(bytes)).toBe(true);
      expect(t.saved[0]?.largestPiece).toBeLessThanOrEqual(CHUNK_OCTETS);
      expect(joined).not.toHaveBeenCalled();
    });

    it('View source ships only the head of the message, and says how large all of it is', async () => {
      const { id, bytes, joined } = await seedBig();
      const source = await call<{ source: string; size: number; shown: number }>('messages.raw', {
        id,
      });
      expect(source).toMatchObject({ size: bytes.length, shown: SOURCE_HEAD_OCTETS });
      expect(source.source).toBe(bytes.subarray(0, SOURCE_HEAD_OCTETS).toString('latin1'));
      expect(joined).not.toHaveBeenCalled();
    });

    it('exports the folder to mbox a chunk at a time, quoting From_ lines split across chunks', async () => {
      const { id, bytes, joined } = await seedBig();
      const inbox = (await call<Array<{ id: number; role: string }>>('folders.list')).find(
        (f) => f.role === 'inbox',
      );
      await call('folders.exportMbox', { id: inbox?.id });
      const mbox = t.saved[0]?.content ?? Buffer.alloc(0);
      const receivedAt = t.services.store.messages.get(id)?.receivedAt ?? NaN;
      expect(mbox.equals(Buffer.concat(mboxEntry(bytes, 'carol@example.org', receivedAt)))).toBe(
        true,
      );
      const text = mbox.toString('latin1');
      expect(text).toContain('\r\n>From the boundary\r\n');
      expect(text).toContain('\r\n>>From again\r\n');
      expect(text.endsWith('\r\n>From the end\n\n')).toBe(true);
      expect(t.saved[0]?.largestPiece).toBeLessThanOrEqual(CHUNK_OCTETS);
      expect(joined).not.toHaveBeenCalled();
    });
  });

  it('marks read, deletes here, and marks for deletion in the next session', async () => {
    t = testServices();
    const account = t.addAccount();
    const one = await t.seedMessage(account, 'u1', PLAIN);
    const two = await t.seedMessage(account, 'u2', WITH_ATTACHMENT);
    expect(await call('messages.markRead', { ids: [one, two], read: true })).toEqual({
      updated: 2,
    });
    expect(await call('messages.deleteFromServer', { ids: [two] })).toEqual({ marked: 1 });
    const page = await call<{
      items: Array<{ id: number; read: boolean; deleteFromServerPending: boolean }>;
    }>('messages.list', {});
    expect(page.items.find((m) => m.id === two)).toMatchObject({
      read: true,
      deleteFromServerPending: true,
    });
    expect(await call('messages.deleteLocally', { ids: [one] })).toEqual({ deleted: 1 });
    expect(await fail('messages.detail', { id: one })).toMatchObject({ kind: 'not-found' });
    expect((await call<{ total: number }>('messages.list', {})).total).toBe(1);
  });
});

describe('messages.remoteImages', () => {
  it('fetches only for a message that is there, and only http(s) URLs', async () => {
    t = testServices();
    const account = t.addAccount();
    const id = await t.seedMessage(account, 'u1', PLAIN);
    expect(
      await fail('messages.remoteImages', { id: id + 50, urls: ['https://x.test/a.png'] }),
    ).toMatchObject({ kind: 'not-found' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:image/png;base64,AA'])
      expect(await fail('messages.remoteImages', { id, urls: [url] })).toMatchObject({
        kind: 'invalid-argument',
      });
    expect(
      await fail('messages.remoteImages', { id, urls: [`https://x.test/${'a'.repeat(2048)}`] }),
    ).toMatchObject({ kind: 'invalid-argument' });
    expect(
      await fail('messages.remoteImages', {
        id,
        urls: Array.from({ length: 201 }, (_, i) => `https://x.test/${i}.png`),
      }),
    ).toMatchObject({ kind: 'invalid-argument' });
  });

  it('never fetches a URL the message does not mention', async () => {
    t = testServices();
    const account = t.addAccount();
    const id = await t.seedMessage(account, 'u1', PLAIN);
    // Nothing listens on port 9 of loopback: had main tried, the answer would be 'network'.
    const answer = await call('messages.remoteImages', { id, urls: ['http://127.0.0.1:9/x.png'] });
    expect(answer).toEqual({
      images: [{ url: 'http://127.0.0.1:9/x.png', error: 'not-in-message' }],
    });
  });
});

describe('messages.remoteImages and private addresses', () => {
  it('refuses a loopback image over IPC, and no argument can switch the refusal off', async () => {
    const hits: string[] = [];
    const server = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(8));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pixel.png`;
      t = testServices();
      const id = await t.seedMessage(
        t.addAccount(),
        'u1',
        `From: Eve <eve@example.org>\nSubject: Look\nContent-Type: text/html\n\n<img src="${url}">\n`,
      );
      expect(await call('messages.remoteImages', { id, urls: [url] })).toEqual({
        images: [{ url, error: 'private-address' }],
      });
      for (const extra of [
        { testOnlyAllowLoopback: true },
        { options: { testOnlyAllowLoopback: true } },
        { allowLoopback: true },
      ])
        expect(
          await fail('messages.remoteImages', { id, urls: [url], ...extra }),
          JSON.stringify(extra),
        ).toMatchObject({ kind: 'invalid-argument' });
      // Nor do the settings: they have no such key.
      expect(await fail('settings.set', { testOnlyAllowLoopback: true })).toMatchObject({
        kind: 'invalid-argument',
      });
      expect(await call('messages.remoteImages', { id, urls: [url] })).toEqual({
        images: [{ url, error: 'private-address' }],
      });
      expect(hits).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('messages.fetchFull', () => {
  const BIG_HEADERS = `From: Dan <dan@example.org>
To: ann@example.org
Subject: Holiday photos
Date: Tue, 13 Jan 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="p"

`;

  /** A message stored headers-only, as the sync does for one over the size limit. */
  async function seedHeadersOnly(accountId: number, uidl: string): Promise<number> {
    const raw = Buffer.from(BIG_HEADERS.replace(/\n/g, '\r\n'));
    return t.services.store.commitMessage({
      accountId,
      uidl,
      raw,
      sessionId: null,
      parsed: await parseMessage(raw),
      contentKey: null,
      partial: true,
    }).messageId;
  }

  const fullFetchOf = async (id: number) =>
    (await call<{ headersOnly: boolean; fullFetch: unknown }>('messages.detail', { id })).fullFetch;

  it('marks a headers-only message for the next session, and the reader says so', async () => {
    t = testServices();
    const account = t.addAccount({ maxMessageSize: 10_240 });
    const id = await seedHeadersOnly(account, 'u-big');
    expect(await call('messages.detail', { id })).toMatchObject({
      headersOnly: true,
      fullFetch: 'available',
    });
    expect(await call('messages.fetchFull', { ids: [id] })).toEqual({ marked: 1 });
    expect(await fullFetchOf(id)).toBe('requested');
    // What the sync plans from: the UIDL of a headers-only copy the user asked for in full.
    expect(t.services.store.uidl.get(account, 'u-big')).toMatchObject({
      partial: true,
      fetchRequested: true,
    });
    expect(await call('messages.fetchFull', { ids: [id] })).toEqual({ marked: 0 });
  });

  it('leaves complete messages alone and ignores unknown ids', async () => {
    t = testServices();
    const account = t.addAccount();
    const complete = await t.seedMessage(account, 'u1', PLAIN);
    expect(await call('messages.fetchFull', { ids: [complete, complete + 50] })).toEqual({
      marked: 0,
    });
    expect(await fullFetchOf(complete)).toBeNull();
    expect(t.services.store.messages.get(complete)?.fetchRequested).toBe(false);
    expect(await fail('messages.fetchFull', { ids: [] })).toMatchObject({
      kind: 'invalid-argument',
    });
  });

  it('tells the reader when the server no longer has the body', async () => {
    t = testServices();
    const account = t.addAccount({ maxMessageSize: 10_240 });
    const id = await seedHeadersOnly(account, 'u-vanished');
    t.services.store.uidl.markGone(account, ['u-vanished'], T0);
    expect(await fullFetchOf(id)).toBe('gone');
  });
});

describe('inline images', () => {
  it('come with the detail as data: URLs when the HTML refers to them by cid:', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    t = testServices();
    const id = await t.seedMessage(
      t.addAccount(),
      'u1',
      `From: Eve <eve@example.org>
Subject: Our logo
MIME-Version: 1.0
Content-Type: multipart/related; boundary="r"

--r
Content-Type: text/html; charset=utf-8

<p>Logo: <img src="cid:logo@example.org" alt="logo"></p>
--r
Content-Type: image/png
Content-ID: <logo@example.org>
Content-Transfer-Encoding: base64

${png}
--r--
`,
    );
    const detail = await call<{ inlineImages: unknown; fullFetch: unknown }>('messages.detail', {
      id,
    });
    expect(detail.inlineImages).toEqual([
      { contentId: 'logo@example.org', dataUrl: `data:image/png;base64,${png}` },
    ]);
    expect(detail.fullFetch).toBeNull();
  });
});

describe('protocol log', () => {
  it('lists sessions newest first, returns their lines, and exports one as text', async () => {
    t = testServices();
    const account = t.addAccount({ user: 'ann', host: 'pop.example.org', port: 995 });
    const { sessions } = t.services.store;
    const first = sessions.start(account, T0);
    sessions.appendLog(first, [
      { dir: 'C', text: 'USER ann', time: T0 },
      { dir: 'C', text: 'PASS ********', time: T0 + 1 },
      { dir: 'C', text: 'QUIT', time: T0 + 2 },
      { dir: 'S', text: '+OK bye', time: T0 + 3 },
    ]);
    sessions.finish(first, {
      outcome: 'ok',
      reachedUpdate: true,
      quitReply: '+OK bye',
      retrieved: 2,
    });
    const second = sessions.start(account, T0 + 10);
    const list = await call<Array<{ id: number; reachedUpdate: boolean }>>('log.sessions', {
      accountId: account,
    });
    expect(list.map((s) => s.id)).toEqual([second, first]);
    expect(list[1]).toMatchObject({ reachedUpdate: true, quitReply: '+OK bye', retrieved: 2 });
    const lines = await call<Array<{ seq: number; text: string }>>('log.lines', {
      sessionId: first,
      afterSeq: 2,
    });
    expect(lines.map((l) => l.text)).toEqual(['QUIT', '+OK bye']);
    const exported = await call<{ filename: string; text: string }>('log.export', {
      sessionId: first,
    });
    expect(exported.filename).toBe(`popline-session-${first}.log`);
    expect(exported.text).toContain('ann@pop.example.org:995');
    expect(exported.text).toContain('C: PASS ********');
    expect(exported.text).toMatch(/S: \+OK bye\n$/);
    expect(await fail('log.lines', { sessionId: 999 })).toMatchObject({ kind: 'not-found' });
  });
});

describe('settings', () => {
  it('starts from defaults and keeps what was set', async () => {
    t = testServices();
    expect(await call('settings.get')).toMatchObject({
      notifyNewMail: true,
      syncOnStartup: true,
      theme: 'system',
    });
    await call('settings.set', { theme: 'dark', remoteContentSenders: ['Bob@Example.org'] });
    expect(await call('settings.get')).toMatchObject({
      theme: 'dark',
      notifyNewMail: true,
      remoteContentSenders: ['bob@example.org'],
    });
    expect(await fail('settings.set', { theme: 'purple' })).toMatchObject({
      kind: 'invalid-argument',
    });
  });
});

describe('sync', () => {
  it('runs a sync, streams its progress and log, announces new mail and reports the outcome', async () => {
    const runSync: RunSync = async (accountId, hooks) => {
      hooks.onProgress({ messagesDone: 1, messagesTotal: 1, octetsDone: 10, octetsTotal: 10 });
      hooks.onLog(7, { seq: 1, time: T0, dir: 'C', text: 'QUIT' });
      await t.seedMessage(accountId, 'new-1', PLAIN);
      return syncResult(accountId, { session: 7, retrieved: 1, deleted: 1 });
    };
    t = testServices({ runSync });
    const account = t.addAccount();
    const seen = recordEvents();
    const reports = await call<unknown[]>('sync.now', { accountId: account });
    expect(reports).toEqual([
      expect.objectContaining({
        accountId: account,
        session: 7,
        retrieved: 1,
        deleted: 1,
        outcome: 'ok',
        error: null,
      }),
    ]);
    const names = seen.map((e) => e.event);
    expect(names).toEqual(
      expect.arrayContaining(['account.status', 'sync.progress', 'log.appended', 'mail.new']),
    );
    expect(seen.find((e) => e.event === 'log.appended')?.payload).toEqual({
      accountId: account,
      sessionId: 7,
      lines: [{ sessionId: 7, seq: 1, time: T0, dir: 'C', text: 'QUIT' }],
    });
    expect(seen.find((e) => e.event === 'mail.new')?.payload).toMatchObject({
      accountId: account,
      count: 1,
      latest: [{ subject: 'Lunch on Friday' }],
    });
    const status = await call<{ accounts: Array<{ state: unknown; lastOutcome: unknown }> }>(
      'sync.status',
    );
    expect(status.accounts[0]).toMatchObject({
      state: { phase: 'idle' },
      lastOutcome: { retrieved: 1 },
    });
  });

  it('shows a running sync with its progress in the status', async () => {
    let finish: () => void = () => undefined;
    t = testServices({
      runSync: (accountId, hooks) =>
        new Promise((resolve) => {
          hooks.onProgress({
            messagesDone: 2,
            messagesTotal: 5,
            octetsDone: 200,
            octetsTotal: 500,
          });
          finish = () => resolve(syncResult(accountId));
        }),
    });
    const account = t.addAccount();
    const running = call('sync.now', { accountId: account });
    const second = call('sync.now', {});
    await new Promise((r) => setImmediate(r));
    const status = await call<{ accounts: Array<{ state: unknown }> }>('sync.status');
    expect(status.accounts[0]?.state).toEqual({
      phase: 'syncing',
      messagesDone: 2,
      messagesTotal: 5,
      octetsDone: 200,
      octetsTotal: 500,
    });
    finish();
    expect(await running).toHaveLength(1);
    expect(await second).toHaveLength(1);
  });

  it('reports a rejected password, a login too early, and a crash as their kinds', async () => {
    const results: Array<(id: number) => SyncResult> = [
      (id) =>
        syncResult(id, { outcome: 'error', errors: [{ kind: 'auth', message: '-ERR [AUTH] no' }] }),
      (id) =>
        syncResult(id, {
          session: null,
          outcome: 'too-early',
          nextAllowedLogin: T0 + 300_000,
          errors: [{ kind: 'too-early', message: 'later' }],
        }),
    ];
    let n = 0;
    t = testServices({
      runSync: async (id) => {
        const make = results[n++];
        if (!make) throw new Error('database disk image is malformed');
        return make(id);
      },
    });
    const account = t.addAccount();
    const errorOf = async () =>
      (await call<Array<{ error: unknown }>>('sync.now', { accountId: account }))[0]?.error;
    expect(await errorOf()).toMatchObject({ kind: 'credentials' });
    expect(await errorOf()).toMatchObject({ kind: 'retry-later', at: T0 + 300_000 });
    expect(await errorOf()).toMatchObject({ kind: 'internal' });
    expect(await fail('sync.now', { accountId: 999 })).toMatchObject({ kind: 'not-found' });
  });
});

describe('folders and moves', () => {
  type Folder = { id: number; role: string; name: string; total: number };
  const folderNamed = async (name: string) =>
    (await call<Folder[]>('folders.list')).find((f) => f.name === name) as Folder;

  it('deletes into Trash with an undo, and deletes for good only from Trash', async () => {
    t = testServices();
    const account = t.addAccount();
    const one = await t.seedMessage(account, 'u1', PLAIN);
    const two = await t.seedMessage(account, 'u2', WITH_ATTACHMENT);
    const moved = await call<{ moved: number; undo: unknown[] }>('messages.moveToTrash', {
      ids: [one, two],
    });
    expect(moved.moved).toBe(2);
    expect((await folderNamed('Trash')).total).toBe(2);
    expect(await call('messages.undoMove', { moves: moved.undo })).toEqual({ restored: 2 });
    expect((await folderNamed('Inbox')).total).toBe(2);
    // Not in Trash: not deleted.
    expect(await call('messages.deleteForever', { ids: [one] })).toEqual({ deleted: 0 });
    await call('messages.moveToTrash', { ids: [one] });
    expect(await call('messages.deleteForever', { ids: [one] })).toEqual({ deleted: 1 });
    await call('messages.moveToTrash', { ids: [two] });
    expect(await call('folders.emptyTrash')).toEqual({ deleted: 1 });
    expect(await fail('messages.detail', { id: two })).toMatchObject({ kind: 'not-found' });
    expect(await fail('messages.undoMove', { moves: [] })).toMatchObject({
      kind: 'invalid-argument',
    });
  });

  it('creates, renames and removes folders; moves, archives and stars', async () => {
    t = testServices();
    const id = await t.seedMessage(t.addAccount(), 'u1', PLAIN);
    const receipts = await call<Folder>('folders.create', { name: 'Receipts' });
    expect(await fail('folders.create', { name: 'receipts' })).toMatchObject({
      kind: 'conflict',
      reason: 'duplicate-folder',
    });
    expect(await fail('folders.create', { name: ' ' })).toMatchObject({
      kind: 'invalid-argument',
    });
    await call('messages.move', { ids: [id], folderId: receipts.id });
    expect(await call('messages.setStarred', { ids: [id], starred: true })).toEqual({ updated: 1 });
    expect(await call('messages.list', { folderId: receipts.id, starredOnly: true })).toMatchObject(
      { total: 1, items: [{ id, starred: true }] },
    );
    expect(await call('folders.rename', { id: receipts.id, name: 'Bills' })).toMatchObject({
      name: 'Bills',
    });
    expect(await call('folders.remove', { id: receipts.id })).toEqual({ movedToTrash: 1 });
    const archive = await folderNamed('Archive');
    expect(await fail('folders.remove', { id: archive.id })).toMatchObject({
      kind: 'invalid-argument',
    });
  });

  it('saves a message as .eml with its exact bytes, and a folder as mbox that imports back', async () => {
    t = testServices();
    const id = await t.seedMessage(t.addAccount(), 'u1', PLAIN);
    const stored = t.services.store.messages.raw(id);
    expect(await call('messages.saveAs', { id })).toEqual({
      status: 'saved',
      path: '/saved/Lunch on Friday.eml',
    });
    expect(Buffer.from(t.saved[0]?.content ?? []).equals(stored as Buffer)).toBe(true);
    const inbox = await folderNamed('Inbox');
    await call('folders.exportMbox', { id: inbox.id });
    const mbox = Buffer.from(t.saved[1]?.content ?? []);
    expect(t.saved[1]?.suggestedName).toBe('Inbox.mbox');
    const copy = await call<Folder>('folders.create', { name: 'Copy' });
    const arg = { id: copy.id, name: 'Inbox.mbox', base64: mbox.toString('base64') };
    expect(await call('folders.importFile', arg)).toMatchObject({ stored: 1, problems: [] });
    expect(await call('folders.importFile', arg)).toMatchObject({ stored: 0, duplicates: 1 });
    const [imported] = t.services.store.moves.idsInFolder(copy.id);
    expect(t.services.store.messages.raw(imported as number)?.equals(stored as Buffer)).toBe(true);
  });
});
