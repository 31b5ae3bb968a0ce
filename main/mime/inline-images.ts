// Picks the inline images a message's HTML refers to by cid: and turns them into data: URLs.
// Never passes on a part whose bytes are not PNG, JPEG, GIF or WebP (whatever it claims), nor more
// than the per-image and per-message byte limits.

import {
  contentIdKey,
  INLINE_IMAGE_MAX_BYTES,
  INLINE_IMAGES_MAX_TOTAL_BYTES,
  type InlineImage,
  type InlineImageType,
} from '../../shared/model/inline-image';

export interface InlinePartCandidate {
  contentId: string | null;
  mimeType: string;
  content: Uint8Array;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The raster type the bytes really are (by their signature), or null. */
export function sniffImageType(bytes: Uint8Array): InlineImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The cid: URLs the HTML mentions (attributes and CSS alike), reduced to their keys. */
export function referencedContentIds(html: string): Set<string> {
  const keys = new Set<string>();
  for (const match of html.matchAll(/cid:([^\s"'<>()]+)/gi)) {
    if (match[1]) keys.add(contentIdKey(match[1]));
  }
  return keys;
}

/**
 * The inline images to hand to the reader, in part order: referenced from the HTML, declared
 * image/* but not SVG, really a raster image, within INLINE_IMAGE_MAX_BYTES each and
 * INLINE_IMAGES_MAX_TOTAL_BYTES together. The first part wins when two share a Content-ID.
 */
export function inlineImages(
  html: string | null,
  parts: readonly InlinePartCandidate[],
): InlineImage[] {
  if (!html) return [];
  const wanted = referencedContentIds(html);
  const images: InlineImage[] = [];
  let total = 0;
  for (const part of parts) {
    if (!part.contentId) continue;
    const key = contentIdKey(part.contentId);
    if (!key || !wanted.has(key)) continue;
    const declared = part.mimeType.toLowerCase();
    if (!declared.startsWith('image/') || declared.includes('svg')) continue;
    const size = part.content.byteLength;
    if (size > INLINE_IMAGE_MAX_BYTES || total + size > INLINE_IMAGES_MAX_TOTAL_BYTES) continue;
    const type = sniffImageType(part.content);
    if (!type) continue;
    wanted.delete(key);
    total += size;
    images.push({
      contentId: key,
      dataUrl: `data:${type};base64,${Buffer.from(part.content.buffer, part.content.byteOffset, size).toString('base64')}`,
    });
  }
  return images;
}
