// THE table from what each layer raises to the contract's closed set of error kinds. Every typed
// error class and every kind it carries has one row here; the compiler refuses a kind without one
// (each table is a Record over its kind union) and error-table.test.ts refuses an unlisted class.
import type { ErrorKind } from '../../shared/result';
import { InvalidAddressError } from '../autoconfig';
import { MimeError, type MimeErrorKind } from '../mime';
import { Pop3Error, type Pop3ErrorKind } from '../pop3';
import { SecretError, type SecretErrorKind } from '../secrets';
import { StoreError, type StoreErrorKind } from '../store';
import type { SyncIssueKind } from '../sync';

/** One row: the contract kind, the reason it carries (default: the source kind; null: none). */
export interface ErrorRule {
  kind: ErrorKind;
  reason?: string | null;
  /** retry-later: how long to wait at least, ms; none: until the caller's known next login. */
  retryAfterMs?: number;
  /** Words that replace the source's message (it is for developers, these are for users). */
  message?: string;
  /** invalid-argument: which part of the argument was wrong. */
  issues?: { path: string; message: string }[];
}

/** What the user reads when the system cannot encrypt a password at all. */
export const KEYRING_UNAVAILABLE =
  'The system cannot encrypt passwords right now (no keyring is running or unlocked, e.g. GNOME Keyring or KWallet), so Popline will not store one. Start or unlock the keyring, then try again.';

/** How long to wait before retrying when the server said "later" without saying when. */
export const DEFAULT_RETRY_MS = {
  'login-delay': 5 * 60_000,
  'in-use': 60_000,
  'sys-temp': 5 * 60_000,
} as const;

export const POP3_RULES = {
  auth: { kind: 'credentials' },
  'login-delay': { kind: 'retry-later', retryAfterMs: DEFAULT_RETRY_MS['login-delay'] },
  'in-use': { kind: 'retry-later', retryAfterMs: DEFAULT_RETRY_MS['in-use'] },
  'sys-temp': { kind: 'retry-later', retryAfterMs: DEFAULT_RETRY_MS['sys-temp'] },
  'certificate-untrusted': { kind: 'certificate-untrusted' },
  'connection-refused': { kind: 'network' },
  connection: { kind: 'network' },
  timeout: { kind: 'network' },
  tls: { kind: 'network' },
  protocol: { kind: 'network' },
  // The account asks for something this server does not offer, or it refuses for good.
  'stls-unavailable': { kind: 'conflict' },
  'auth-unavailable': { kind: 'conflict' },
  'sys-perm': { kind: 'conflict' },
  server: { kind: 'internal' },
} as const satisfies Record<Pop3ErrorKind, ErrorRule>;

export const STORE_RULES = {
  'not-found': { kind: 'not-found', reason: null },
  'duplicate-account': { kind: 'conflict' },
  'duplicate-folder': { kind: 'conflict' },
  'invalid-input': { kind: 'invalid-argument', reason: null },
  'newer-schema': { kind: 'internal' },
  'not-a-database': { kind: 'internal' },
  'not-committed': { kind: 'internal' },
  integrity: { kind: 'internal' },
  storage: { kind: 'internal' },
} as const satisfies Record<StoreErrorKind, ErrorRule>;

export const SECRET_RULES = {
  // A stored password this host cannot read: the user types it again.
  unreadable: { kind: 'credentials', reason: 'secret-unreadable' },
  unavailable: { kind: 'conflict', reason: 'keyring-unavailable', message: KEYRING_UNAVAILABLE },
  'bad-key-file': { kind: 'internal' },
} as const satisfies Record<SecretErrorKind, ErrorRule>;

export const MIME_RULES = {
  'no-such-attachment': { kind: 'not-found' },
} as const satisfies Record<MimeErrorKind, ErrorRule>;

/** The sync's own issue kinds (its other kinds are the POP3 ones, mapped above). */
export const SYNC_RULES = {
  'no-secret': { kind: 'credentials' },
  'not-found': { kind: 'not-found', reason: null },
  busy: { kind: 'conflict' },
  // The wait is the account's own next allowed login: nothing to add to it.
  'too-early': { kind: 'retry-later', reason: 'login-delay' },
  store: { kind: 'internal' },
  internal: { kind: 'internal' },
} as const satisfies Record<Exclude<SyncIssueKind, Pop3ErrorKind>, ErrorRule>;

export const INVALID_ADDRESS_RULE: ErrorRule = {
  kind: 'invalid-argument',
  reason: null,
  issues: [{ path: 'address', message: 'needs a domain after "@"' }],
};

/** A typed error class and how its instances find their row. */
export interface ErrorClassRow {
  name: string;
  matches(error: unknown): boolean;
  rule(error: unknown): { rule: ErrorRule; sourceKind: string } | undefined;
}

function byKind<E extends Error & { kind: string }>(
  type: abstract new (...args: never[]) => E,
  rules: Record<string, ErrorRule>,
): ErrorClassRow {
  return {
    name: type.name,
    matches: (error) => error instanceof type,
    rule: (error) => {
      if (!(error instanceof type)) return undefined;
      const rule = rules[error.kind];
      return rule && { rule, sourceKind: error.kind };
    },
  };
}

/** Every typed error class that may cross a layer, with its table (AppFailure carries its own). */
export const ERROR_CLASSES: readonly ErrorClassRow[] = [
  byKind(Pop3Error, POP3_RULES),
  byKind(StoreError, STORE_RULES),
  byKind(SecretError, SECRET_RULES),
  byKind(MimeError, MIME_RULES),
  {
    name: InvalidAddressError.name,
    matches: (error) => error instanceof InvalidAddressError,
    rule: (error) =>
      error instanceof InvalidAddressError
        ? { rule: INVALID_ADDRESS_RULE, sourceKind: 'invalid-address' }
        : undefined,
  },
];

/** The row for a sync issue's kind: the sync's own, or the POP3 failure it carries. */
export function syncIssueRule(kind: string): ErrorRule | undefined {
  return (
    (SYNC_RULES as Record<string, ErrorRule>)[kind] ??
    (POP3_RULES as Record<string, ErrorRule>)[kind]
  );
}

export function pop3Rule(kind: string): ErrorRule | undefined {
  return (POP3_RULES as Record<string, ErrorRule>)[kind];
}
