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

/** An attachment found in a message's pieces, its bytes not yet read. */
export interface PendingAttachment {
  filename: string | null;
  mimeType: string;
  /** Writes its decoded bytes a piece at a time (read from the pieces again); returns the count. */
  writeTo(write: (bytes: Uint8Array) => void | Promise<void>): Promise<number>;
}

/**
 * Attachment `index` (as parseDetailOfPieces lists it): its name and type now, its bytes when
 * written. Throws MimeError 'no-such-attachment' if there is none.
 */
export async function attachmentOfPieces(
  pieces: MessagePieces,
  index: number,
): Promise<PendingAttachment> {
  const skeleton = skeletonOf(pieces());
  const attachment = await attachmentAt(skeleton.bytes, index);
  const content = attachmentBytes(attachment);
  const k = elidedIndex(skeleton, content);
  return {
    filename: attachment.filename,
    mimeType: attachment.mimeType,
    async writeTo(write) {
      if (k === null) {
        await write(content);
        return content.byteLength;
      }
      let size = 0;
      for (const bytes of decodeElided(pieces(), skeleton.parts[k]!)) {
        await write(bytes);
        size += bytes.byteLength;
      }
      return size;
    },
  };
}

/** Writes attachment `index` to `write`, a piece at a time; returns its name, type and size. */
export async function writeAttachmentOfPieces(
  pieces: MessagePieces,
  index: number,
  write: (bytes: Uint8Array) => void | Promise<void>,
): Promise<{ filename: string | null; mimeType: string; size: number }> {
  const { filename, mimeType, writeTo } = await attachmentOfPieces(pieces, index);
  return { filename, mimeType, size: await writeTo(write) };
}
