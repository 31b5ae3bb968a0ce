import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { ScriptedMessage, ScriptedServer } from '../testing/scripted-pop3-server';
import { Pop3Client } from './client';
import type { Pop3ErrorKind } from './errors';
import { expectKind, failureOf, pop3TestBed } from './pop3-test-support';

const { serve, connect, login } = pop3TestBed();

function message(i: number, extra = ''): ScriptedMessage {
  return {
    uid: `uid-${i}`,
    body: Buffer.from(`From: a@example.com\r\nSubject: message ${i}\r\n\r\nbody ${i}\r\n${extra}`),
  };
}

function mailbox(count: number): ScriptedMessage[] {
  return Array.from({ length: count }, (_, i) => message(i + 1));
}

function collect(): { onChunk: (b: Buffer) => void; text: () => string; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  return {
    chunks,
    onChunk: (b) => chunks.push(b),
    text: () => Buffer.concat(chunks).toString('latin1'),
  };
}

describe('a session against the scripted server', () => {
  it('reads the greeting and CAPA on connect', async () => {
    const server = await serve();
    const { client, log } = await connect(server);
    expect(client.greeting).toMatch(/^scripted POP3 ready/);
    expect(client.apopTimestamp).toMatch(/^<.+@scripted\.test>$/);
    expect(client.capabilities.pipelining).toBe(true);
    expect(client.capabilities.raw).toContain('RESP-CODES');
    expect(client.securityInfo).toEqual({ security: 'none', pinned: false });
    expect(log[0]?.dir).toBe('S');
    expect(log[1]).toMatchObject({ dir: 'C', text: 'CAPA' });
  });

  it('runs STAT, LIST, UIDL, TOP, RETR, NOOP with their single and multi-line forms', async () => {
    const dotted = message(2, '.leading dot\r\n..two dots\r\n');
    const server = await serve({ mailbox: [message(1), dotted, message(3)] });
    const { client } = await login(server);
    expect(await client.stat()).toEqual({
      count: 3,
      octets: [message(1), dotted, message(3)].reduce((s, m) => s + m.body.length, 0),
    });
    expect(await client.list()).toEqual([
      { n: 1, size: message(1).body.length },
      { n: 2, size: dotted.body.length },
      { n: 3, size: message(3).body.length },
    ]);
    expect(await client.list(2)).toEqual({ n: 2, size: dotted.body.length });
    expect(await client.uidl()).toEqual([
      { n: 1, uid: 'uid-1' },
      { n: 2, uid: 'uid-2' },
      { n: 3, uid: 'uid-3' },
    ]);
    expect(await client.uidl(3)).toEqual({ n: 3, uid: 'uid-3' });
    const whole = collect();
    expect(await client.retr(2, whole.onChunk)).toEqual({ octets: dotted.body.length });
    expect(whole.text()).toBe(dotted.body.toString('latin1'));
    const head = collect();
    await client.top(2, 1, head.onChunk);
    expect(head.text()).toBe('From: a@example.com\r\nSubject: message 2\r\n\r\nbody 2\r\n');
    await client.noop();
    expect((await client.quit()).ok).toBe(true);
    expect(client.closed).toBe(true);
  });

  it('deletes only when QUIT from TRANSACTION is answered, and RSET undoes DELE', async () => {
    const server = await serve({ mailbox: mailbox(3) });
    const first = await login(server);
    await first.client.dele(1);
    await first.client.rset();
    await first.client.dele(2);
    expect(server.mailbox()).toHaveLength(3);
    expect(await first.client.quit()).toEqual({ ok: true, text: 'bye' });
    expect(server.mailbox().map((m) => m.uid)).toEqual(['uid-1', 'uid-3']);
  });

  it('deletes nothing when the session is closed without QUIT', async () => {
    const server = await serve({ mailbox: mailbox(2) });
    const { client } = await login(server);
    await client.dele(1);
    await client.dele(2);
    client.close();
    await server.idle();
    expect(server.mailbox()).toHaveLength(2);
    expect(server.updates).toBe(0);
  });

  it('logs QUIT and its reply, and reports QUIT -ERR as ok=false with the code', async () => {
    const server = await serve({
      mailbox: mailbox(2),
      faults: { errOn: { command: 'QUIT', text: '[SYS/TEMP] some deletions failed' } },
    });
    const { client, log } = await login(server);
    await client.dele(1);
    const result = await client.quit();
    expect(result).toEqual({ ok: false, text: 'some deletions failed', code: 'SYS/TEMP' });
    expect(log.slice(-2).map((e) => `${e.dir} ${e.text}`)).toEqual([
      'C QUIT',
      'S -ERR [SYS/TEMP] some deletions failed',
    ]);
    expect(server.mailbox()).toHaveLength(2);
  });

  it('rejects commands issued after QUIT instead of sending them', async () => {
    const server = await serve({ mailbox: mailbox(1) });
    const { client } = await login(server);
    const quit = client.quit();
    await expectKind(client.noop(), 'connection');
    await quit;
    await expectKind(client.stat(), 'connection');
    expect(server.commands.filter((c) => c === 'NOOP')).toEqual([]);
  });

  it('keeps the session after an -ERR to one command', async () => {
    const server = await serve({
      mailbox: mailbox(2),
      faults: { errOn: { command: 'DELE', arg: '1', text: '[SYS/PERM] message is protected' } },
    });
    const { client } = await login(server);
    const err = await expectKind(client.dele(1), 'sys-perm');
    expect(err.command).toBe('DELE 1');
    expect(err.code).toBe('SYS/PERM');
    expect(err.serverText).toBe('message is protected');
    await client.dele(2);
    expect((await client.quit()).ok).toBe(true);
    expect(server.mailbox().map((m) => m.uid)).toEqual(['uid-1']);
  });

  it('reports an -ERR for a missing message as a server error', async () => {
    const server = await serve({ mailbox: mailbox(1) });
    const { client } = await login(server);
    await expectKind(
      client.retr(5, () => undefined),
      'server',
    );
    await expectKind(client.list(9), 'server');
    expect(await client.stat()).toEqual({ count: 1, octets: message(1).body.length });
  });

  it('refuses invalid message numbers without sending anything', async () => {
    const server = await serve({ mailbox: mailbox(1) });
    const { client } = await login(server);
    const before = server.commands.length;
    await expect(client.dele(0)).rejects.toBeInstanceOf(RangeError);
    await expect(client.retr(1.5, () => undefined)).rejects.toBeInstanceOf(RangeError);
    await expect(client.top(1, -1, () => undefined)).rejects.toBeInstanceOf(RangeError);
    await client.noop();
    expect(server.commands.slice(before)).toEqual(['NOOP']);
  });
});

