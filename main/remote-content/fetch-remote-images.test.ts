import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchRemoteImages,
  NEUTRAL_USER_AGENT,
  type FetchRemoteImagesOptions,
  type ResolveHost,
} from './fetch-remote-images';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>');

const routes: Record<string, (response: ServerResponse) => void> = {
  '/pixel.png': (r) => r.writeHead(200, { 'content-type': 'image/png' }).end(PNG),
  '/drawing.svg': (r) => r.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG),
  '/svg-as-png': (r) => r.writeHead(200, { 'content-type': 'image/png' }).end(SVG),
  '/page.html': (r) => r.writeHead(200, { 'content-type': 'text/html' }).end(PNG),
  '/huge.png': (r) => {
    // No Content-Length: the limit must hold while the body streams in.
    r.writeHead(200, { 'content-type': 'image/png' });
    r.write(PNG);
    r.end(Buffer.alloc(4096));
  },
  '/missing.png': (r) => r.writeHead(404).end(),
  '/never': () => undefined,
  '/to-file': (r) => r.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/to-pixel': (r) => r.writeHead(301, { location: '/pixel.png' }).end(),
  '/loop': (r) => r.writeHead(302, { location: '/loop' }).end(),
  '/to-lan': (r) => r.writeHead(302, { location: 'http://192.168.1.1/router.png' }).end(),
  '/to-metadata': (r) =>
    r.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' }).end(),
  '/to-intranet': (r) => r.writeHead(302, { location: 'http://intranet.test/logo.png' }).end(),
  '/to-mapped': (r) => r.writeHead(301, { location: 'http://[::ffff:10.0.0.1]/a.png' }).end(),
};

let origin = '';
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const server = createServer((request, response) => {
  seen.push({ url: request.url ?? '', headers: request.headers });
  const route = routes[request.url ?? ''];
  if (route) route(response);
  else response.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The local server stands in for a remote host: only these tests let loopback through. */
const LOCAL = { testOnlyAllowLoopback: true } as const;

const fetchOne = async (path: string, options: FetchRemoteImagesOptions = {}) => {
  const [result] = await fetchRemoteImages([`${origin}${path}`], { ...LOCAL, ...options });
  return result;
};

describe('fetching remote images for the reader', () => {
  it('turns a PNG into a data: URL, without cookies, Referer or an identifying User-Agent', async () => {
    expect(await fetchOne('/pixel.png')).toEqual({
      url: `${origin}/pixel.png`,
      dataUrl: `data:image/png;base64,${PNG.toString('base64')}`,
    });
    const request = seen.findLast((s) => s.url === '/pixel.png');
    expect(request?.headers.referer).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers['user-agent']).toBe(NEUTRAL_USER_AGENT);
  });

  it('refuses SVG, whether it says so or claims to be a PNG', async () => {
    expect(await fetchOne('/drawing.svg')).toMatchObject({ error: 'not-an-image' });
    expect(await fetchOne('/svg-as-png')).toMatchObject({ error: 'not-an-image' });
  });

  it('refuses a body whose Content-Type is not a raster image, even if its bytes are one', async () => {
    expect(await fetchOne('/page.html')).toMatchObject({ error: 'not-an-image' });
  });

  it('refuses an image over the per-image limit while it streams', async () => {
    expect(await fetchOne('/huge.png', { maxBytes: 1024 })).toMatchObject({ error: 'too-big' });
  });

  it('stops handing out images once the call byte budget is spent', async () => {
    const results = await fetchRemoteImages([`${origin}/pixel.png`, `${origin}/to-pixel`], {
      ...LOCAL,
      maxTotalBytes: PNG.length + 1,
      concurrency: 1,
    });
    expect(results[0]).toHaveProperty('dataUrl');
    expect(results[1]).toMatchObject({ error: 'total-too-big' });
  });

  it('gives up on a server that never answers', async () => {
    expect(await fetchOne('/never', { imageTimeoutMs: 200 })).toMatchObject({ error: 'timeout' });
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    expect(await fetchOne('/to-file')).toMatchObject({ error: 'unsupported-url' });
  });

  it('follows a redirect on http, but not an endless chain of them', async () => {
    expect(await fetchOne('/to-pixel')).toHaveProperty('dataUrl');
    const before = seen.filter((s) => s.url === '/loop').length;
    expect(await fetchOne('/loop')).toMatchObject({ error: 'too-many-redirects' });
    expect(seen.filter((s) => s.url === '/loop').length - before).toBe(4);
  });

  it('answers an error status and a non-http URL without failing the others', async () => {
    const results = await fetchRemoteImages(
      [
        `${origin}/missing.png`,
        'ftp://example.org/a.png',
        `${origin}/pixel.png`,
        `${origin}/pixel.png`,
      ],
      LOCAL,
    );
    expect(results.map((r) => ('error' in r ? r.error : 'ok'))).toEqual([
      'http-status',
      'unsupported-url',
      'ok',
    ]);
  });
});

/** A resolver stub: answers from a table, counts the questions, never asks real DNS. */
function stubResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: ResolveHost = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}

