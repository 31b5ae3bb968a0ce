// The one place that calls postal-mime: fixed safety limits, and conversion of its output to our shapes.
// Never lets a library-specific type escape this folder.

import PostalMime, { decodeWords } from 'postal-mime';
import type { Address, Attachment, Email } from 'postal-mime';
import { withCharsetFallback } from './charset-fallback';
import type { MailAddress } from './mime-types';
import { mendTextDecoder } from './windows-1252';

// postal-mime builds its decoders lazily, so mending here is in time for every message.
mendTextDecoder();

// Tighter than the library defaults: no real message nests 64 multiparts deep, and each level costs stack.
const PARSE_OPTIONS = {
  attachmentEncoding: 'arraybuffer',
  maxNestingDepth: 64,
  maxHeadersSize: 2 * 1024 * 1024,
  maxRfc822NestingDepth: 5,
} as const;

export type { Attachment, Email };

export function readMime(raw: Uint8Array): Promise<Email> {
  return PostalMime.parse(withCharsetFallback(raw), PARSE_OPTIONS);
}

function cleanMailbox(name: string | undefined, address: string | undefined): MailAddress {
  return { name: (name ?? '').trim(), address: (address ?? '').trim() };
}

/** Flattens groups into their members; an empty group ("undisclosed-recipients:;") yields nothing. */
export function toMailAddresses(list: Address[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const entry of list ?? []) {
    if (entry.group) {
      for (const member of entry.group) out.push(cleanMailbox(member.name, member.address));
    } else if (entry.address || entry.name) {
      out.push(cleanMailbox(entry.name, entry.address));
    }
  }
  return out;
}

export function toMailAddress(entry: Address | undefined): MailAddress | null {
  return toMailAddresses(entry ? [entry] : [])[0] ?? null;
}

export function parseDateMs(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function safeDecodeWords(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function attachmentBytes(attachment: Attachment): Uint8Array {
  const content = attachment.content;
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** Cid-referenced parts and explicit inline dispositions belong to the body, not the attachment list. */
export function isInlinePart(attachment: Attachment): boolean {
  return attachment.related === true || attachment.disposition === 'inline';
}

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** The parser takes any `x:` line as a header; bytes without one RFC 5322 field name are not a message. */
export function headerProblem(email: Email): string | null {
  return email.headers.some((header) => FIELD_NAME.test(header.originalKey))
    ? null
    : 'no valid header fields found';
}