describe('pipelining', () => {
  function inFlightOf(server: ScriptedServer, verbs: string[]): number[] {
    return server.received
      .filter((r) => verbs.includes(r.line.split(' ')[0] ?? ''))
      .map((r) => r.inFlight);
  }

  it('writes commands ahead when the server offers PIPELINING, bounded by the window', async () => {
    // The server answers nothing until 3 login lines + 4 more have arrived: only a client that
    // writes ahead gets replies at all, and one that exceeds the window would show inFlight > 4.
    const server = await serve({
      mailbox: mailbox(10),
      faults: { holdReplies: { from: 4, until: 7 } },
    });
    const { client } = await login(server, { pipelineWindow: 4 });
    expect(client.pipelining).toBe(true);
    const bodies = Array.from({ length: 10 }, () => collect());
    const all = bodies.map((b, i) => client.retr(i + 1, b.onChunk));
    const deletions = bodies.map((_, i) => client.dele(i + 1));
    await Promise.all([...all, ...deletions]);
    expect((await client.quit()).ok).toBe(true);
    bodies.forEach((b, i) => expect(b.text()).toBe(message(i + 1).body.toString('latin1')));
    const depth = inFlightOf(server, ['RETR', 'DELE', 'QUIT']);
    expect(Math.max(...depth)).toBe(4);
    expect(server.mailbox()).toEqual([]);
  });

  it('writes the commands asked for in one go in one write, not one write per command', async () => {
    const server = await serve({ mailbox: mailbox(3) });
    const { client } = await login(server);
    const write = vi.spyOn(Socket.prototype, 'write');
    try {
      await Promise.all([1, 2, 3].map((n) => client.dele(n)));
      const deles = write.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('DELE'));
      expect(deles).toEqual(['DELE 1\r\nDELE 2\r\nDELE 3\r\n']);
    } finally {
      write.mockRestore();
    }
    expect((await client.quit()).ok).toBe(true);
    expect(server.mailbox()).toEqual([]);
  });

  it('sends strictly one command at a time when pipelining is turned off', async () => {
    const server = await serve({ mailbox: mailbox(6), faults: { slowReplyMs: 5 } });
    const { client } = await login(server, { pipelining: false });
    expect(client.pipelining).toBe(false);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => [
        client.retr(i + 1, () => undefined),
        client.dele(i + 1),
      ]).flat(),
    );
    await client.quit();
    const depth = inFlightOf(server, ['RETR', 'DELE', 'QUIT']);
    expect(depth).toHaveLength(13);
    expect(depth.every((d) => d === 1)).toBe(true);
  });

  it('sends strictly one command at a time when the server does not offer PIPELINING', async () => {
    const server = await serve({
      mailbox: mailbox(4),
      capabilities: ['USER', 'UIDL', 'TOP'],
      faults: { slowReplyMs: 5 },
    });
    const { client } = await login(server);
    expect(client.pipelining).toBe(false);
    await Promise.all([1, 2, 3, 4].map((n) => client.retr(n, () => undefined)));
    await client.quit();
    expect(inFlightOf(server, ['RETR', 'QUIT']).every((d) => d === 1)).toBe(true);
  });

  it('never pipelines login commands', async () => {
    const server = await serve({ mailbox: mailbox(1) });
    const { client } = await connect(server);
    const auth = client.authenticate({
      user: 'user',
      secret: 'secret',
      method: 'user',
      allowInsecurePassword: true,
    });
    const stat = client.stat();
    await auth;
    await stat;
    expect(inFlightOf(server, ['USER', 'PASS', 'STAT']).every((d) => d === 1)).toBe(true);
  });

  it('matches replies to commands in order, errors included', async () => {
    const server = await serve({
      mailbox: mailbox(5),
      faults: { errOn: { command: 'RETR', arg: '3', text: 'cannot read' } },
    });
    const { client } = await login(server);
    const bodies = [1, 2, 3, 4, 5].map(() => collect());
    const results = await Promise.allSettled(bodies.map((b, i) => client.retr(i + 1, b.onChunk)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(bodies[3]!.text()).toBe(message(4).body.toString('latin1'));
  });
});

