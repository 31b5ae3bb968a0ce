// Fetches the remote images of a mail for the reader, which itself may contact no remote origin:
// each becomes a raster data: URL. Never follows a redirect off http(s), never returns SVG or
// anything whose bytes are not PNG, JPEG, GIF or WebP, and sends no cookie and no Referer.
// Never connects to a private or local address (see address-policy): each host is resolved once
// per call, every address it has is checked, and the connection goes to exactly the checked
// address (no second lookup a rebinding DNS server could answer differently), at every redirect.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  isFetchableImageUrl,
  REMOTE_IMAGE_MAX_BYTES,
  REMOTE_IMAGES_MAX_TOTAL_BYTES,
  type RemoteImage,
  type RemoteImageError,
} from '../../shared/model/remote-image';
import { INLINE_IMAGE_TYPES } from '../../shared/model/inline-image';
import { sniffImageType } from '../mime';
import { checkAddress } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Every address of a host name (dns.lookup with all: true by default). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchRemoteImagesOptions {
  /** One image, redirects included. */
  imageTimeoutMs?: number;
  /** The whole call: images not done by then are answered 'timeout'. */
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxTotalBytes?: number;
  /** Images fetched at the same time. */
  concurrency?: number;
  /** Tests pass a stub resolver; the app uses the system's (dns.lookup). */
  resolveHost?: ResolveHost;
  /**
   * Lets loopback addresses (127.0.0.0/8, ::1) through, for tests against a local server only.
   * Set by test code calling this function directly: nothing in settings, IPC or the renderer
   * reaches it (the messages.remoteImages handler passes no options at all).
   */
  testOnlyAllowLoopback?: boolean;
}

export const MAX_REDIRECTS = 3;
/** The same for every user and version, so it tells a sender nothing about who reads. */
export const NEUTRAL_USER_AGENT = 'Mozilla/5.0';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = INLINE_IMAGE_TYPES.join(', ');

class ImageRefused extends Error {
  constructor(readonly reason: RemoteImageError) {
    super(reason);
  }
}

/** Bytes handed out so far across one call. */
interface Budget {
  used: number;
  readonly max: number;
}

const systemResolver: ResolveHost = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** Resolves each host once per call and admits it only if every address it has is allowed. */
function hostChecker(options: FetchRemoteImagesOptions) {
  const resolve = options.resolveHost ?? systemResolver;
  const allowed = (address: string): boolean => {
    const verdict = checkAddress(address);
    return (
      verdict.allowed || (options.testOnlyAllowLoopback === true && verdict.range === 'loopback')
    );
  };
  const checked = new Map<string, Promise<ResolvedAddress>>();
  const check = async (hostname: string): Promise<ResolvedAddress> => {
    // URL has already turned decimal, octal, hex and short IPv4 spellings into dotted form.
    const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    const family = isIP(literal);
    const addresses = family !== 0 ? [{ address: literal, family }] : await resolve(hostname);
    const first = addresses[0];
    if (!first) throw new Error(`no address for ${hostname}`);
    // One private address among public ones is enough to refuse: the OS may pick any of them.
    if (!addresses.every((a) => allowed(a.address))) throw new ImageRefused('private-address');
    return first;
  };
  return (hostname: string): Promise<ResolvedAddress> => {
    let pending = checked.get(hostname);
    if (!pending) checked.set(hostname, (pending = check(hostname)));
    return pending;
  };
}

/** A lookup for the socket that answers with the address already checked, never asking DNS. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

function get(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'GET',
        // A fresh connection per request: no pooled socket can carry a request to another host.
        agent: false,
        lookup: pinnedLookup(pinned),
        headers: {
          'user-agent': NEUTRAL_USER_AGENT,
          accept: ACCEPT,
          'accept-encoding': 'identity',
        },
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
}

/** A slow DNS answer must not outlast the image's time limit. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

async function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new ImageRefused('too-big');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new ImageRefused('too-big');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function fetchOne(
  url: string,
  signal: AbortSignal,
  maxBytes: number,
  budget: Budget,
  checkHost: (hostname: string) => Promise<ResolvedAddress>,
): Promise<string> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    if (!isFetchableImageUrl(current)) throw new ImageRefused('unsupported-url');
    const target = new URL(current);
    const pinned = await untilAborted(checkHost(target.hostname), signal);
    const response = await get(target, pinned, signal);
    try {
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        if (redirects >= MAX_REDIRECTS) throw new ImageRefused('too-many-redirects');
        const location = response.headers.location;
        if (location === undefined) throw new ImageRefused('http-status');
        try {
          current = new URL(location, current).href;
        } catch {
          throw new ImageRefused('unsupported-url');
        }
        continue;
      }
      if (status !== 200) throw new ImageRefused('http-status');
      const declared = (response.headers['content-type'] ?? '').split(';')[0]?.trim();
      if (!(INLINE_IMAGE_TYPES as readonly string[]).includes(declared?.toLowerCase() ?? ''))
        throw new ImageRefused('not-an-image');
      const bytes = await readLimited(response, maxBytes);
      // The bytes decide, whatever the header claimed: an SVG or HTML body never passes.
      const type = sniffImageType(bytes);
      if (!type) throw new ImageRefused('not-an-image');
      if (budget.used + bytes.byteLength > budget.max) throw new ImageRefused('total-too-big');
      budget.used += bytes.byteLength;
      return `data:${type};base64,${bytes.toString('base64')}`;
    } finally {
      // Whatever was not read is not wanted: close the connection rather than drain it.
      response.destroy();
    }
  }
}

/**
 * Each distinct URL once, in the order given: its data: URL or why not. Never throws; a URL that
 * is not http(s) is answered 'unsupported-url' without any request.
 */
export async function fetchRemoteImages(
  urls: readonly string[],
  options: FetchRemoteImagesOptions = {},
): Promise<RemoteImage[]> {
  const unique = [...new Set(urls)];
  const maxBytes = options.maxBytes ?? REMOTE_IMAGE_MAX_BYTES;
  const budget: Budget = { used: 0, max: options.maxTotalBytes ?? REMOTE_IMAGES_MAX_TOTAL_BYTES };
  const overall = AbortSignal.timeout(options.totalTimeoutMs ?? 60_000);
  const imageTimeoutMs = options.imageTimeoutMs ?? 10_000;
  const checkHost = hostChecker(options);
  const results: RemoteImage[] = new Array<RemoteImage>(unique.length);

  const one = async (url: string): Promise<RemoteImage> => {
    if (overall.aborted) return { url, error: 'timeout' };
    const signal = AbortSignal.any([overall, AbortSignal.timeout(imageTimeoutMs)]);
    try {
      return { url, dataUrl: await fetchOne(url, signal, maxBytes, budget, checkHost) };
    } catch (error) {
      if (error instanceof ImageRefused) return { url, error: error.reason };
      return { url, error: signal.aborted ? 'timeout' : 'network' };
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      const url = unique[index];
      if (url !== undefined) results[index] = await one(url);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, unique.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
