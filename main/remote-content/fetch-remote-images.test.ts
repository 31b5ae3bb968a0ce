import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteImages, NEUTRAL_USER_AGENT } from './fetch-remote-images';

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

const fetchOne = async (path: string, options = {}) => {
  const [result] = await fetchRemoteImages([`${origin}${path}`], options);
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
    const results = await fetchRemoteImages([
      `${origin}/missing.png`,
      'ftp://example.org/a.png',
      `${origin}/pixel.png`,
      `${origin}/pixel.png`,
    ]);
    expect(results.map((r) => ('error' in r ? r.error : 'ok'))).toEqual([
      'http-status',
      'unsupported-url',
      'ok',
    ]);
  });
});