describe('response codes', () => {
  const cases: Array<[string, Pop3ErrorKind]> = [
    ['[LOGIN-DELAY] wait 5 minutes', 'login-delay'],
    ['[IN-USE] mailbox busy', 'in-use'],
    ['[SYS/TEMP] try later', 'sys-temp'],
    ['[SYS/PERM] account disabled', 'sys-perm'],
    ['[AUTH] bad password', 'auth'],
    ['[X-UNKNOWN] whatever', 'server'],
  ];
  for (const [text, kind] of cases) {
    it(`maps -ERR ${text} after PASS to '${kind}'`, async () => {
      const server = await serve({ faults: { errOn: { command: 'PASS', text } } });
      const { client } = await connect(server);
      const err = await expectKind(
        client.authenticate({
          user: 'user',
          secret: 'secret',
          method: 'user',
          allowInsecurePassword: true,
        }),
        kind,
      );
      expect(err.command).toBe('PASS ********');
      expect(client.closed).toBe(false);
    });
  }

  it('treats a bare -ERR to PASS as bad credentials on a server without AUTH-RESP-CODE', async () => {
    const server = await serve({
      capabilities: ['USER', 'RESP-CODES'],
      faults: { errOn: { command: 'PASS', text: 'no' } },
    });
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({
        user: 'user',
        secret: 'secret',
        method: 'user',
        allowInsecurePassword: true,
      }),
      'auth',
    );
  });

  it('does not ask for the password on a bare -ERR when the server promised AUTH-RESP-CODE', async () => {
    const server = await serve({ faults: { errOn: { command: 'PASS', text: 'backend down' } } });
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({
        user: 'user',
        secret: 'secret',
        method: 'user',
        allowInsecurePassword: true,
      }),
      'server',
    );
  });

  it('reports a real wrong password as auth and a locked mailbox as in-use', async () => {
    const server = await serve({ mailbox: mailbox(1) });
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({
        user: 'user',
        secret: 'wrong',
        method: 'user',
        allowInsecurePassword: true,
      }),
      'auth',
    );
    await login(server);
    const second = await connect(server);
    const busy = await expectKind(
      second.client.authenticate({
        user: 'user',
        secret: 'secret',
        method: 'plain',
        allowInsecurePassword: true,
      }),
      'in-use',
    );
    expect(busy.retryLater).toBe(true);
  });

  it('fails connect with the greeting code when the server refuses service', async () => {
    const server = await serve({
      faults: { errOn: { command: 'GREETING', text: '[SYS/TEMP] too many connections' } },
    });
    await expectKind(connect(server), 'sys-temp');
  });
});

