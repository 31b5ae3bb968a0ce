// Where an account's password lives: encrypted in accounts.secret_cipher by a SecretCipher, or, for
// the CLI, taken from POPLINE_PASSWORD. Never writes a clear-text secret to the database or a log.

import type { AccountsRepo } from '../store';
import type { SecretCipher } from './secret-cipher';
import { SecretError } from './secret-error';

export interface SecretVault {
  /** Secrets set here survive a restart. */
  readonly persistent: boolean;
  /** Protected by something outside the profile folder (see SecretCipher.secure). */
  readonly secure: boolean;
  /** undefined: none stored. Throws SecretError 'unreadable' when one is stored but cannot be read. */
  get(accountId: number): string | undefined;
  set(accountId: number, secret: string): void;
  clear(accountId: number): void;
  has(accountId: number): boolean;
}

export const PASSWORD_ENV = 'POPLINE_PASSWORD';

/** Stores secrets encrypted in the account row; the account must exist (StoreError 'not-found'). */
export function createStoreSecretVault(
  accounts: Pick<AccountsRepo, 'readSecret' | 'writeSecret'>,
  cipher: SecretCipher,
): SecretVault {
  return {
    persistent: true,
    secure: cipher.secure,
    get(accountId) {
      const stored = accounts.readSecret(accountId);
      if (!stored) return undefined;
      if (stored.scheme !== cipher.scheme) {
        throw new SecretError(
          'unreadable',
          `the password of account ${accountId} was stored with ${stored.scheme}, ` +
            `which this process cannot read (it uses ${cipher.scheme})`,
        );
      }
      return cipher.decrypt(stored.cipher);
    },
    set(accountId, secret) {
      accounts.writeSecret(accountId, { cipher: cipher.encrypt(secret), scheme: cipher.scheme });
    },
    clear(accountId) {
      accounts.writeSecret(accountId, null);
    },
    has: (accountId) => accounts.readSecret(accountId) !== undefined,
  };
}

/**
 * The CLI's vault: every account's password is POPLINE_PASSWORD. set() only remembers a password
 * for the rest of this process (e.g. one typed at a prompt); nothing is ever written anywhere.
 */
export function createEnvSecretVault(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecretVault {
  const typed = new Map<number, string>();
  const fromEnv = () => {
    const value = env[PASSWORD_ENV];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    persistent: false,
    secure: false,
    get: (accountId) => typed.get(accountId) ?? fromEnv(),
    set: (accountId, secret) => void typed.set(accountId, secret),
    clear: (accountId) => void typed.delete(accountId),
    has: (accountId) => typed.has(accountId) || fromEnv() !== undefined,
  };
}
