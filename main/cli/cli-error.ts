// How the command line reports failures: one line on stderr naming the kind, and an exit status
// per kind so scripts can tell "fix the password" from "try again later".
import { Pop3Error } from '../pop3';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  credentials: 3,
  certificate: 4,
  insecure: 5,
  refused: 6,
  timeout: 7,
  inUse: 8,
  tooSoon: 9,
  network: 10,
  server: 11,
} as const;

export interface CliFailure {
  line: string;
  status: number;
}

export function describeFailure(e: unknown, where?: string): CliFailure {
  if (e instanceof UsageError) return { line: `usage error: ${e.message}`, status: EXIT.usage };
  if (!(e instanceof Pop3Error)) {
    return { line: `error: ${e instanceof Error ? e.message : String(e)}`, status: EXIT.failure };
  }
  const server = e.serverText ? ` (server said: ${e.serverText})` : '';
  switch (e.kind) {
    case 'auth':
      return { line: `error: credentials rejected${server}`, status: EXIT.credentials };
    case 'certificate-untrusted': {
      const c = e.certificate;
      const fp = c?.fingerprint256 ?? 'unknown';
      return {
        line: `error: certificate not trusted: ${c?.subject ?? 'unknown subject'}, SHA-256 fingerprint ${fp} (if you trust it, pass --cert-fingerprint ${fp})`,
        status: EXIT.certificate,
      };
    }
    case 'stls-unavailable':
      return {
        line: 'error: STLS not offered by the server; refusing to continue without encryption',
        status: EXIT.insecure,
      };
    case 'auth-unavailable':
      return { line: `error: ${e.message}`, status: EXIT.insecure };
    case 'connection-refused':
      return {
        line: `error: connection refused${where ? ` by ${where}` : ''}`,
        status: EXIT.refused,
      };
    case 'timeout':
      return { line: `error: timeout: ${e.message}`, status: EXIT.timeout };
    case 'in-use':
      return { line: `error: mailbox locked by another session${server}`, status: EXIT.inUse };
    case 'login-delay':
      return {
        line: `error: login too soon: the server paces logins (LOGIN-DELAY)${server}`,
        status: EXIT.tooSoon,
      };
    case 'sys-temp':
      return {
        line: `error: temporary server failure, try again later${server}`,
        status: EXIT.server,
      };
    case 'connection':
    case 'tls':
      return {
        line: `error: ${e.kind === 'tls' ? 'TLS failure' : 'connection failed'}: ${e.message}`,
        status: EXIT.network,
      };
    default:
      return { line: `error: ${e.message}${server}`, status: EXIT.server };
  }
}