describe('broken connections and broken servers', () => {
  it('rejects every pending command with connection when the link drops mid-RETR', async () => {
    const big = {
      uid: 'big',
      body: Buffer.from(`Subject: x\r\n\r\n${'line of text\r\n'.repeat(5000)}`),
    };
    const server = await serve({ mailbox: [big, message(2)], faults: { dropMidRetr: 1 } });
    const { client, log } = await login(server);
    const body = collect();
    const retr = client.retr(1, body.onChunk);
    const dele = client.dele(2);
    const quit = client.quit();
    await expectKind(retr, 'connection');
    await expectKind(dele, 'connection');
    await expectKind(quit, 'connection');
    expect(body.chunks.length).toBeGreaterThan(0);
    expect(log.some((e) => /^<[\d,]+ octets>$/.test(e.text))).toBe(true);
    expect(client.closed).toBe(true);
    expect(server.mailbox()).toHaveLength(2);
  });

  it('reports a connection dropped before a reply as connection', async () => {
    const server = await serve({ mailbox: mailbox(1), faults: { dropAfterCommand: 4 } });
    const { client } = await login(server);
    const err = await expectKind(client.stat(), 'connection');
    expect(err.retryLater).toBe(true);
    await expectKind(client.noop(), 'connection');
  });

  it('reports a status line cut off by the close as connection', async () => {
    const server = await serve({
      faults: { rawOn: { command: 'STAT', bytes: '+OK 1 ', then: 'close' } },
    });
    const { client } = await login(server);
    await expectKind(client.stat(), 'connection');
  });

  it('times out on a silent server', async () => {
    const server = await serve({ mailbox: mailbox(1), faults: { silentOn: { command: 'NOOP' } } });
    const { client } = await login(server, { idleTimeoutMs: 150 });
    const err = await expectKind(client.noop(), 'timeout');
    expect(err.message).toMatch(/NOOP/);
    expect(client.closed).toBe(true);
  });

  it('times out when the greeting never comes', async () => {
    const server = await serve({
      faults: { rawOn: { command: 'GREETING', bytes: '', then: 'hang' } },
    });
    await expectKind(connect(server, { idleTimeoutMs: 150 }), 'timeout');
  });

  it('rejects an overlong status line as a protocol error', async () => {
    const server = await serve({
      faults: { rawOn: { command: 'STAT', bytes: `+OK ${'9'.repeat(70_000)}\r\n` } },
    });
    const { client } = await login(server);
    await expectKind(client.stat(), 'protocol');
  });

  it('rejects a multi-line reply that ends without its terminator as a protocol error', async () => {
    const server = await serve({ mailbox: mailbox(1), faults: { missingTerminator: 1 } });
    const { client } = await login(server);
    await expectKind(
      client.retr(1, () => undefined),
      'protocol',
    );
  });

  it('rejects a reply that is neither +OK nor -ERR as a protocol error', async () => {
    const server = await serve({ faults: { rawOn: { command: 'NOOP', bytes: 'HELLO?\r\n' } } });
    const { client } = await login(server);
    await expectKind(client.noop(), 'protocol');
    expect(client.closed).toBe(true);
  });

  it('rejects data that answers no command as a protocol error', async () => {
    const server = await serve({
      faults: { rawOn: { command: 'NOOP', bytes: '+OK\r\n+OK extra\r\n' } },
    });
    const { client } = await login(server);
    const noop = client.noop();
    await noop;
    await expectKind(client.stat(), 'protocol');
  });

  it('rejects a malformed STAT reply but keeps the session', async () => {
    const server = await serve({ faults: { rawOn: { command: 'STAT', bytes: '+OK many\r\n' } } });
    const { client } = await login(server);
    await expectKind(client.stat(), 'protocol');
    await client.noop();
  });

  it('reports a refused connection as connection-refused', async () => {
    const server = await serve();
    const port = server.port;
    await server.close();
    const err = await failureOf(
      Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', connectTimeoutMs: 2000 }),
    );
    expect(err.kind).toBe('connection-refused');
    expect(err.retryLater).toBe(true);
  });
});

