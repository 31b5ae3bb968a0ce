// APOP (RFC 1939 section 7): MD5 over the greeting's timestamp and the password.
// Only the digest is sent; the timestamp must come from this session's greeting.
import { createHash } from 'node:crypto';

/** The "<...@...>" timestamp from a greeting, brackets included; undefined when absent. */
export function apopTimestamp(greeting: string): string | undefined {
  return /<[^<>\s@]+@[^<>\s]+>/.exec(greeting)?.[0];
}

export function apopDigest(timestamp: string, secret: string): string {
  return createHash('md5')
    .update(timestamp + secret, 'utf8')
    .digest('hex');
}
