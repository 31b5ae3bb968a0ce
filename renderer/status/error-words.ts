// Turns a contract error into plain words and the one action it calls for, for the status bar
// and dialogs. Decides only by `kind` and `reason`; never parses an error's message.
import type { AppError } from '../../shared/result';
import { sameFingerprint } from '../ui/fingerprint';
import { formatClock } from '../ui/format';

export type ErrorAction =
  | { kind: 'update-password' }
  | {
      kind: 'trust-certificate';
      fingerprint256: string;
      subject: string;
      /** The account trusted another certificate before: this one is a change. */
      previousFingerprint256?: string;
    }
  | { kind: 'edit-account' }
  | { kind: 'retry' };

export interface ErrorWords {
  text: string;
  action: ErrorAction | null;
}

export interface ErrorContext {
  /** How the account is called in the UI ("alice@example.org"); '' outside any account. */
  account: string;
  /** The account's LOGIN-DELAY in seconds, when the server announced one. */
  loginDelaySeconds?: number | null;
  /** The certificate the account trusts by fingerprint, if any. */
  trustedFingerprint256?: string | null;
  locale?: string;
}

function everyMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes <= 1) return seconds < 60 ? `${seconds} seconds` : 'minute';
  return `${minutes} minutes`;
}

export function describeError(error: AppError, ctx: ErrorContext): ErrorWords {
  const of = ctx.account ? ` for ${ctx.account}` : '';
  switch (error.kind) {
    case 'credentials':
      return { text: `Password rejected${of} — update it.`, action: { kind: 'update-password' } };
    case 'retry-later': {
      const at = formatClock(error.at, ctx.locale);
      if (error.reason === 'in-use')
        return {
          text: `The mailbox${of} is in use by another session; next try at ${at}.`,
          action: null,
        };
      if (error.reason === 'sys-temp')
        return {
          text: `The server${of} has a temporary problem; next try at ${at}.`,
          action: null,
        };
      const delay = ctx.loginDelaySeconds;
      return {
        text:
          delay && delay > 0
            ? `The server${of} allows one login every ${everyMinutes(delay)}; next check at ${at}.`
            : `The server${of} asks to wait before the next login; next check at ${at}.`,
        action: null,
      };
    }
    case 'certificate-untrusted': {
      const before = ctx.trustedFingerprint256;
      if (before && !sameFingerprint(before, error.fingerprint256))
        return {
          text: `The certificate${of} changed since you trusted it — compare the fingerprints.`,
          action: {
            kind: 'trust-certificate',
            fingerprint256: error.fingerprint256,
            subject: error.subject,
            previousFingerprint256: before,
          },
        };
      return {
        text: `Certificate not trusted${of} — view it or trust it.`,
        action: {
          kind: 'trust-certificate',
          fingerprint256: error.fingerprint256,
          subject: error.subject,
        },
      };
    }
    case 'network':
      if (error.reason === 'bridge')
        return { text: 'Lost the connection to Popline — reload the page.', action: null };
      if (error.reason === 'tls')
        return {
          text: `The secure connection${of} failed — check the security setting and port.`,
          action: { kind: 'edit-account' },
        };
      return {
        text: `Cannot reach the server${of} — check the network and the server name and port.`,
        action: { kind: 'retry' },
      };
    case 'conflict':
      if (error.reason === 'stls-unavailable')
        return {
          text: `The server${of} does not offer STARTTLS, so Popline will not send the password — choose TLS or check the server.`,
          action: { kind: 'edit-account' },
        };
      if (error.reason === 'auth-unavailable')
        return {
          text: `The server${of} does not offer the chosen authentication method — choose another.`,
          action: { kind: 'edit-account' },
        };
      if (error.reason === 'sys-perm')
        return {
          text: `The server${of} refuses this mailbox for good: ${error.message}`,
          action: null,
        };
      return { text: error.message, action: null };
    case 'keyring-missing':
      return {
        text: 'There is no system keyring: the password could only be stored obfuscated, not encrypted.',
        action: null,
      };
    case 'not-found':
      return { text: `It no longer exists${of}.`, action: null };
    case 'invalid-argument':
      return { text: `Popline refused the request: ${error.message}`, action: null };
    case 'internal':
      return { text: `Something went wrong${of}: ${error.message}`, action: null };
  }
}
