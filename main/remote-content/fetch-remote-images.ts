// Fetches the remote images of a mail for the reader, which itself may contact no remote origin:
// each becomes a raster data: URL. Never follows a redirect off http(s), never returns SVG or
// anything whose bytes are not PNG, JPEG, GIF or WebP, and sends no cookie and no Referer.
import {
  isFetchableImageUrl,
  REMOTE_IMAGE_MAX_BYTES,
  REMOTE_IMAGES_MAX_TOTAL_BYTES,
  type RemoteImage,
  type RemoteImageError,
} from '../../shared/model/remote-image';
import { INLINE_IMAGE_TYPES } from '../../shared/model/inline-image';
import { sniffImageType } from '../mime/inline-images';

export interface FetchRemoteImagesOptions {
  /** One image, redirects included. */
  imageTimeoutMs?: number;
  /** The whole call: images not done by then are answered 'timeout'. */
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxTotalBytes?: number;
  /** Images fetched at the same time. */
  concurrency?: number;
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

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new ImageRefused('too-big');
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ImageRefused('too-big');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

async function fetchOne(
  url: string,
  signal: AbortSignal,
  maxBytes: number,
  budget: Budget,
): Promise<string> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    if (!isFetchableImageUrl(current)) throw new ImageRefused('unsupported-url');
    const response = await fetch(current, {
      redirect: 'manual',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      headers: { 'user-agent': NEUTRAL_USER_AGENT, accept: ACCEPT },
      signal,
    });
    if (REDIRECT_STATUSES.has(response.status)) {
      await discard(response);
      if (redirects >= MAX_REDIRECTS) throw new ImageRefused('too-many-redirects');
      const location = response.headers.get('location');
      if (location === null) throw new ImageRefused('http-status');
      try {
        current = new URL(location, current).href;
      } catch {
        throw new ImageRefused('unsupported-url');
      }
      continue;
    }
    if (response.status !== 200) {
      await discard(response);
      throw new ImageRefused('http-status');
    }
    const declared = (response.headers.get('content-type') ?? '').split(';')[0]?.trim();
    if (!(INLINE_IMAGE_TYPES as readonly string[]).includes(declared?.toLowerCase() ?? '')) {
      await discard(response);
      throw new ImageRefused('not-an-image');
    }
    const bytes = await readLimited(response, maxBytes);
    // The bytes decide, whatever the header claimed: an SVG or HTML body never passes.
    const type = sniffImageType(bytes);
    if (!type) throw new ImageRefused('not-an-image');
    if (budget.used + bytes.byteLength > budget.max) throw new ImageRefused('total-too-big');
    budget.used += bytes.byteLength;
    return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
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
  const results: RemoteImage[] = new Array<RemoteImage>(unique.length);

  const one = async (url: string): Promise<RemoteImage> => {
    if (overall.aborted) return { url, error: 'timeout' };
    const signal = AbortSignal.any([overall, AbortSignal.timeout(imageTimeoutMs)]);
    try {
      return { url, dataUrl: await fetchOne(url, signal, maxBytes, budget) };
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
