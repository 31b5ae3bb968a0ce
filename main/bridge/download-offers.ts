// Bytes the bridge hands to the browser as a download (the browser's stand-in for a save
// dialog): each offer is fetched once, under an unguessable id, and expires. Never kept on disk;
// not kept in memory either: an offer holds how to write its bytes, read when it is fetched.
import { randomBytes } from 'node:crypto';
import type { SaveFileRequest } from '../services';

export interface OfferedFile {
  filename: string;
  mimeType: string;
  /** Writes the bytes a piece at a time when the page fetches the offer. */
  writeTo: SaveFileRequest['writeTo'];
}

export interface DownloadOffer extends OfferedFile {
  expiresAt: number;
}

export interface DownloadOffers {
  /** Returns the URL the page fetches, relative to it: under /s/<token>/, so it carries the token. */
  offer(file: OfferedFile): string;
  /** The offer under `id`, removed on first take; null when unknown or expired. */
  take(id: string): DownloadOffer | null;
}

export const DOWNLOAD_PATH = '/download/';
const LIFETIME_MS = 5 * 60_000;
const MAX_OFFERS = 100;

export function createDownloadOffers(now: () => number = Date.now): DownloadOffers {
  const offers = new Map<string, DownloadOffer>();
  const sweep = (): void => {
    const t = now();
    for (const [id, offer] of offers) if (offer.expiresAt <= t) offers.delete(id);
    while (offers.size >= MAX_OFFERS) {
      const oldest = offers.keys().next().value;
      if (oldest === undefined) break;
      offers.delete(oldest);
    }
  };
  return {
    offer(file) {
      sweep();
      const id = randomBytes(18).toString('base64url');
      offers.set(id, { ...file, expiresAt: now() + LIFETIME_MS });
      return `${DOWNLOAD_PATH.slice(1)}${id}`;
    },
    take(id) {
      const offer = offers.get(id);
      offers.delete(id);
      return offer && offer.expiresAt > now() ? offer : null;
    },
  };
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
