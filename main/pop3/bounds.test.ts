// What a server sends can cost Popline only bounded memory and time: every limit in limits.ts ends
// the session with a typed error naming it, and every failure leaves no socket open.
import { describe, expect, it } from 'vitest';
import type { ScriptedServer, ScriptedServerOptions } from '../testing/scripted-pop3-server';
import type { Pop3Client } from './client';
import { expectKind, expectNoOpenSocket, pop3TestBed } from './pop3-test-support';
import { listingBound, MAX_CAPA_LINES, MAX_LISTING_LINES, sessionDeadline } from './limits';
import type { ConnectOptions } from './types';

const bed = pop3TestBed();
const serve = bed.serve;
const connect = async (server: ScriptedServer, extra: Partial<ConnectOptions> = {}) =>
  (await bed.connect(server, extra)).client;
const login = async (server: ScriptedServer, extra: Partial<ConnectOptions> = {}) =>
  (await bed.login(server, extra)).client;

function body(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

describe('bare LF inside a message', () => {
  const bareLf = body(
    'Subject: bare LF\r\n\r\nbefore\n.\nafter a lone dot line\n..two dots\n.\r\nline\n\n.\n',
  );
  const next = body('Subject: next\r\n\r\nsecond message\r\n');

  it('RETR returns a body with LF "." LF and other bare-LF lines byte for byte, uncut', async () => {
    const server = await serve({ mailbox: [{ body: bareLf }, { body: next }] });
    const client = await login(server);
    const first: Buffer[] = [];
    const second: Buffer[] = [];
    // Pipelined: a cut first body would swallow the start of the second reply.
    const r1 = client.retr(1, (c) => first.push(c), { expectedOctets: bareLf.length });
    const r2 = client.retr(2, (c) => second.push(c));
    await Promise.all([r1, r2]);
    // stuffBody ends a body that does not end in CRLF with one; that CRLF is the wire's, kept.
    expect(Buffer.concat(first).toString('latin1')).toBe(`${bareLf.toString('latin1')}\r\n`);
    expect(Buffer.concat(second)).toEqual(next);
    expect((await client.quit()).ok).toBe(true);
  });

  it('TOP returns header and bare-LF lines exactly', async () => {
    const server = await serve({ mailbox: [{ body: bareLf }] });
    const client = await login(server);
    const chunks: Buffer[] = [];
    await client.top(1, 1, (c) => chunks.push(c));
    expect(Buffer.concat(chunks).toString('latin1')).toBe(
      'Subject: bare LF\r\n\r\nbefore\n.\nafter a lone dot line\n..two dots\n.\r\n',
    );
    await client.quit();
  });
});

describe('bounded memory for replies other than bodies', () => {
  it('ends an endless CAPA at its line cap with a protocol error', async () => {
    const server = await serve({
      faults: { streamOn: { command: 'CAPA', chunk: 'X-FILLER some capability\r\n'.repeat(64) } },
    });
    const err = await expectKind(connect(server), 'protocol');
    expect(err.limit).toBe('reply-lines');
    expect(err.message).toContain(`${MAX_CAPA_LINES}`);
    await expectNoOpenSocket(server);
  });

  it('ends an endless UIDL once it has more lines than STAT counted', async () => {
    const server = await serve({
      mailbox: [{ body: body('a\r\n') }, { body: body('b\r\n') }],
      faults: { streamOn: { command: 'UIDL', chunk: '1 same-uid-again\r\n'.repeat(100) } },
    });
    const client = await login(server);
    expect((await client.stat()).count).toBe(2);
    const err = await expectKind(client.uidl(), 'protocol');
    expect(err.limit).toBe('reply-lines');
    expect(err.message).toMatch(/UIDL reply longer than 1,026 lines/);
    expect(client.closed).toBe(true);
    await expectNoOpenSocket(server);
  });

  it('bounds UIDL by the count of a LIST answered before it in the same session', async () => {
    const server = await serve({
      mailbox: [{ body: body('a\r\n') }],
      faults: { streamOn: { command: 'UIDL', chunk: '1 x\r\n'.repeat(100) } },
    });
    const client = await login(server);
    const list = client.list();
    const uidl = client.uidl();
    expect(await list).toHaveLength(1);
    const err = await expectKind(uidl, 'protocol');
    expect(err.message).toMatch(/longer than 1,025 lines/);
    await expectNoOpenSocket(server);
  });

  it('ends an endless LIST without a known count at the fixed cap', async () => {
    const server = await serve({
      faults: { streamOn: { command: 'LIST', chunk: '1 100\r\n'.repeat(4096) } },
    });
    const client = await login(server);
    const err = await expectKind(client.list(), 'protocol');
    expect(err.limit).toBe('reply-lines');
    expect(err.message).toContain(MAX_LISTING_LINES.toLocaleString('en-US'));
    await expectNoOpenSocket(server);
  });

  it('still reads a UIDL listing of 1,000,000 messages when no count is known', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1} uid-${'u'.repeat(24)}-${i}`);
    const chunk = `${lines.join('\r\n')}\r\n`;
    const server = await serve({
      faults: { streamOn: { command: 'UIDL', chunk, total: chunk.length * 1000, ending: '.\r\n' } },
    });
    const client = await login(server);
    const listed = await client.uidlTolerant();
    expect(listed.entries).toHaveLength(1_000_000);
    expect(listed.malformed).toEqual([]);
    await client.quit();
  });

  it('sizes the bound from a known count to fit 1,000,000 longest UIDL lines', () => {
    const bound = listingBound(1_000_000);
    // "1000000 " plus a 70-character UIDL plus CRLF.
    expect(bound.maxLines).toBeGreaterThanOrEqual(1_000_000);
    expect(bound.maxOctets).toBeGreaterThanOrEqual(1_000_000 * 80);
    expect(listingBound(2)).toEqual({ maxLines: 1026, maxOctets: 1026 * 96 });
  });

  it('ends a status line that never ends at the line cap', async () => {
    const server = await serve({
      faults: { streamOn: { command: 'STAT', status: '', chunk: '+OK 1 '.padEnd(4096, '9') } },
    });
    const client = await login(server);
    const err = await expectKind(client.stat(), 'protocol');
    expect(err.limit).toBe('line-length');
    await expectNoOpenSocket(server);
  });

  it('ends a UIDL data line that never ends at the data line cap', async () => {
    const server = await serve({
      faults: { streamOn: { command: 'UIDL', chunk: 'x'.repeat(512) } },
    });
    const client = await login(server);
    const err = await expectKind(client.uidl(), 'protocol');
    expect(err.limit).toBe('line-length');
    expect(err.message).toMatch(/data line longer than 1024 octets/);
    await expectNoOpenSocket(server);
  });

  it('keeps malformed UIDL and LIST lines apart instead of failing the listing', async () => {
    const server = await serve({
      faults: {
        rawOn: [
          { command: 'UIDL', bytes: '+OK\r\n1 good\r\n2\r\n3 bad uid\r\n4 fine\r\n.\r\n' },
          { command: 'LIST', bytes: '+OK\r\n1 10\r\n2 many\r\n3 30\r\n.\r\n' },
        ],
      },
    });
    const client = await login(server);
    expect(await client.uidlTolerant()).toEqual({
      entries: [
        { n: 1, uid: 'good' },
        { n: 4, uid: 'fine' },
      ],
      malformed: ['2', '3 bad uid'],
    });
    expect(await client.listTolerant()).toEqual({
      entries: [
        { n: 1, size: 10 },
        { n: 3, size: 30 },
      ],
      malformed: ['2 many'],
    });
    await client.quit();
  });
});

describe('bounded message bodies', () => {
  it('stops a RETR body that outgrows its LIST size plus the margin, before the excess is seen', async () => {
    const server = await serve({
      mailbox: [{ body: body('Subject: x\r\n\r\nsmall\r\n') }],
      faults: { streamOn: { command: 'RETR', chunk: `${'x'.repeat(8190)}\r\n` } },
    });
    const client = await login(server);
    let received = 0;
    const err = await expectKind(
      client.retr(1, (c) => (received += c.length), { expectedOctets: 1000 }),
      'protocol',
    );
    expect(err.limit).toBe('message-octets');
    expect(err.message).toContain('LIST said 1,000 octets');
    // 1000 * 1.25 + 64 KiB.
    expect(received).toBeLessThanOrEqual(1250 + 65536);
    expect(client.closed).toBe(true);
    await expectNoOpenSocket(server);
    expect(server.mailbox()).toHaveLength(1);
  });

  it('accepts a body larger than LIST said within the margin (bare-LF mail counted without CR)', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const message = body(`Subject: lf\r\n\r\n${lines.join('\r\n')}\r\n`);
    const lfSize = message.length - 2002;
    const server = await serve({ mailbox: [{ body: message }] });
    const client = await login(server);
    const chunks: Buffer[] = [];
    await client.retr(1, (c) => chunks.push(c), { expectedOctets: lfSize });
    expect(Buffer.concat(chunks)).toEqual(message);
    await client.quit();
  });

  it('stops an endless RETR at the absolute cap when no size is given', async () => {
    const server = await serve({
      mailbox: [{ body: body('a\r\n') }],
      faults: { streamOn: { command: 'RETR', chunk: `${'y'.repeat(16_382)}\r\n` } },
    });
    const client = await login(server, { maxMessageOctets: 1024 * 1024 });
    let received = 0;
    const err = await expectKind(
      client.retr(1, (c) => (received += c.length)),
      'protocol',
    );
    expect(err.limit).toBe('message-octets');
    expect(received).toBeLessThanOrEqual(1024 * 1024);
    await expectNoOpenSocket(server);
  });

  it('applies a per-call cap below the connection default', async () => {
    const big = body(`Subject: big\r\n\r\n${'z'.repeat(100_000)}\r\n`);
    const server = await serve({ mailbox: [{ body: big }] });
    const client = await login(server);
    const err = await expectKind(
      client.retr(1, () => undefined, { maxOctets: 50_000 }),
      'protocol',
    );
    expect(err.limit).toBe('message-octets');
  });
});

describe('bounded time', () => {
  it('cuts off a server that trickles a reply, saying it is the minimum-progress rule', async () => {
    const server = await serve({
      faults: {
        streamOn: { command: 'LIST', status: '', chunk: '+', intervalMs: 20 },
      },
    });
    const client = await login(server, {
      idleTimeoutMs: 5_000,
      minProgressOctets: 64,
      minProgressWindowMs: 250,
    });
    const err = await expectKind(client.list(), 'timeout');
    expect(err.limit).toBe('min-progress');
    expect(err.message).toMatch(/minimum progress: 64 octets per 250 ms/);
    expect(err.message).toMatch(/while waiting for LIST/);
    await expectNoOpenSocket(server);
  });

  it('does not count a slow but whole reply against the minimum-progress rule', async () => {
    const server = await serve({ faults: { slowReplyMs: 150 } });
    const client = await login(server, { minProgressOctets: 1_000_000, minProgressWindowMs: 200 });
    for (let i = 0; i < 4; i++) await client.noop();
    await client.quit();
  });

  it('ends the session at its deadline, naming it, while a reply is awaited', async () => {
    const server = await serve({ faults: { silentOn: { command: 'STAT' } } });
    const client = await login(server, { idleTimeoutMs: 30_000 });
    client.setDeadline(Date.now() + 100);
    const err = await expectKind(client.stat(), 'timeout');
    expect(err.limit).toBe('deadline');
    expect(err.message).toMatch(/session deadline .* passed while waiting for STAT/);
    await expectNoOpenSocket(server);
  });

  it('ends the session at a deadline given as an option even between commands', async () => {
    const server = await serve();
    const client = await login(server, { deadline: Date.now() + 100 });
    await server.idle();
    expect(client.closed).toBe(true);
    const err = await expectKind(client.noop(), 'timeout');
    expect(err.limit).toBe('deadline');
  });

  it('lets a QUIT already sent finish after the deadline', async () => {
    const server = await serve({ faults: { slowReplyMs: 200 } });
    const client = await login(server);
    const quit = client.quit();
    client.setDeadline(Date.now() + 50);
    expect((await quit).ok).toBe(true);
  });

  it('does not spare commands pipelined before a QUIT from the deadline', async () => {
    const server = await serve({ faults: { silentOn: { command: 'STAT' } } });
    const client = await login(server, { idleTimeoutMs: 30_000 });
    expect(client.pipelining).toBe(true);
    const stat = client.stat();
    const quit = client.quit();
    client.setDeadline(Date.now() + 100);
    expect((await expectKind(stat, 'timeout')).limit).toBe('deadline');
    expect((await expectKind(quit, 'timeout')).limit).toBe('deadline');
    await expectNoOpenSocket(server);
  });

  it('computes a deadline that grows with the octets to fetch', () => {
    const now = 1_000_000;
    const small = sessionDeadline({ octets: 0, now });
    const large = sessionDeadline({ octets: 40 * 1024 * 1024, now });
    expect(small).toBe(now + 5 * 60_000);
    expect(large - small).toBe(10_240_000);
  });
});

describe('commands CAPA does not list', () => {
  it('sends UIDL and TOP even when CAPA does not list them, and they work', async () => {
    const server = await serve({
      mailbox: [{ uid: 'u-1', body: body('Subject: a\r\n\r\nx\r\n') }],
      capabilities: ['USER'],
      supports: { uidl: true, top: true },
    });
    const client = await login(server);
    expect(client.capabilities.uidl).toBe(false);
    expect(await client.uidl()).toEqual([{ n: 1, uid: 'u-1' }]);
    const head: Buffer[] = [];
    await client.top(1, 0, (c) => head.push(c));
    expect(Buffer.concat(head).toString()).toBe('Subject: a\r\n\r\n');
    await client.quit();
  });

  it('reports -ERR to UIDL and TOP as a refusal that leaves the session open (no CAPA at all)', async () => {
    const server = await serve({
      mailbox: [{ body: body('Subject: a\r\n\r\nx\r\n') }],
      capabilities: false,
      supports: { uidl: false, top: false },
    });
    const client = await login(server);
    const uidlErr = await expectKind(client.uidl(), 'server');
    expect(uidlErr.refused).toBe(true);
    const topErr = await expectKind(
      client.top(1, 0, () => undefined),
      'server',
    );
    expect(topErr.refused).toBe(true);
    expect(client.closed).toBe(false);
    expect(await client.list()).toHaveLength(1);
    await client.quit();
  });

  it('marks an error that ended the session as not a refusal', async () => {
    const server = await serve({ faults: { dropAfterCommand: 4 } });
    const client = await login(server);
    const err = await expectKind(client.uidl(), 'connection');
    expect(err.refused).toBe(false);
  });
});

describe('no socket left open', () => {
  const faults: Array<[string, ScriptedServerOptions, (c: Pop3Client) => Promise<unknown>]> = [
    [
      'malformed reply',
      { faults: { rawOn: { command: 'NOOP', bytes: 'HELLO?\r\n' } } },
      (c) => c.noop(),
    ],
    [
      'unsolicited data',
      { faults: { rawOn: { command: 'NOOP', bytes: '+OK\r\n+OK extra\r\n' } } },
      async (c) => {
        await c.noop();
        return c.noop();
      },
    ],
    [
      'missing terminator',
      { mailbox: [{ body: body('a\r\n') }], faults: { missingTerminator: 1 } },
      (c) => c.retr(1, () => undefined),
    ],
    [
      'drop mid-RETR',
      { mailbox: [{ body: body(`${'a'.repeat(5000)}\r\n`) }], faults: { dropMidRetr: 1 } },
      (c) => c.retr(1, () => undefined),
    ],
    ['silent server', { faults: { silentOn: { command: 'NOOP' } } }, (c) => c.noop()],
    [
      'consumer throws, then QUIT',
      { mailbox: [{ body: body('a\r\n') }] },
      async (c) => {
        await c
          .retr(1, () => {
            throw new Error('disk full');
          })
          .catch(() => undefined);
        return c.quit();
      },
    ],
    ['client close', {}, (c) => Promise.resolve(c.close())],
  ];

  for (const [name, options, run] of faults) {
    it(`after ${name}`, async () => {
      const server = await serve(options);
      const client = await login(server, { idleTimeoutMs: 200 });
      await run(client).catch(() => undefined);
      await expectNoOpenSocket(server);
    });
  }

  it('after a refused greeting', async () => {
    const busy = await serve({
      faults: { errOn: { command: 'GREETING', text: '[SYS/TEMP] busy' } },
    });
    await expectKind(connect(busy), 'sys-temp');
    await expectNoOpenSocket(busy);
  });
});
