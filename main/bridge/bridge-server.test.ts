import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspSources } from '../../shared/csp';
import { createDispatcher, type Handlers } from '../ipc/dispatcher';
import { createEventBus } from '../services/event-bus';
import { startBridge, type RunningBridge } from './bridge-server';
import { exchange, httpGet, openSocket, rawRequest } from './bridge-test-client';
import { createDownloadOffers } from './download-offers';

// Only app.info answers here; the whole contract over real services is bridge-contract.test.ts.
const handlers = new Proxy({} as Handlers, {
  get: (_t, name) =>
    name === 'app.info'
      ? () => ({
          version: 't',
          transport: 'browser-bridge',
          secretStorage: 'file-key',
          databasePath: '',
        })
      : () => {
          throw new Error(`not in this test: ${String(name)}`);
        },
});

const TOKEN = 'test-token-0123456789abcdef';
let dir: string;
let bridge: RunningBridge;
const events = createEventBus();
const downloads = createDownloadOffers();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'popline-bridge-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Popline</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'popline-bridge-outside.txt'), 'outside');
  bridge = await startBridge({
    dispatch: createDispatcher(handlers),
    events,
    downloads,
    rendererDir: dir,
    token: TOKEN,
  });
});

afterAll(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${bridge.port}`;

describe('bridge over HTTP', () => {
  it('binds 127.0.0.1 and serves the page with the token, with a strict CSP', async () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${TOKEN}`);
    const entry = await httpGet(bridge.port, `/?token=${TOKEN}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toBe(`/s/${TOKEN}/?token=${TOKEN}`);
    const page = await httpGet(bridge.port, `/s/${TOKEN}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Popline</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toBe(contentSecurityPolicy({ connect: [`ws://127.0.0.1:${bridge.port}`] }));
    expect(cspSources(csp, 'script-src')).toEqual(["'self'"]);
    expect(cspSources(csp, 'connect-src')).toEqual(["'self'", `ws://127.0.0.1:${bridge.port}`]);
    expect(csp).not.toMatch(/https?:|unsafe-inline/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await httpGet(bridge.port, '/')).status).toBe(401);
    expect((await httpGet(bridge.port, '/assets/app.js')).status).toBe(401);
    expect((await httpGet(bridge.port, `/?token=${TOKEN}x`)).status).toBe(401);
    expect((await httpGet(bridge.port, `/?token=`)).status).toBe(401);
    expect((await httpGet(bridge.port, `/s/${TOKEN}x/assets/app.js`)).status).toBe(401);
    expect((await httpGet(bridge.port, `/s//assets/app.js`)).status).toBe(401);
  });

  it('lets the page load its assets under its token path, and sets no cookie any other localhost service would see', async () => {
    const entry = await httpGet(bridge.port, `/?token=${TOKEN}`);
    const page = await httpGet(bridge.port, `/s/${TOKEN}/?token=${TOKEN}`);
    const asset = await httpGet(bridge.port, `/s/${TOKEN}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const answer of [entry, page, asset]) expect(answer.headers['set-cookie']).toBeUndefined();
    // A cookie planted for 127.0.0.1 by another local service opens nothing.
    const planted = await httpGet(bridge.port, '/assets/app.js', {
      cookie: `popline_token_${bridge.port}=${TOKEN}; token=${TOKEN}`,
    });
    expect(planted.status).toBe(401);
  });

  it('answers a malformed request target with 400, and keeps serving', async () => {
    for (const target of ['http://[', 'http://[/?token=x', 'http://evil.example/?token=' + TOKEN]) {
      const answer = await rawRequest(
        bridge.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer, target).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect((await httpGet(bridge.port, `/s/${TOKEN}/`)).status).toBe(200);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const answer = await httpGet(bridge.port, `/?token=${TOKEN}`, {
      host: `evil.example:${bridge.port}`,
    });
    expect(answer.status).toBe(403);
    const localhost = await httpGet(bridge.port, `/?token=${TOKEN}`, { host: 'localhost:1' });
    expect(localhost.status).toBe(403);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const answer = await httpGet(bridge.port, `/?token=${TOKEN}`, {
      origin: 'http://evil.example',
    });
    expect(answer.status).toBe(403);
    const opaque = await httpGet(bridge.port, `/?token=${TOKEN}`, { origin: 'null' });
    expect(opaque.status).toBe(403);
    const own = await httpGet(bridge.port, `/?token=${TOKEN}`, { origin: origin() });
    expect(own.status).toBe(303);
  });

  it('answers the browser favicon request with no content rather than an error', async () => {
    expect((await httpGet(bridge.port, `/s/${TOKEN}/favicon.ico`)).status).toBe(204);
    expect((await httpGet(bridge.port, '/favicon.ico')).status).toBe(204);
    expect((await httpGet(bridge.port, '/favicon.ico', { host: 'evil.example' })).status).toBe(403);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../popline-bridge-outside.txt',
      '/%2e%2e/popline-bridge-outside.txt',
      '/assets/..%2f..%2fpopline-bridge-outside.txt',
    ]) {
      const answer = await httpGet(bridge.port, `${path}?token=${TOKEN}`);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString()).not.toContain('outside');
    }
  });

  it('hands out an offered download once, as an attachment', async () => {
    const path = downloads.offer({
      filename: 'résumé.pdf',
      mimeType: 'application/pdf',
      writeTo: async (sink) => {
        await sink(new Uint8Array([1, 2]));
        await sink(new Uint8Array([3]));
      },
    });
    expect(path).toMatch(/^download\//);
    expect((await httpGet(bridge.port, `/${path}`)).status).toBe(401);
    const first = await httpGet(bridge.port, `/s/${TOKEN}/${path}`);
    expect(first.status).toBe(200);
    expect([...first.body]).toEqual([1, 2, 3]);
    expect(first.headers['content-disposition']).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
    expect((await httpGet(bridge.port, `/s/${TOKEN}/${path}`)).status).toBe(404);
  });
});

describe('bridge over WebSocket', () => {
  it('refuses an upgrade without the token or with a wrong one', async () => {
    expect(await openSocket(bridge.port, '/ws', { origin: origin() })).toEqual({ refused: 401 });
    expect(await openSocket(bridge.port, `/ws?token=nope`, { origin: origin() })).toEqual({
      refused: 401,
    });
  });

  it('answers an upgrade with a malformed target with 400, and lives on', async () => {
    const upgrade = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nOrigin: ${origin()}\r\n` +
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    for (const target of ['http://[', `http://[/ws?token=${TOKEN}`, `//[::/ws?token=${TOKEN}`])
      expect(await rawRequest(bridge.port, upgrade(target)), target).toMatch(/^HTTP\/1\.1 400 /);
    // The right token on another path opens no socket either.
    expect(await openSocket(bridge.port, `/s/${TOKEN}/ws`, { origin: origin() })).toEqual({
      refused: 403,
    });
    const opened = await openSocket(bridge.port, `/ws?token=${TOKEN}`, { origin: origin() });
    expect(opened).toHaveProperty('socket');
    if ('socket' in opened) opened.socket.close();
  });

  it('keeps serving whatever malformed upgrade requests arrive over raw sockets (fuzz)', async () => {
    const part = fc.constantFrom(
      'http://[',
      '//',
      '/ws',
      `?token=${TOKEN}`,
      '?token=',
      '%',
      '%zz',
      '#',
      '[',
      ']',
      '::',
      'http://127.0.0.1:1/',
      '\\',
      '..',
      '/s/',
      TOKEN,
      '@',
      ' ',
      '\t',
      'é',
      '\u0000',
      '*',
    );
    const target = fc.oneof(
      fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    );
    const header = fc.oneof(
      fc.constantFrom(
        `Host: 127.0.0.1:${bridge.port}`,
        'Host: [',
        'Host:',
        `Origin: ${origin()}`,
        'Origin: null',
        'Origin: http://[',
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Upgrade: ',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Version: 99',
        'Sec-WebSocket-Key: x',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Cookie: popline_token_${bridge.port}=${TOKEN}`,
        'Content-Length: 5',
        'Transfer-Encoding: chunked',
      ),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }),
    );
    const method = fc.constantFrom('GET', 'POST', 'OPTIONS', 'G\u0000T', '');
    await fc.assert(
      fc.asyncProperty(
        method,
        target,
        fc.array(header, { maxLength: 8 }),
        async (verb, path, lines) => {
          const request = `${verb} ${path} HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${lines.join('\r\n')}\r\n\r\n`;
          const answer = await rawRequest(bridge.port, Buffer.from(request, 'latin1'), 500);
          // Never an accepted socket without a well-formed, token-bearing upgrade.
          expect(answer).not.toMatch(/^HTTP\/1\.1 101 /);
          // And the bridge still answers properly after it.
          expect((await httpGet(bridge.port, `/s/${TOKEN}/`)).status).toBe(200);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses an upgrade with a foreign or missing Origin', async () => {
    expect(
      await openSocket(bridge.port, `/ws?token=${TOKEN}`, { origin: 'http://evil.example' }),
    ).toEqual({ refused: 403 });
    expect(await openSocket(bridge.port, `/ws?token=${TOKEN}`, {})).toEqual({ refused: 403 });
  });

  it('refuses an upgrade with a foreign Host', async () => {
    expect(
      await openSocket(bridge.port, `/ws?token=${TOKEN}`, {
        origin: origin(),
        host: 'evil.example',
      }),
    ).toEqual({ refused: 403 });
  });

  it('answers calls, and malformed frames with invalid-argument, and pushes events', async () => {
    const opened = await openSocket(bridge.port, `/ws?token=${TOKEN}`, { origin: origin() });
    if (!('socket' in opened)) throw new Error(`refused ${opened.refused}`);
    const { socket } = opened;
    expect(
      await exchange(socket, JSON.stringify({ type: 'call', id: 7, method: 'app.info' }), 7),
    ).toMatchObject({
      id: 7,
      result: { ok: true, value: { transport: 'browser-bridge' } },
    });
    for (const frame of [
      'not json',
      '[]',
      '{"type":"call"}',
      JSON.stringify({ type: 'call', id: 8, method: 'app.info', extra: 1 }),
    ]) {
      const answer = (await exchange(socket, frame, null)) as {
        result: { ok: boolean; error?: { kind: string } };
      };
      expect(answer.result.ok, frame).toBe(false);
      expect(answer.result.error?.kind, frame).toBe('invalid-argument');
    }
    const unknown = await exchange(
      socket,
      JSON.stringify({ type: 'call', id: 9, method: 'fs.readFile', arg: '/etc/passwd' }),
      9,
    );
    expect(unknown).toMatchObject({ result: { ok: false, error: { kind: 'invalid-argument' } } });
    const event = new Promise((resolve) =>
      socket.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    events.emit('sync.progress', {
      accountId: 1,
      messagesDone: 1,
      messagesTotal: 2,
      octetsDone: 3,
      octetsTotal: 4,
    });
    expect(await event).toEqual({
      type: 'event',
      event: 'sync.progress',
      payload: { accountId: 1, messagesDone: 1, messagesTotal: 2, octetsDone: 3, octetsTotal: 4 },
    });
    socket.close();
  });
});
