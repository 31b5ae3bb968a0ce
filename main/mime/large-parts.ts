// A large message read a piece at a time, never whole: a line scanner finds its MIME structure and
// copies everything but the bodies of large non-text leaf parts into a "skeleton" (a small message
// the parser reads as usual); each large body is replaced by a marker and remembered by where it
// lies in the raw bytes, so its size is counted and its bytes decoded only when asked for.
// Only base64 parts are elided (nearly every large attachment); other parts stay in.

import { randomUUID } from 'node:crypto';

/** A leaf body above this many octets (as stored) is left out of the skeleton. */
export const ELIDE_OCTETS = 1024 * 1024;
/** A header block longer than this is cut (the parser's own limit is 2 MiB). */
const MAX_HEADER_OCTETS = 2 * 1024 * 1024;

export interface ElidedPart {
  /** Where its body lies in the raw bytes: from the first octet after the blank line... */
  start: number;
  /** ...to the octet before the line break that precedes the next delimiter (or the end). */
  end: number;
  encoding: 'base64' | 'identity';
  /** Octets once decoded. */
  decodedSize: number;
}

export interface Skeleton {
  bytes: Buffer;
  /** The marker text standing for elided part k is `${marker}${k}`. */
  marker: string;
  parts: ElidedPart[];
}

interface Part {
  headerLines: Buffer[];
  headerOctets: number;
  inHeaders: boolean;
  /** Boundary this part opens (a multipart), or null for a leaf. */
  boundary: string | null;
  encoding: 'base64' | 'identity' | 'other';
  elidable: boolean;
  /** Body lines kept while small; null once elided. */
  kept: Buffer[] | null;
  keptOctets: number;
  bodyStart: number;
  /** Raw offset of the last line break seen in the body (its CR when CRLF), or -1. */
  lastBreak: number;
  decoder: Base64Counter | null;
  identityOctets: number;
}

const LINE_BREAK = /\r?\n$/;

/** Unfolded header fields of a block, lower-cased names. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const field of block.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, field.slice(colon + 1).trim());
  }
  return out;
}

function param(value: string, name: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? null);
}

/** Counts (and, when asked, decodes) base64 a line at a time, ignoring what is not base64. */
export class Base64Counter {
  private carry = '';
  decoded = 0;
  constructor(private readonly emit: ((bytes: Buffer) => void) | null = null) {}
  push(line: Buffer): void {
    const text = this.carry + line.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
    const whole = text.length - (text.length % 4);
    this.carry = text.slice(whole);
    if (whole === 0) return;
    this.decoded += (whole / 4) * 3;
    this.emit?.(Buffer.from(text.slice(0, whole), 'base64'));
  }
  end(): void {
    // A tail of 2 or 3 characters still carries 1 or 2 octets (padding was stripped above).
    const extra = this.carry.length >= 2 ? this.carry.length - 1 : 0;
    if (extra > 0) {
      this.decoded += extra;
      this.emit?.(Buffer.from(this.carry, 'base64'));
    }
    this.carry = '';
  }
}

/** Splits pieces into lines (each with its line break), tracking their raw offsets. */
function* lines(pieces: Iterable<Uint8Array>): Generator<{ line: Buffer; at: number }> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  for (const piece of pieces) {
    const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, from);
      if (nl < 0) break;
      const tail = buf.subarray(from, nl + 1);
      const line = carry.length ? Buffer.concat([carry, tail]) : tail;
      carry = Buffer.alloc(0);
      yield { line, at: offset };
      offset += line.length;
      from = nl + 1;
    }
    // A line longer than a piece is joined once its end arrives.
    if (from < buf.length) carry = Buffer.concat([carry, buf.subarray(from)]);
  }
  if (carry.length) yield { line: carry, at: offset };
}

function newPart(at: number): Part {
  return {
    headerLines: [],
    headerOctets: 0,
    inHeaders: true,
    boundary: null,
    encoding: 'identity',
    elidable: false,
    kept: [],
    keptOctets: 0,
    bodyStart: at,
    lastBreak: -1,
    decoder: null,
    identityOctets: 0,
  };
}

