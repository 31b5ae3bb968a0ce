// Keys for messages a UIDL alone cannot name: two messages listed under one UIDL are stored as
// "UIDL sha256:HEX". A UIDL never contains a space (RFC 1939: 0x21-0x7E), so the two never collide.

export function derivedUidl(uidl: string, sha256: string): string {
  return `${uidl} sha256:${sha256}`;
}

/** The server's UIDL a key stands for (itself, or the UIDL a derived key was made from). */
export function baseUidl(key: string): string {
  const space = key.indexOf(' ');
  return space < 0 ? key : key.slice(0, space);
}
