// A key for a message that survives a server renumbering its UIDLs, and stands in for the UIDL on
// servers without one: a hash of the header block (line endings normalised).

import { createHash } from 'node:crypto';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

/** The header block of a message (everything before the first empty line). */
export function headerBlock(raw: Uint8Array): Buffer {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const crlf = buf.indexOf(CRLFCRLF);
  const lf = buf.indexOf(LFLF);
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? buf.subarray(0, Math.min(...ends)) : buf;
}

export function contentKey(raw: Uint8Array): string {
  const head = headerBlock(raw).toString('latin1').replace(/\r\n/g, '\n').replace(/\n+$/, '');
  return createHash('sha256').update(head, 'latin1').digest('hex');
}

/** The stand-in UIDL for servers that do not implement UIDL. */
export function syntheticUidl(key: string): string {
  return `~${key.slice(0, 40)}`;
}
