// Results as data: every contract call answers { ok, value } or { ok, error } with a closed set of kinds.
// The UI switches on `kind`; it must never have to parse `message` (that is for people).

export const errorKinds = [
  'credentials',
  'retry-later',
  'certificate-untrusted',
  'network',
  'not-found',
  'invalid-argument',
  'conflict',
  'keyring-missing',
  'internal',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export interface ArgumentIssue {
  /** Dotted path into the argument, '' for the argument itself. */
  path: string;
  message: string;
}

/**
 * Every error may name the lower-level cause it came from (e.g. 'stls-unavailable', 'in-use'),
 * for a UI that wants finer words; the kind alone must be enough to act on.
 */
interface ErrorBase {
  message: string;
  reason?: string;
}

export type AppError =
  /** The server rejected the user name or password: ask for it again. */
  | (ErrorBase & { kind: 'credentials' })
  /** Not now (LOGIN-DELAY, mailbox in use, [SYS/TEMP]): `at` is the earliest retry, epoch ms. */
  | (ErrorBase & { kind: 'retry-later'; at: number })
  /** The server's certificate is not trusted; the user may pin it by fingerprint. */
  | (ErrorBase & { kind: 'certificate-untrusted'; fingerprint256: string; subject: string })
  | (ErrorBase & { kind: 'network' })
  | (ErrorBase & { kind: 'not-found' })
  | (ErrorBase & { kind: 'invalid-argument'; issues: ArgumentIssue[] })
  /** The request collides with the current state or with what the server offers (e.g. no STLS). */
  | (ErrorBase & { kind: 'conflict' })
  /**
   * No OS keyring: secrets could only be stored obfuscated, not encrypted. Repeat the call
   * with `allowWeakSecretStorage: true` once the user has agreed.
   */
  | (ErrorBase & { kind: 'keyring-missing' })
  | (ErrorBase & { kind: 'internal' });

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}
