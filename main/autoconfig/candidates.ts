// Which servers to try for an e-mail address: RFC 6186 SRV records first, then the usual names.
// Pure: it orders candidates and never touches the network.

export type CandidateSecurity = 'tls' | 'starttls';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface Candidate {
  host: string;
  port: number;
  security: CandidateSecurity;
  /** Where the candidate came from: a published SRV record or a guessed name. */
  source: 'srv' | 'guess';
}

export interface DefaultPorts {
  tls: number;
  starttls: number;
}

export const STANDARD_PORTS: DefaultPorts = { tls: 995, starttls: 110 };

/** The domain of an address, lower-cased, or null when the address has none. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return null;
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  // A host name: labels of letters, digits and hyphens (IDNs arrive here already as A-labels).
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(
    domain,
  )
    ? domain
    : null;
}

/** RFC 2782 order: lowest priority first; within a priority, heavier weight first (stable). */
function srvOrder(records: readonly SrvRecord[]): SrvRecord[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

/**
 * Candidates in the order they are preferred: implicit TLS before STARTTLS (RFC 8314), published
 * records before guesses. A target of "." (RFC 6186: service not offered) yields nothing.
 */
export function candidatesFor(
  domain: string,
  srv: { pop3s: readonly SrvRecord[]; pop3: readonly SrvRecord[] },
  ports: DefaultPorts = STANDARD_PORTS,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate): void => {
    const key = `${c.host}:${c.port}:${c.security}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const fromSrv = (records: readonly SrvRecord[], security: CandidateSecurity): void => {
    for (const r of srvOrder(records)) {
      const host = r.name.toLowerCase().replace(/\.$/, '');
      if (host === '' || r.port < 1 || r.port > 65535) continue;
      add({ host, port: r.port, security, source: 'srv' });
    }
  };
  fromSrv(srv.pop3s, 'tls');
  fromSrv(srv.pop3, 'starttls');
  const names = [`pop.${domain}`, `mail.${domain}`, domain];
  for (const host of names) add({ host, port: ports.tls, security: 'tls', source: 'guess' });
  for (const host of names) {
    add({ host, port: ports.starttls, security: 'starttls', source: 'guess' });
  }
  return out;
}

/** User names to try with the password: the whole address, then its local part. */
export function userNamesFor(address: string): string[] {
  const trimmed = address.trim();
  const local = trimmed.slice(0, trimmed.lastIndexOf('@'));
  return local && local !== trimmed ? [trimmed, local] : [trimmed];
}
