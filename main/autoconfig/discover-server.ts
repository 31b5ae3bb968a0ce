// Set-up by e-mail address: finds the POP3 server for an address (RFC 6186 SRV records, then the
// usual names), all candidates probed at once without credentials, and sends the password only to
// the single best server whose connection is protected by a verified certificate.
import { promises as dns } from 'node:dns';
import {
  Pop3Client,
  Pop3Error,
  runProbe,
  type ConnectOptions,
  type Pop3ErrorKind,
  type ResolvedAuthMethod,
} from '../pop3';
import {
  candidatesFor,
  domainOf,
  STANDARD_PORTS,
  userNamesFor,
  type Candidate,
  type DefaultPorts,
  type SrvRecord,
} from './candidates';

export interface DiscoveryDeps {
  /** SRV look-up; answers [] when the name has none. */
  resolveSrv?: (name: string) => Promise<SrvRecord[]>;
  /** Where to dial for a host name; the certificate is still checked against the name. */
  resolveHost?: (host: string) => Promise<string>;
  ports?: DefaultPorts;
  /** Per-candidate limit for connecting, TLS and the greeting; default 8 s. */
  timeoutMs?: number;
  /** Extra transport options (a test CA). */
  connectOptions?: Partial<ConnectOptions>;
}

/** A certificate the user chose to trust for one server found in an earlier look-up. */
export interface TrustedServer {
  host: string;
  port: number;
  fingerprint256: string;
}

function pinFor(candidate: Candidate, trusted?: TrustedServer): Partial<ConnectOptions> {
  return trusted && trusted.host === candidate.host && trusted.port === candidate.port
    ? { certFingerprint256: trusted.fingerprint256 }
    : {};
}

export type CandidateOutcome =
  | { status: 'reachable'; tlsProtocol?: string }
  | { status: 'certificate-untrusted'; certificate: { subject: string; fingerprint256: string } }
  | { status: 'failed'; kind: Pop3ErrorKind | 'not-found'; message: string };

export type CandidateReport = Candidate & { outcome: CandidateOutcome };

export type LoginOutcome =
  | { ok: true; user: string; method: ResolvedAuthMethod }
  | { ok: false; kind: Pop3ErrorKind; message: string };

export interface DiscoveryResult {
  address: string;
  /** The best server found: reachable and verified, else one whose certificate is untrusted. */
  server: Candidate | null;
  /** Set when `server`'s certificate is not trusted; no password was sent to it. */
  certificate?: { subject: string; fingerprint256: string };
  /** The login tried on `server` (null when none was: no server, or an untrusted one). */
  login: LoginOutcome | null;
  /** Every candidate in order of preference, with what happened. */
  tried: CandidateReport[];
}

const DEFAULT_TIMEOUT_MS = 8_000;

async function systemSrv(name: string): Promise<SrvRecord[]> {
  try {
    return await dns.resolveSrv(name);
  } catch {
    // NXDOMAIN, no records, or no resolver: the guesses still run.
    return [];
  }
}

/** Connects without credentials (greeting, CAPA, STLS) and says QUIT. */
async function reach(
  candidate: Candidate,
  deps: DiscoveryDeps,
  timeoutMs: number,
  trusted?: TrustedServer,
): Promise<CandidateOutcome> {
  let dial: string;
  try {
    dial = deps.resolveHost ? await deps.resolveHost(candidate.host) : candidate.host;
  } catch (e) {
    return { status: 'failed', kind: 'not-found', message: messageOf(e) };
  }
  try {
    const client = await Pop3Client.connect({
      ...deps.connectOptions,
      ...pinFor(candidate, trusted),
      host: dial,
      servername: candidate.host,
      port: candidate.port,
      security: candidate.security,
      connectTimeoutMs: timeoutMs,
      idleTimeoutMs: timeoutMs,
    });
    const tlsProtocol = client.securityInfo.tlsProtocol;
    await client.quit().catch(() => client.close());
    return tlsProtocol ? { status: 'reachable', tlsProtocol } : { status: 'reachable' };
  } catch (e) {
    if (e instanceof Pop3Error && e.kind === 'certificate-untrusted' && e.certificate) {
      return { status: 'certificate-untrusted', certificate: e.certificate };
    }
    const kind = e instanceof Pop3Error ? e.kind : 'connection';
    return { status: 'failed', kind, message: messageOf(e) };
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function logIn(
  server: Candidate,
  address: string,
  secret: string,
  deps: DiscoveryDeps,
  timeoutMs: number,
  trusted?: TrustedServer,
): Promise<LoginOutcome> {
  const dial = deps.resolveHost ? await deps.resolveHost(server.host) : server.host;
  let last: LoginOutcome | null = null;
  for (const user of userNamesFor(address)) {
    try {
      const report = await runProbe({
        ...deps.connectOptions,
        ...pinFor(server, trusted),
        host: dial,
        servername: server.host,
        port: server.port,
        security: server.security,
        connectTimeoutMs: timeoutMs,
        user,
        secret,
        method: 'auto',
        allowInsecurePassword: false,
      });
      return { ok: true, user, method: report.authMethod as ResolvedAuthMethod };
    } catch (e) {
      const kind = e instanceof Pop3Error ? e.kind : 'protocol';
      last = { ok: false, kind, message: messageOf(e) };
      // Only a rejected name is worth a second try; a locked or paced mailbox would refuse again.
      if (kind !== 'auth') break;
    }
  }
  return last ?? { ok: false, kind: 'auth', message: 'no user name to try' };
}

export class InvalidAddressError extends Error {
  constructor(address: string) {
    super(`"${address}" is not an e-mail address with a domain`);
    this.name = 'InvalidAddressError';
  }
}

export async function discoverServer(
  address: string,
  secret: string,
  deps: DiscoveryDeps = {},
  trusted?: TrustedServer,
): Promise<DiscoveryResult> {
  const domain = domainOf(address);
  if (!domain) throw new InvalidAddressError(address);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const resolveSrv = deps.resolveSrv ?? systemSrv;
  const [pop3s, pop3] = await Promise.all([
    resolveSrv(`_pop3s._tcp.${domain}`).catch(() => []),
    resolveSrv(`_pop3._tcp.${domain}`).catch(() => []),
  ]);
  const candidates = candidatesFor(domain, { pop3s, pop3 }, deps.ports ?? STANDARD_PORTS);
  const outcomes = await Promise.all(candidates.map((c) => reach(c, deps, timeoutMs, trusted)));
  const tried: CandidateReport[] = candidates.map((c, i) => ({ ...c, outcome: outcomes[i]! }));

  const verified = tried.find((t) => t.outcome.status === 'reachable');
  if (verified) {
    const server = candidateOf(verified);
    const login = await logIn(server, address, secret, deps, timeoutMs, trusted);
    return { address, server, login, tried };
  }
  const untrusted = tried.find((t) => t.outcome.status === 'certificate-untrusted');
  if (untrusted && untrusted.outcome.status === 'certificate-untrusted') {
    return {
      address,
      server: candidateOf(untrusted),
      certificate: untrusted.outcome.certificate,
      login: null,
      tried,
    };
  }
  return { address, server: null, login: null, tried };
}

function candidateOf(r: CandidateReport): Candidate {
  return { host: r.host, port: r.port, security: r.security, source: r.source };
}
