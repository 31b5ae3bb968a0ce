// Which IP addresses the remote-image fetcher may connect to: public unicast only. A mail must not
// make the main process (outside Chromium's Private Network Access rules) send requests into the
// user's machine or LAN: loopback, private, link-local, CGNAT, multicast, unspecified, broadcast
// and reserved ranges are refused, also when written as an IPv4-mapped, IPv4-compatible, NAT64 or
// 6to4 IPv6 address. The address classes are ipaddr.js's, not hand-written ranges.
import ipaddr from 'ipaddr.js';

export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

const PUBLIC = 'unicast';

/** The IPv4 address an IPv6 one carries, for the forms that route to that IPv4 address. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const bytesOf = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), 64:ff9b::a.b.c.d (NAT64).
  if (range === 'ipv4Mapped' || range === 'rfc6145') return address.toIPv4Address();
  if (address.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) return bytesOf(parts[6]!, parts[7]!);
  // ::a.b.c.d (IPv4-compatible, deprecated but still parsed by stacks); :: and ::1 are not.
  if (
    parts.slice(0, 6).every((part) => part === 0) &&
    range !== 'unspecified' &&
    range !== 'loopback'
  )
    return bytesOf(parts[6]!, parts[7]!);
  // 2002:AABB:CCDD::/48, 6to4: the relay delivers to a.b.c.d.
  if (range === '6to4') return bytesOf(parts[1]!, parts[2]!);
  return null;
}

/** Whether a literal IP address (IPv4 dotted, or IPv6 without brackets) is public unicast. */
export function checkAddress(literal: string): AddressVerdict {
  if (!ipaddr.isValid(literal)) return { allowed: false, range: 'invalid' };
  const address = ipaddr.parse(literal);
  if (address.kind() === 'ipv6') {
    const inner = embeddedIpv4(address as ipaddr.IPv6);
    // A 6to4 or NAT64 prefix in front of a public IPv4 address is still only a route to it.
    if (inner) return checkAddress(inner.toString());
  }
  const range = address.range();
  return range === PUBLIC ? { allowed: true } : { allowed: false, range };
}
