// The reader's view of a large message read a piece at a time: its skeleton parsed as usual, the
// sizes of the parts left out counted while scanning, and an attachment's bytes decoded on demand
// straight from the pieces to a writer, so neither the message nor the attachment is held whole.

import { decodeElided, skeletonOf, type Skeleton } from './large-parts';
import type { ParsedDetail } from './mime-types';
import { attachmentAt, parseDetail } from './parse-detail';
import { attachmentBytes } from './postal-read';

/** Above this a message is read a piece at a time and shown without its large parts. */
export const WHOLE_PARSE_OCTETS = 8 * 1024 * 1024;

/** Pieces of the message in order, from the start each time it is called. */
export type MessagePieces = () => Iterable<Uint8Array>;

function elidedIndex(skeleton: Skeleton, content: Uint8Array): number | null {
  // A marker is a few dozen octets; a real part of that size is never mistaken (random UUID).
  if (content.byteLength > skeleton.marker.length + 24) return null;
  const text = Buffer.from(content).toString('latin1').trim();
  if (!text.startsWith(skeleton.marker)) return null;
  const k = Number(text.slice(skeleton.marker.length));
  return Number.isInteger(k) && k >= 0 && k < skeleton.parts.length ? k : null;
}

export async function parseDetailOfPieces(pieces: MessagePieces): Promise<ParsedDetail> {
  const skeleton = skeletonOf(pieces());
  return parseDetail(skeleton.bytes, (content) => {
    const k = elidedIndex(skeleton, content);
    return k === null ? null : (skeleton.parts[k]?.decodedSize ?? null);
  });
}

/**
 * Writes attachment `index` (as parseDetailOfPieces lists it) to `write`, a piece at a time;
 * returns its name and type. Throws MimeError 'no-such-attachment' if there is none.
 */
export async function writeAttachmentOfPieces(
  pieces: MessagePieces,
  index: number,
  write: (bytes: Uint8Array) => void | Promise<void>,
): Promise<{ filename: string | null; mimeType: string; size: number }> {
  const skeleton = skeletonOf(pieces());
  const attachment = await attachmentAt(skeleton.bytes, index);
  const content = attachmentBytes(attachment);
  const k = elidedIndex(skeleton, content);
  let size = 0;
  if (k === null) {
    await write(content);
    size = content.byteLength;
  } else {
    for (const bytes of decodeElided(pieces(), skeleton.parts[k]!)) {
      await write(bytes);
      size += bytes.byteLength;
    }
  }
  return { filename: attachment.filename, mimeType: attachment.mimeType, size };
}
