// Inline images a message's HTML refers to by cid: (RFC 2392), carried to the reader as data: URLs,
// and the rules both sides apply to them. Never admits SVG or any type that is not a plain raster.

/** One inline part the HTML refers to: its Content-ID (normalised by contentIdKey) and its bytes. */
export interface InlineImage {
  contentId: string;
  /** data:image/(png|jpeg|gif|webp);base64,… — nothing else. */
  dataUrl: string;
}

/** Raster formats only: an SVG image can carry script and links, so it never goes inline. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type InlineImageType = (typeof INLINE_IMAGE_TYPES)[number];

/** Decoded bytes of one inline image; a bigger part stays an attachment only. */
export const INLINE_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** Decoded bytes of all inline images of one message: the detail travels over IPC in one piece. */
export const INLINE_IMAGES_MAX_TOTAL_BYTES = 8 * 1024 * 1024;

const SAFE_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Whether a URL is one of ours: a base64 data: URL of an allowed raster type, and nothing more. */
export function isSafeInlineImageUrl(url: string): boolean {
  return SAFE_DATA_URL.test(url);
}

/**
 * The key a Content-ID header and a cid: URL both reduce to: "cid:" dropped, %-escapes decoded
 * (RFC 2392 writes the URL form escaped), angle brackets and blanks trimmed, case folded (senders
 * are not consistent about case, and two parts of one message differing only by it do not occur).
 */
export function contentIdKey(value: string): string {
  let id = value.trim().replace(/^cid:/i, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // A stray % is kept as written.
  }
  return id.trim().replace(/^<\s*/, '').replace(/\s*>$/, '').toLowerCase();
}

/** Whether a URL in mail HTML points at a part of the message itself. */
export function isCidUrl(url: string): boolean {
  return /^\s*cid:/i.test(url);
}
