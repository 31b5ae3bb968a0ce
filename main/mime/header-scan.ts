// A forgiving header reader for messages the MIME parser rejects, so they still get a subject and sender.
// Never throws and never reads past the header block (or the first 256 KB).

import type { HeaderField } from './mime-types';
import { decodeWindows1252 } from './windows-1252';

const SCAN_LIMIT = 256 * 1024;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes header bytes as UTF-8 when they are valid UTF-8 (RFC 6532), else as windows-1252. */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Header fields up to the first empty line, unfolded; lines that are not `name: value` are skipped. */
export function scanHeaders(raw: Uint8Array): HeaderField[] {
  const text = decodeHeaderBytes(raw.subarray(0, Math.min(raw.length, SCAN_LIMIT)));
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  for (const line of text.split(/\r?\n|\r/)) {
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current) {
      current.value += line;
      continue;
    }
    const match = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/.exec(line);
    if (match) {
      current = { name: match[1] ?? '', value: (match[2] ?? '').trim() };
      fields.push(current);
    } else {
      current = null;
    }
  }
  return fields;
}

export function firstHeader(fields: HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower)?.value;
}
