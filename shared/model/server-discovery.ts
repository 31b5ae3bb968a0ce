// What "set up by e-mail address" found: the server to use, whether the password worked there,
// and every server it tried. Plain data; the renderer turns it into a proposal or a manual form.
import type { AppError } from '../result';

export interface DiscoveredServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  /** From the domain's published SRV record (RFC 6186), or a guessed name (pop., mail., …). */
  source: 'srv' | 'guess';
}

export type DiscoveryAttempt = DiscoveredServer & {
  outcome: 'reachable' | 'certificate-untrusted' | 'not-found' | 'failed';
  /** Why it failed, for people (e.g. "connection refused"). */
  detail: string | null;
};

export interface ServerDiscovery {
  address: string;
  /** The best server: reachable with a verified certificate, else one whose certificate is untrusted. */
  server: DiscoveredServer | null;
  /** Set when the server's certificate is not trusted: no password was sent to it. */
  certificate: { subject: string; fingerprint256: string } | null;
  /** The login on `server`; null when none was tried. */
  login: { ok: true; user: string; authMethod: string } | { ok: false; error: AppError } | null;
  attempts: DiscoveryAttempt[];
}
