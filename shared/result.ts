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

export type AppError =
  /** The server rejected the user name or password: ask for it again. */
  | { kind: 'credentials'; message: string }
  /** Not now (LOGIN-DELAY, mailbox in use, [SYS/TEMP]): `at` is the earliest retry, epoch ms. */
  | { kind: 'retry-later'; message: string; at: number }
  /** The server's certificate is not trusted; the user may pin it by fingerprint. */
  | { kind: 'certificate-untrusted'; message: string; fingerprint256: string; subject: string }
  | { kind: 'network'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'invalid-argument'; message: string; issues: ArgumentIssue[] }
  /** The request collides with the current state (e.g. an account that already exists). */
  | { kind: 'conflict'; message: string }
  /**
   * No OS keyring: secrets could only be stored obfuscated, not encrypted. Repeat the call
   * with `allowWeakSecretStorage: true` once the user has agreed.
   */
  | { kind: 'keyring-missing'; message: string }
  | { kind: 'internal'; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}
