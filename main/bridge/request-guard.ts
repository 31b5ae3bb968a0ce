// Decides whether an HTTP request or WebSocket upgrade may reach the bridge: the per-run token,
// and Host and Origin naming the bridge itself. Never lets a page from another origin in
// (DNS rebinding, a foreign site's fetch or WebSocket), whatever else the request carries, and
// never throws: a request target that does not parse is a 400 verdict like any other refusal.
//
// The token travels only in URLs of the bridge itself, never in a cookie: cookies ignore ports, so
// every other service on 127.0.0.1 would receive one and could overwrite it. The page URL
// carries it as ?token=…, which the bridge redirects to a path under /s/<token>/, so the page's
// relative asset and download URLs carry it too; the WebSocket URL carries it as ?token=….
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BRIDGE_TOKEN_PARAM } from '../../shared/contract/wire';

export interface GuardConfig {
  port: number;
  token: string;
}

export type GuardVerdict =
  /** `path`: the path asked for, without the /s/<token> prefix when it came that way. */
  | { allowed: true; tokenFrom: 'query' | 'path'; path: string }
  | { allowed: false; status: 400 | 401 | 403; reason: string };

export const bridgeHost = (port: number): string => `127.0.0.1:${port}`;
export const bridgeOrigin = (port: number): string => `http://${bridgeHost(port)}`;
/** The page and its assets live under this path: the token is part of every URL they use. */
export const appPathPrefix = (token: string): string => `/s/${encodeURIComponent(token)}`;
const APP_PATH = /^\/s\/([^/]*)(\/.*)?$/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface GuardedRequest {
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

/** The request target as a URL, or null when it does not parse (e.g. `http://[`). */
export function parseTarget(target: string | undefined, port: number): URL | null {
  try {
    return new URL(target ?? '/', bridgeOrigin(port));
  } catch {
    return null;
  }
}

function tokenInPath(pathname: string): { token: string; rest: string } | null {
  const match = APP_PATH.exec(pathname);
  if (!match) return null;
  try {
    return { token: decodeURIComponent(match[1] ?? ''), rest: match[2] ?? '/' };
  } catch {
    return { token: '', rest: '/' };
  }
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
  const url = parseTarget(request.url, config.port);
  // An absolute target naming another host is as foreign as such a Host header.
  if (url === null || url.host !== bridgeHost(config.port))
    return { allowed: false, status: 400, reason: 'malformed request target' };
  // Every token a request carries must be the right one; at least one it must carry.
  const fromQuery = url.searchParams.get(BRIDGE_TOKEN_PARAM);
  if (fromQuery !== null && !sameSecret(fromQuery, config.token))
    return { allowed: false, status: 401, reason: 'wrong token' };
  const fromPath = tokenInPath(url.pathname);
  if (fromPath !== null)
    return sameSecret(fromPath.token, config.token)
      ? { allowed: true, tokenFrom: 'path', path: fromPath.rest }
      : { allowed: false, status: 401, reason: 'wrong token' };
  if (fromQuery !== null) return { allowed: true, tokenFrom: 'query', path: url.pathname };
  return { allowed: false, status: 401, reason: 'missing or wrong token' };
}
