// Serves the built renderer under app://popline with the strict CSP header. Never serves a file
// outside the renderer folder, and nothing but GET.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { resolveStaticPath } from '../static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.host !== APP_HOST)
    return new Response('Forbidden', { status: 403, headers: appResponseHeaders('text/plain') });
  const file = resolveStaticPath(rendererDir, url.pathname);
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body)
    return new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain') });
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(type) });
}

/** After the app is ready. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