/** The skeleton of a message given as pieces in order (e.g. a stored message's chunks). */
export function skeletonOf(pieces: Iterable<Uint8Array>, elideOctets = ELIDE_OCTETS): Skeleton {
  const marker = `popline-elided-${randomUUID()}-`;
  const out: Buffer[] = [];
  const parts: ElidedPart[] = [];
  const boundaries: string[] = [];
  let part: Part | null = newPart(0);

  const endLeaf = (p: Part, end: number) => {
    if (p.kept !== null) {
      out.push(...p.kept);
      return;
    }
    // The line break before the delimiter belongs to the delimiter, not to the body.
    const bodyEnd = Math.max(p.bodyStart, end);
    let decodedSize = bodyEnd - p.bodyStart;
    if (p.encoding === 'base64' && p.decoder) {
      p.decoder.end();
      decodedSize = p.decoder.decoded;
    }
    const k = parts.length;
    parts.push({
      start: p.bodyStart,
      end: bodyEnd,
      encoding: p.encoding === 'base64' ? 'base64' : 'identity',
      decodedSize,
    });
    const text = `${marker}${k}`;
    out.push(
      Buffer.from(
        p.encoding === 'base64' ? `${Buffer.from(text).toString('base64')}\r\n` : `${text}\r\n`,
      ),
    );
  };

  const closeHeaders = (p: Part) => {
    p.inHeaders = false;
    const block = Buffer.concat(p.headerLines);
    out.push(block);
    const f = fields(block.toString('latin1'));
    const type = (f.get('content-type') ?? 'text/plain').toLowerCase();
    const boundary = param(f.get('content-type') ?? '', 'boundary');
    if (type.startsWith('multipart/') && boundary) {
      p.boundary = boundary;
      boundaries.push(boundary);
      return;
    }
    const cte = (f.get('content-transfer-encoding') ?? '7bit').toLowerCase().trim();
    p.encoding =
      cte === 'base64' ? 'base64' : ['7bit', '8bit', 'binary'].includes(cte) ? 'identity' : 'other';
    // Only base64 is left out: the parser rewrites the line breaks of identity-encoded parts.
    p.elidable =
      p.encoding === 'base64' && !type.startsWith('text/') && !type.startsWith('message/');
    p.decoder = p.encoding === 'base64' ? new Base64Counter() : null;
  };

  let lastBreakAt = -1;
  let total = 0;
  for (const { line, at } of lines(pieces)) {
    total = at + line.length;
    const breakAt = at + line.length - (line.length >= 2 && line[line.length - 2] === 0x0d ? 2 : 1);
    if (part?.inHeaders) {
      const blank = line.length <= 2 && LINE_BREAK.test(line.toString('latin1'));
      if (part.headerOctets < MAX_HEADER_OCTETS || blank) part.headerLines.push(line);
      part.headerOctets += line.length;
      if (blank) {
        closeHeaders(part);
        part.bodyStart = at + line.length;
      }
      lastBreakAt = breakAt;
      continue;
    }
    // A delimiter of any open multipart ends the current leaf (and inner multiparts).
    const text = line[0] === 0x2d && line[1] === 0x2d ? line.toString('latin1') : '';
    const found = text
      ? boundaries.findLastIndex((b) => {
          const rest = text.slice(2, 2 + b.length);
          return rest === b && /^(--)?[ \t]*\r?\n?$/.test(text.slice(2 + b.length));
        })
      : -1;
    if (found >= 0) {
      if (part && part.boundary === null) endLeaf(part, lastBreakAt);
      const closing = text.slice(2 + boundaries[found]!.length).startsWith('--');
      boundaries.length = closing ? found : found + 1;
      out.push(line);
      part = closing ? null : newPart(at + line.length);
      lastBreakAt = breakAt;
      continue;
    }
    if (part === null || part.boundary !== null) {
      // Preamble or epilogue: kept as they are.
      out.push(line);
    } else if (part.kept !== null) {
      part.kept.push(line);
      part.keptOctets += line.length;
      part.decoder?.push(line);
      if (part.elidable && part.keptOctets > elideOctets) part.kept = null;
    } else {
      part.decoder?.push(line);
    }
    lastBreakAt = breakAt;
  }
  if (part?.inHeaders) out.push(...part.headerLines);
  // The last leaf runs to the end when no delimiter closes it.
  else if (part && part.boundary === null) endLeaf(part, total);

  return { bytes: Buffer.concat(out), marker, parts };
}

/**
 * The decoded bytes of an elided part, a piece at a time, read from the message's pieces again
 * (only the octets of that part are decoded; nothing else is kept).
 */
export function* decodeElided(pieces: Iterable<Uint8Array>, part: ElidedPart): Generator<Buffer> {
  const pending: Buffer[] = [];
  const b64 = part.encoding === 'base64' ? new Base64Counter((b) => pending.push(b)) : null;
  let offset = 0;
  for (const piece of pieces) {
    const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const from = Math.max(part.start - offset, 0);
    const to = Math.min(part.end - offset, buf.length);
    offset += buf.length;
    if (to <= from) {
      if (offset >= part.end) break;
      continue;
    }
    const slice = buf.subarray(from, to);
    if (b64) b64.push(slice);
    else pending.push(Buffer.from(slice));
    yield* pending.splice(0);
    if (offset >= part.end) break;
  }
  b64?.end();
  yield* pending.splice(0);
}
