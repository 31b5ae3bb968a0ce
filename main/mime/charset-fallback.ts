// Undeclared 8-bit text is read as windows-1252, as mail clients do, instead of as broken UTF-8
// ("Forma��o"). Works on a copy given to the parser only: the stored raw bytes are never changed.

import { decodeWindows1252 } from './windows-1252';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
/** The body is checked up to here: enough to tell, bounded for huge messages. */
const BODY_CHECK_LIMIT = 1024 * 1024;

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/** Where the header block ends (the index of the empty line's first byte), or -1. */
function headerEnd(raw: Uint8Array): number {
  // A part with no header lines starts with its empty line.
  if (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a)) return 0;
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return i + 1;
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return i + 1;
  }
  return -1;
}

/** Lines with their line ends, so that joining them gives back the bytes. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The body as the parser will see it after the transfer decoding, for the UTF-8 check. */
function decodedBody(body: Uint8Array, transferEncoding: string): Uint8Array {
  const sample = body.subarray(0, BODY_CHECK_LIMIT);
  if (transferEncoding === 'base64') return Buffer.from(latin1(sample), 'base64');
  if (transferEncoding === 'quoted-printable') {
    const text = latin1(sample).replace(/=\r?\n/g, '');
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
      'latin1',
    );
  }
  return sample;
}

interface HeaderLine {
  bytes: Uint8Array;
  /** Lower-case field name, or null for a continuation line. */
  name: string | null;
}

function headerLine(bytes: Uint8Array): HeaderLine {
  const first = bytes[0];
  if (first === 0x20 || first === 0x09) return { bytes, name: null };
  const match = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/.exec(latin1(bytes.subarray(0, 100)));
  return { bytes, name: match?.[1]?.toLowerCase() ?? null };
}

/** The unfolded value of the first field with this name, and the lines it spans. */
function findField(
  lines: readonly HeaderLine[],
  wanted: string,
): { value: string; at: number; count: number } | null {
  const at = lines.findIndex((l) => l.name === wanted);
  if (at < 0) return null;
  let count = 1;
  while (at + count < lines.length && lines[at + count]?.name === null) count++;
  const text = lines
    .slice(at, at + count)
    .map((l) => latin1(l.bytes))
    .join('')
    .replace(/\r?\n/g, '');
  return { value: text.slice(text.indexOf(':') + 1).trim(), at, count };
}

/**
 * The bytes to hand the MIME parser: header lines that are not UTF-8 re-encoded from
 * windows-1252, and a single text part without a declared charset marked windows-1252 when its
 * body is not UTF-8. Returns `raw` itself when nothing needs changing.
 */
export function withCharsetFallback(raw: Uint8Array): Uint8Array {
  return entity(raw, 0);
}

/** Nested multiparts deeper than this are left as they are (the parser has its own limit). */
const MAX_DEPTH = 16;
/** A multipart is scanned as one latin1 string: bounded, so a huge one costs no second copy. */
const MULTIPART_SCAN_LIMIT = 32 * 1024 * 1024;

/** A quoted or bare MIME parameter of a header value. */
function parameter(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/**
 * Each body part of a multipart mended on its own (an undeclared Latin-1 text part beside an HTML
 * one, say); the delimiter lines, preamble and epilogue are kept byte for byte.
 */
function multipartBody(body: Uint8Array, boundary: string, depth: number): Uint8Array | null {
  const text = latin1(body);
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const pieces: Uint8Array[] = [];
  let at = 0;
  let inPart = false;
  let changed = false;
  for (const m of text.matchAll(delimiter)) {
    const start = m.index;
    const segment = body.subarray(at, start);
    if (inPart) {
      const mended = entity(segment, depth + 1);
      if (mended !== segment) changed = true;
      pieces.push(mended);
    } else pieces.push(segment);
    pieces.push(body.subarray(start, start + m[0].length));
    at = start + m[0].length;
    inPart = m[1] === undefined;
    if (!inPart) break;
  }
  if (!changed) return null;
  pieces.push(body.subarray(at));
  return Buffer.concat(pieces);
}

function entity(raw: Uint8Array, depth: number): Uint8Array {
  const end = headerEnd(raw);
  const headerBytes = end < 0 ? raw : raw.subarray(0, end);
  const body = end < 0 ? new Uint8Array(0) : raw.subarray(end);
  let changed = false;
  const lines = splitLines(headerBytes).map((bytes) => {
    const line = headerLine(bytes);
    if (!hasHighBytes(bytes) || isUtf8(bytes)) return line;
    changed = true;
    return { ...line, bytes: encoder.encode(decodeWindows1252(bytes)) };
  });

  const contentType = findField(lines, 'content-type');
  const type = contentType?.value.toLowerCase() ?? 'text/plain';
  const boundary = contentType && parameter(contentType.value, 'boundary');
  if (
    type.startsWith('multipart/') &&
    boundary &&
    depth < MAX_DEPTH &&
    body.length <= MULTIPART_SCAN_LIMIT
  ) {
    const mended = multipartBody(body, boundary, depth);
    if (mended === null && !changed) return raw;
    return Buffer.concat([...lines.map((l) => l.bytes), mended ?? body]);
  }
  if (type.startsWith('text/') && !/;\s*charset\s*=/.test(type) && body.length > 0) {
    const transfer = findField(lines, 'content-transfer-encoding')?.value.toLowerCase() ?? '7bit';
    const decoded = decodedBody(body, transfer);
    if (hasHighBytes(decoded) && !isUtf8(decoded)) {
      changed = true;
      const eol = latin1(headerBytes).includes('\r\n') ? '\r\n' : '\n';
      const value = contentType?.value || 'text/plain';
      if (contentType) lines.splice(contentType.at, contentType.count);
      lines.push({
        bytes: encoder.encode(`Content-Type: ${value}; charset=windows-1252${eol}`),
        name: 'content-type',
      });
    }
  }
  if (!changed) return raw;
  return Buffer.concat([...lines.map((l) => l.bytes), body]);
}