describe('message bodies', () => {
  it('streams a 20 MB message in chunks, byte for byte', async () => {
    const line = Buffer.from(`${'x'.repeat(70)}\r\n.starts with a dot\r\n`);
    const body = Buffer.concat([
      Buffer.from('Subject: big\r\n\r\n'),
      Buffer.alloc(Math.ceil((20 * 1024 * 1024) / line.length) * line.length).fill(line),
    ]);
    const server = await serve({ mailbox: [{ uid: 'big', body }] });
    const { client, log } = await login(server);
    const hash = createHash('sha256');
    let chunks = 0;
    let largest = 0;
    const result = await client.retr(1, (chunk) => {
      chunks += 1;
      largest = Math.max(largest, chunk.length);
      hash.update(chunk);
    });
    expect(result.octets).toBe(body.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(chunks).toBeGreaterThan(10);
    expect(largest).toBeLessThan(body.length / 10);
    expect(log.filter((e) => e.text.includes('xxxxxxxx'))).toEqual([]);
    expect(log.some((e) => e.text === `<${body.length.toLocaleString('en-US')} octets>`)).toBe(
      true,
    );
  });

  it('pauses reading while an asynchronous consumer catches up', async () => {
    const server = await serve({ mailbox: mailbox(3) });
    const { client } = await login(server);
    const seen: string[] = [];
    let active = 0;
    let overlapped = false;
    const slowConsumer = async (chunk: Buffer): Promise<void> => {
      active += 1;
      if (active > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 5));
      seen.push(chunk.toString('latin1'));
      active -= 1;
    };
    await client.retr(1, slowConsumer);
    expect(overlapped).toBe(false);
    expect(seen.join('')).toBe(message(1).body.toString('latin1'));
  });

  it('rejects only that RETR when the consumer throws, and the session goes on', async () => {
    const server = await serve({ mailbox: mailbox(2) });
    const { client } = await login(server);
    const boom = new Error('disk full');
    await expect(
      client.retr(1, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    const second = collect();
    await client.retr(2, second.onChunk);
    expect(second.text()).toBe(message(2).body.toString('latin1'));
  });
});

describe('login', () => {
  const password = 'Tr0ub4dor&3-unique';
  const methods = [
    'user',
    'apop',
    'plain',
    'login',
    'cram-md5',
    'scram-sha-256',
    'xoauth2',
    'oauthbearer',
  ] as const;

  for (const method of methods) {
    it(`logs in with ${method} and keeps its secrets out of the log`, async () => {
      const server = await serve({ users: { 'bob@example.com': password } });
      const { client, log } = await connect(server);
      const result = await client.authenticate({
        user: 'bob@example.com',
        secret: password,
        method,
        allowInsecurePassword: true,
      });
      expect(result.method).toBe(method);
      await client.quit();
      // Everything the client sent after CAPA (except the user name) is a secret or derived from one.
      const secrets = [password, Buffer.from(password).toString('base64')];
      for (const line of server.commands) {
        const words = line.split(' ');
        if (['USER', 'CAPA', 'QUIT'].includes(words[0]!)) continue;
        if (words[0] === 'AUTH') {
          if (words[2]) secrets.push(words[2]);
        } else if (words[0] === 'APOP' || words[0] === 'PASS') {
          secrets.push(words.at(-1)!);
        } else if (line !== '') {
          secrets.push(line);
        }
      }
      const text = log.map((e) => e.text).join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
      const clientLines = log.filter((e) => e.dir === 'C').map((e) => e.text);
      expect(clientLines.filter((l) => !/^(CAPA|QUIT|USER .*|AUTH [A-Z0-9-]+)$/.test(l))).toEqual(
        clientLines.filter((l) => l.endsWith('********')),
      );
    });
  }

  it("picks SCRAM-SHA-256 on 'auto' when offered", async () => {
    const server = await serve();
    const { client } = await connect(server);
    expect(await client.authenticate({ user: 'user', secret: 'secret' })).toEqual({
      method: 'scram-sha-256',
    });
  });

  it('refuses a cleartext password on an unencrypted link and sends nothing', async () => {
    const server = await serve({
      capabilities: ['USER', 'SASL PLAIN LOGIN', 'PIPELINING'],
      apop: false,
    });
    const { client } = await connect(server);
    await expectKind(client.authenticate({ user: 'user', secret: 'secret' }), 'auth-unavailable');
    expect(server.commands).toEqual(['CAPA']);
  });

  it('drops the session when the SCRAM server cannot prove it knows the password', async () => {
    const server = await serve({ faults: { badScramSignature: true } });
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({ user: 'user', secret: 'secret', method: 'scram-sha-256' }),
      'protocol',
    );
    expect(server.commands.at(-1)).toBe('*');
  });

  it('refuses a SCRAM server asking for 1,000,000 iterations, naming the count, and cancels', async () => {
    const server = await serve({ scramIterations: 1_000_000 });
    const { client } = await connect(server);
    const err = await expectKind(
      client.authenticate({ user: 'user', secret: 'secret', method: 'scram-sha-256' }),
      'protocol',
    );
    expect(err.limit).toBe('scram-iterations');
    expect(err.message).toContain('1000000 iterations');
    expect(server.commands.at(-1)).toBe('*');
  });

  it('logs in with SCRAM at exactly 100,000 iterations (the response is computed async)', async () => {
    const server = await serve({ scramIterations: 100_000 });
    const { client } = await connect(server);
    const result = await client.authenticate({
      user: 'user',
      secret: 'secret',
      method: 'scram-sha-256',
    });
    expect(result.method).toBe('scram-sha-256');
    expect(await client.stat()).toEqual({ count: 0, octets: 0 });
    await client.quit();
  });

  it('reports a rejected OAuth token as auth', async () => {
    const server = await serve();
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({
        user: 'user',
        secret: 'expired',
        method: 'xoauth2',
        allowInsecurePassword: true,
      }),
      'auth',
    );
    await expectKind(
      client.authenticate({
        user: 'user',
        secret: 'expired',
        method: 'oauthbearer',
        allowInsecurePassword: true,
      }),
      'auth',
    );
    expect(server.commands.slice(-1)).toEqual(['AQ==']);
  });

  it('refuses a user name that would break the command line', async () => {
    const server = await serve();
    const { client } = await connect(server);
    await expectKind(
      client.authenticate({
        user: 'a\r\nDELE 1',
        secret: 'x',
        method: 'user',
        allowInsecurePassword: true,
      }),
      'auth',
    );
    expect(server.commands).toEqual(['CAPA']);
  });

  it('enables UTF8 before login when the server offers it', async () => {
    const server = await serve({ capabilities: ['USER', 'UTF8', 'SASL PLAIN'] });
    const { client } = await connect(server);
    await client.authenticate({
      user: 'user',
      secret: 'secret',
      method: 'plain',
      allowInsecurePassword: true,
    });
    expect(client.utf8Mode).toBe(true);
    expect(server.commands.slice(0, 2)).toEqual(['CAPA', 'UTF8']);
  });

  it('re-reads CAPA after login when LOGIN-DELAY or EXPIRE is per user', async () => {
    const server = await serve({
      capabilities: ['USER', 'LOGIN-DELAY 300 USER', 'EXPIRE 30 USER'],
      capabilitiesAfterLogin: ['USER', 'LOGIN-DELAY 900', 'EXPIRE NEVER'],
    });
    const { client } = await login(server);
    expect(client.capabilities.loginDelay).toEqual({ seconds: 900, perUser: false });
    expect(client.capabilities.expire).toEqual({ days: 'never', perUser: false });
    expect(server.commands.filter((c) => c === 'CAPA')).toHaveLength(2);
  });

  it("shows this user's EXPIRE 0 after login when the greeting-time CAPA said EXPIRE n USER", async () => {
    const server = await serve({
      capabilities: ['USER', 'EXPIRE 30 USER'],
      capabilitiesAfterLogin: ['USER', 'EXPIRE 0'],
    });
    const { client } = await connect(server);
    expect(client.capabilities.expireDays).toBe(30);
    await client.authenticate({
      user: 'user',
      secret: 'secret',
      method: 'user',
      allowInsecurePassword: true,
    });
    expect(client.capabilities.expireDays).toBe(0);
  });

  it('does not re-read CAPA after login when nothing is per user', async () => {
    const server = await serve({ capabilities: ['USER', 'LOGIN-DELAY 300'] });
    await login(server);
    expect(server.commands.filter((c) => c === 'CAPA')).toHaveLength(1);
  });
});
