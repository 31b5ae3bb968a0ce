import { connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../pop3';
import {
  startScriptedServer,
  stuffBody,
  type ScriptedServer,
  type ScriptedServerOptions,
} from './scripted-pop3-server';

const servers: ScriptedServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function serve(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer(options);
  servers.push(server);
  return server;
}

const msg = (n: number) => ({ body: Buffer.from(`Subject: ${n}\r\n\r\ntext ${n}\r\n`) });

/** A bare TCP peer: writes raw bytes and collects everything the server says. */
async function raw(server: ScriptedServer) {
  const socket = tcpConnect(server.port, server.host);
  sockets.push(socket);
  let text = '';
  let closed = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => {
    text += d;
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => undefined);
  const until = async (pred: () => boolean): Promise<void> => {
    while (!pred()) await new Promise<void>((r) => waiters.push(r));
  };
  const lines = () => text.split('\r\n').filter((l) => l !== '');
  await until(() => lines().length >= 1);
  return {
    write: (data: string) => socket.write(data),
    lines,
    /** Waits until `n` lines have arrived in total (or the server closed). */
    waitLines: (n: number) => until(() => lines().length >= n || closed),
    waitClose: () => until(() => closed),
    get closed() {
      return closed;
    },
  };
}

async function login(server: ScriptedServer) {
  const client = await Pop3Client.connect({
    host: server.host,
    port: server.port,
    security: 'none',
  });
  await client.authenticate({
    user: 'user',
    secret: 'secret',
    method: 'user',
    allowInsecurePassword: true,
  });
  return client;
}

describe('stuffBody', () => {
  it('doubles leading dots, adds a missing final CRLF and the terminator', () => {
    expect(stuffBody(Buffer.from('.a\r\nb\r\n..c')).toString()).toBe('..a\r\nb\r\n...c\r\n.\r\n');
    expect(stuffBody(Buffer.from('x\r\n'), false).toString()).toBe('x\r\n');
  });
});

describe('scripted POP3 server', () => {
  it('applies DELE only at QUIT from TRANSACTION', async () => {
    const server = await serve({ mailbox: [msg(1), msg(2), msg(3)] });
    const peer = await raw(server);
    peer.write('USER user\r\nPASS secret\r\nDELE 2\r\nSTAT\r\n');
    await peer.waitLines(5);
    expect(peer.lines()[4]).toMatch(/^\+OK 2 /);
    expect(server.mailbox()).toHaveLength(3);
    peer.write('QUIT\r\n');
    await peer.waitClose();
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m1', 'm3']);
    expect(server.updates).toBe(1);
  });

  it('keeps every message when the session ends without QUIT', async () => {
    const server = await serve({ mailbox: [msg(1)] });
    const client = await login(server);
    await client.dele(1);
    client.close();
    await server.idle();
    expect(server.mailbox()).toHaveLength(1);
  });

  it('records each line with how many of its session were unanswered when it arrived', async () => {
    const server = await serve({ mailbox: [msg(1)] });
    const peer = await raw(server);
    peer.write('USER user\r\n');
    await peer.waitLines(2);
    peer.write('PASS secret\r\nNOOP\r\nNOOP\r\n');
    await peer.waitLines(5);
    expect(server.received.map((r) => [r.session, r.index, r.line, r.inFlight])).toEqual([
      [1, 1, 'USER user', 1],
      [1, 2, 'PASS secret', 1],
      [1, 3, 'NOOP', 2],
      [1, 4, 'NOOP', 3],
    ]);
    expect(server.commandsOf(1)).toEqual(['USER user', 'PASS secret', 'NOOP', 'NOOP']);
  });

  it('drops upon the k-th line without executing it', async () => {
    const server = await serve({ mailbox: [msg(1)], faults: { dropAfterCommand: 4 } });
    const peer = await raw(server);
    peer.write('USER user\r\nPASS secret\r\nDELE 1\r\nQUIT\r\n');
    await peer.waitClose();
    expect(peer.lines().slice(1)).toEqual([
      '+OK send PASS',
      '+OK user has 1 messages',
      '+OK message 1 deleted',
    ]);
    expect(server.mailbox()).toHaveLength(1);
  });

  it('can execute QUIT (UPDATE) and drop before replying: the ambiguous case', async () => {
    const server = await serve({ mailbox: [msg(1), msg(2)], faults: { dropAfterExecuting: 6 } });
    // Lines: CAPA, USER, PASS, DELE, DELE, QUIT (6).
    const client = await login(server);
    await client.dele(1);
    await client.dele(2);
    const quit = await client.quit().catch((err: unknown) => err);
    expect(quit).toMatchObject({ kind: 'connection' });
    expect(server.mailbox()).toEqual([]);
  });

  it('answers -ERR to the nth matching line only, in the sessions chosen', async () => {
    const server = await serve({
      mailbox: [msg(1), msg(2)],
      faults: { errOn: { command: 'DELE', nth: 2, session: 1, text: '[SYS/TEMP] busy' } },
    });
    const first = await login(server);
    await first.dele(1);
    await expect(first.dele(2)).rejects.toMatchObject({ kind: 'sys-temp' });
    await first.quit();
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m2']);
    const second = await login(server);
    await second.dele(1);
    await second.quit();
    expect(server.mailbox()).toEqual([]);
  });

  it('does not apply UPDATE when QUIT is answered -ERR', async () => {
    const server = await serve({ mailbox: [msg(1)], faults: { errOn: { command: 'QUIT' } } });
    const client = await login(server);
    await client.dele(1);
    expect((await client.quit()).ok).toBe(false);
    expect(server.mailbox()).toHaveLength(1);
  });

  it('locks the mailbox against a second session until the first ends', async () => {
    const server = await serve({ mailbox: [msg(1)] });
    const first = await login(server);
    const second = await Pop3Client.connect({
      host: server.host,
      port: server.port,
      security: 'none',
    });
    await expect(
      second.authenticate({
        user: 'user',
        secret: 'secret',
        method: 'user',
        allowInsecurePassword: true,
      }),
    ).rejects.toMatchObject({ kind: 'in-use' });
    await second.quit();
    await first.quit();
    await server.idle();
    const again = await login(server);
    expect(await again.stat()).toMatchObject({ count: 1 });
  });

  it('cuts a RETR in the middle of a line and closes', async () => {
    const body = Buffer.from(`Subject: x\r\n\r\n${'0123456789\r\n'.repeat(100)}`);
    const server = await serve({
      mailbox: [{ body }],
      faults: { dropMidRetr: { message: 1, afterOctets: 300 } },
    });
    const peer = await raw(server);
    peer.write('USER user\r\nPASS secret\r\nRETR 1\r\n');
    await peer.waitClose();
    const all = peer.lines();
    expect(all[3]).toBe(`+OK ${body.length} octets`);
    expect(all.includes('.')).toBe(false);
  });

  it('offers only the capabilities it is given, and refuses UIDL and TOP without them', async () => {
    const server = await serve({ mailbox: [msg(1)], capabilities: ['USER'] });
    const client = await login(server);
    expect(client.capabilities.raw).toEqual(['USER']);
    await expect(client.uidl()).rejects.toMatchObject({ kind: 'server' });
    await expect(client.top(1, 0, () => undefined)).rejects.toMatchObject({ kind: 'server' });
  });

  it('lets a test replace the mailbox and keeps assigned UIDLs stable', async () => {
    const server = await serve({ mailbox: [msg(1)] });
    server.setMailbox([{ uid: 'fixed', body: Buffer.from('x\r\n') }, msg(2)]);
    const client = await login(server);
    expect(await client.uidl()).toEqual([
      { n: 1, uid: 'fixed' },
      { n: 2, uid: 'm2' },
    ]);
    await client.quit();
    const again = await login(server);
    expect(await again.uidl(2)).toEqual({ n: 2, uid: 'm2' });
  });

  it('counts sessions and takes new faults between them', async () => {
    const server = await serve({ mailbox: [msg(1)], faults: { errOn: { command: 'STAT' } } });
    const first = await login(server);
    await expect(first.stat()).rejects.toBeDefined();
    await first.quit();
    server.setFaults({});
    const second = await login(server);
    expect(await second.stat()).toMatchObject({ count: 1 });
    expect(server.sessions).toBe(2);
  });
});