const errorsOf = (results: Array<{ url: string } & ({ error: string } | { dataUrl: string })>) =>
  Object.fromEntries(results.map((r) => [r.url, 'error' in r ? r.error : 'ok']));

describe('remote images never reach this machine or the LAN', () => {
  it('refuses loopback in every spelling, even where a server listens, without a request', async () => {
    const port = new URL(origin).port;
    const urls = [
      `http://127.0.0.1:${port}/pixel.png`,
      `http://2130706433:${port}/pixel.png`,
      `http://0x7f.1:${port}/pixel.png`,
      `http://0177.0.0.1:${port}/pixel.png`,
      `http://127.1:${port}/pixel.png`,
      `http://[::ffff:127.0.0.1]:${port}/pixel.png`,
      `http://[::1]:${port}/pixel.png`,
      `http://[::127.0.0.1]:${port}/pixel.png`,
      `http://[64:ff9b::127.0.0.1]:${port}/pixel.png`,
      `http://[2002:7f00:1::]:${port}/pixel.png`,
    ];
    const stub = stubResolver({});
    const before = seen.length;
    const results = await fetchRemoteImages(urls, { resolveHost: stub.resolve });
    expect(results.map((r) => ('error' in r ? r.error : 'fetched'))).toEqual(
      urls.map(() => 'private-address'),
    );
    expect(seen.length).toBe(before);
    expect(stub.asked).toEqual([]);
  });

  it('refuses private, link-local, CGNAT, multicast, unspecified, broadcast and reserved addresses', async () => {
    const hosts = [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '240.0.0.1',
      '[fe80::1]',
      '[fc00::1]',
      '[ff02::1]',
      '[::]',
      '[::ffff:192.168.0.1]',
      '[64:ff9b::a00:1]',
      '[64:ff9b:1::1]',
    ];
    const urls = hosts.map((host) => `http://${host}/a.png`);
    // Short timeout: were any of them tried, the test would see 'timeout' or 'network' instead.
    const results = await fetchRemoteImages(urls, { imageTimeoutMs: 500 });
    expect(Object.values(errorsOf(results))).toEqual(hosts.map(() => 'private-address'));
  });

  it('refuses a host name that resolves to a private address, or to one among public ones', async () => {
    const stub = stubResolver({
      'router.test': ['192.168.0.1'],
      localhost: ['127.0.0.1', '::1'],
      'mixed.test': ['93.184.216.34', '10.0.0.5'],
      'rebound.test': ['::ffff:169.254.169.254'],
    });
    const results = await fetchRemoteImages(
      [
        'http://router.test/a.png',
        'https://localhost/b.png',
        'http://mixed.test/c.png',
        'http://rebound.test/d.png',
      ],
      { resolveHost: stub.resolve },
    );
    expect(Object.values(errorsOf(results))).toEqual([
      'private-address',
      'private-address',
      'private-address',
      'private-address',
    ]);
  });

  it('checks every redirect target again, by address and by name', async () => {
    const stub = stubResolver({ 'intranet.test': ['10.20.30.40'] });
    const results = await fetchRemoteImages(
      ['/to-lan', '/to-metadata', '/to-intranet', '/to-mapped'].map((p) => `${origin}${p}`),
      { ...LOCAL, resolveHost: stub.resolve, imageTimeoutMs: 500 },
    );
    expect(Object.values(errorsOf(results))).toEqual([
      'private-address',
      'private-address',
      'private-address',
      'private-address',
    ]);
    expect(stub.asked).toEqual(['intranet.test']);
  });

  it('resolves each host once and connects to exactly the address it checked (no rebinding)', async () => {
    // The first answer is the (test-allowed) local server; any later question is answered with a
    // LAN address. A second look-up, by the fetcher or by the socket, would end in a refusal.
    const port = new URL(origin).port;
    const asked: string[] = [];
    const rebinding: ResolveHost = async (hostname) => {
      asked.push(hostname);
      return [{ address: asked.length === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const results = await fetchRemoteImages(
      [`http://pics.test:${port}/pixel.png`, `http://pics.test:${port}/to-pixel`],
      { ...LOCAL, resolveHost: rebinding, concurrency: 1 },
    );
    expect(results.every((r) => 'dataUrl' in r)).toBe(true);
    expect(asked).toEqual(['pics.test']);
    // It reached the server under its own name: Host says pics.test, the socket went to 127.0.0.1.
    expect(seen.findLast((s) => s.url === '/pixel.png')?.headers.host).toBe(`pics.test:${port}`);
  });

  it('treats a name that does not resolve as a network failure', async () => {
    const stub = stubResolver({});
    expect(
      await fetchRemoteImages(['http://nowhere.test/a.png'], { resolveHost: stub.resolve }),
    ).toEqual([{ url: 'http://nowhere.test/a.png', error: 'network' }]);
  });
});
