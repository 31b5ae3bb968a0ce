// How the command line reports failures: one line on stderr, and an exit status per contract
// error kind (refined by its reason) so scripts can tell "fix the password" from "try again later".
// The kinds come from the one error table (main/errors); this file only words them for a terminal.
import type { AppError, ErrorKind } from '../../shared/result';
import { toAppError } from '../errors';

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

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  credentials: EXIT.credentials,
  'retry-later': EXIT.tooSoon,
  'certificate-untrusted': EXIT.certificate,
  network: EXIT.network,
  'not-found': EXIT.failure,
  'invalid-argument': EXIT.usage,
  conflict: EXIT.failure,
  'keyring-missing': EXIT.failure,
  internal: EXIT.failure,
};

/** Finer statuses some reasons have had since the first CLI; scripts rely on them. */
const STATUS_BY_REASON: Partial<Record<string, number>> = {
  'connection-refused': EXIT.refused,
  timeout: EXIT.timeout,
  'in-use': EXIT.inUse,
  'sys-temp': EXIT.server,
  'sys-perm': EXIT.server,
  server: EXIT.server,
  protocol: EXIT.server,
  'stls-unavailable': EXIT.insecure,
  'auth-unavailable': EXIT.insecure,
};

export interface CliFailure {
  line: string;
  status: number;
}

function words(error: AppError, where: string | undefined): string {
  const why = error.message ? ` (${error.message})` : '';
  switch (error.kind) {
    case 'credentials':
      return `credentials rejected${why}`;
    case 'certificate-untrusted': {
      const fp = error.fingerprint256 || 'unknown';
      return `certificate not trusted: ${error.subject || 'unknown subject'}, SHA-256 fingerprint ${fp} (if you trust it, pass --cert-fingerprint ${fp})`;
    }
    case 'retry-later':
      if (error.reason === 'in-use') return `mailbox locked by another session${why}`;
      if (error.reason === 'sys-temp') return `temporary server failure, try again later${why}`;
      return `login too soon: the server allows the next login at ${new Date(error.at).toISOString()}${why}`;
    case 'network':
      if (error.reason === 'connection-refused')
        return `connection refused${where ? ` by ${where}` : ''}`;
      if (error.reason === 'timeout') return `timeout: ${error.message}`;
      if (error.reason === 'tls') return `TLS failure: ${error.message}`;
      return `connection failed: ${error.message}`;
    case 'conflict':
      if (error.reason === 'stls-unavailable')
        return 'STLS not offered by the server; refusing to continue without encryption';
      return error.message;
    default:
      return error.message;
  }
}

/** A contract error as the CLI's line and exit status. */
export function cliFailure(error: AppError, where?: string): CliFailure {
  const status =
    (error.reason !== undefined ? STATUS_BY_REASON[error.reason] : undefined) ??
    STATUS_BY_KIND[error.kind];
  return { line: `error: ${words(error, where)}`, status };
}

export function describeFailure(e: unknown, where?: string): CliFailure {
  if (e instanceof UsageError) return { line: `usage error: ${e.message}`, status: EXIT.usage };
  return cliFailure(toAppError(e, { now: Date.now() }), where);
}
