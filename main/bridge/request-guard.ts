// Decides whether an HTTP request or WebSocket upgrade may reach the bridge: the per-run token,
// and Host and Origin naming the bridge itself. Never lets a page from another origin in
// (DNS rebinding, a foreign site's fetch or WebSocket), whatever else the request carries.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BRIDGE_TOKEN_PARAM } from '../../shared/contract/wire';

export interface GuardConfig {
  port: number;
  token: string;
}

export type GuardVerdict =
  | { allowed: true; tokenFrom: 'query' | 'cookie' }
  | { allowed: false; status: 401 | 403; reason: string };

export const bridgeHost = (port: number): string => `127.0.0.1:${port}`;
export const bridgeOrigin = (port: number): string => `http://${bridgeHost(port)}`;
/** Cookie names are not port-scoped: the port keeps two bridges on one machine apart. */
export const tokenCookieName = (port: number): string => `popline_token_${port}`;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface GuardedRequest {
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

/**
 * `requireOrigin` for WebSocket upgrades: browsers always send Origin there, and a socket
 * without one did not come from the bridge's page.
 */
export function checkRequest(
  request: GuardedRequest,
  config: GuardConfig,
  options: { requireOrigin: boolean },
): GuardVerdict {
  const host = request.headers.host;
  if (host !== bridgeHost(config.port))
    return { allowed: false, status: 403, reason: 'foreign or missing Host header' };
  const origin = request.headers.origin;
  if (origin === undefined ? options.requireOrigin : origin !== bridgeOrigin(config.port))
    return { allowed: false, status: 403, reason: 'foreign or missing Origin header' };
  const url = new URL(request.url ?? '/', bridgeOrigin(config.port));
  const fromQuery = url.searchParams.get(BRIDGE_TOKEN_PARAM);
  if (fromQuery !== null)
    return sameSecret(fromQuery, config.token)
      ? { allowed: true, tokenFrom: 'query' }
      : { allowed: false, status: 401, reason: 'wrong token' };
  const fromCookie = cookieValue(request.headers.cookie, tokenCookieName(config.port));
  if (fromCookie !== null && sameSecret(fromCookie, config.token))
    return { allowed: true, tokenFrom: 'cookie' };
  return { allowed: false, status: 401, reason: 'missing or wrong token' };
}
