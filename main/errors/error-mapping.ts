// Turns whatever a service threw into an AppError of the contract's closed set of kinds.
// Never lets an unknown failure out as anything but 'internal'; never invents a credentials error.
import { MimeError } from '../mime';
import { Pop3Error, type Pop3ErrorKind } from '../pop3';
import { SecretError } from '../secrets';
import { StoreError } from '../store';
import type { AppError } from '../../shared/result';
import { AppFailure } from './app-failure';

export interface MappingContext {
  now: number;
  /** The earliest next login the caller knows of (LOGIN-DELAY), epoch ms. */
  retryAt?: number | null;
}

/** How long to wait before retrying when the server said "later" without saying when. */
export const DEFAULT_RETRY_MS: Record<'login-delay' | 'in-use' | 'sys-temp', number> = {
  'login-delay': 5 * 60_000,
  'in-use': 60_000,
  'sys-temp': 5 * 60_000,
};

/**
 * Maps a POP3 failure kind (from a thrown Pop3Error, or the `kind` of a sync result's error)
 * to the contract's kinds. Unknown kinds are 'internal'.
 */
export function errorFromPop3Kind(
  kind: string,
  message: string,
  ctx: MappingContext,
  certificate?: { subject: string; fingerprint256: string },
): AppError {
  const k = kind as Pop3ErrorKind;
  switch (k) {
    case 'auth':
      return { kind: 'credentials', message, reason: k };
    case 'login-delay':
    case 'in-use':
    case 'sys-temp':
      return {
        kind: 'retry-later',
        message,
        reason: k,
        at: Math.max(ctx.retryAt ?? 0, ctx.now + DEFAULT_RETRY_MS[k]),
      };
    case 'certificate-untrusted':
      return {
        kind: 'certificate-untrusted',
        message,
        reason: k,
        fingerprint256: certificate?.fingerprint256 ?? '',
        subject: certificate?.subject ?? '',
      };
    case 'connection-refused':
    case 'connection':
    case 'timeout':
    case 'tls':
    case 'protocol':
      return { kind: 'network', message, reason: k };
    // The account asks for something this server does not offer or refuses for good.
    case 'stls-unavailable':
    case 'auth-unavailable':
    case 'sys-perm':
      return { kind: 'conflict', message, reason: k };
    case 'server':
      return { kind: 'internal', message, reason: k };
    default:
      return { kind: 'internal', message, reason: kind };
  }
}

/** What the user reads when the system cannot encrypt a password at all. */
export const KEYRING_UNAVAILABLE =
  'The system cannot encrypt passwords right now (no keyring is running or unlocked, e.g. GNOME Keyring or KWallet), so Popline will not store one. Start or unlock the keyring, then try again.';

export function toAppError(error: unknown, ctx: MappingContext): AppError {
  if (error instanceof AppFailure) return error.error;
  if (error instanceof Pop3Error)
    return errorFromPop3Kind(error.kind, error.message, ctx, error.certificate);
  if (error instanceof StoreError) {
    switch (error.kind) {
      case 'not-found':
        return { kind: 'not-found', message: error.message };
      case 'duplicate-account':
      case 'duplicate-folder':
        return { kind: 'conflict', message: error.message, reason: error.kind };
      case 'invalid-input':
        return { kind: 'invalid-argument', message: error.message, issues: [] };
      default:
        return { kind: 'internal', message: error.message, reason: error.kind };
    }
  }
  // A stored password this host cannot read: the user types it again.
  if (error instanceof SecretError)
    switch (error.kind) {
      case 'unreadable':
        return { kind: 'credentials', message: error.message, reason: 'secret-unreadable' };
      case 'unavailable':
        return { kind: 'conflict', message: KEYRING_UNAVAILABLE, reason: 'keyring-unavailable' };
      default:
        return { kind: 'internal', message: error.message, reason: error.kind };
    }
  if (error instanceof MimeError)
    return { kind: 'not-found', message: error.message, reason: error.kind };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}
