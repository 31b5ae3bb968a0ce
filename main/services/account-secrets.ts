// Account passwords at rest: encrypted by the host's SecretCipher before they reach SQLite,
// decrypted only for a login. Never logs, returns or stores a secret in clear.
import type { AppInfo } from '../../shared/model/app-info';
import type { AccountsRepo } from '../store';

/** Turns a secret into bytes only this machine/profile can read back (safeStorage, a key file…). */
export interface SecretCipher {
  /** Recorded with each secret, so a secret written by another cipher is recognised. */
  readonly scheme: string;
  /** How strong the protection is, for the user to know before storing a password. */
  readonly protection: AppInfo['secretStorage'];
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface AccountSecrets {
  readonly protection: AppInfo['secretStorage'];
  save(accountId: number, secret: string): void;
  /** null when none is stored, or it was written by a cipher this host does not have. */
  read(accountId: number): string | null;
}

export function createAccountSecrets(accounts: AccountsRepo, cipher: SecretCipher): AccountSecrets {
  return {
    protection: cipher.protection,
    save(accountId, secret) {
      accounts.writeSecret(accountId, { cipher: cipher.encrypt(secret), scheme: cipher.scheme });
    },
    read(accountId) {
      const stored = accounts.readSecret(accountId);
      if (!stored || stored.scheme !== cipher.scheme) return null;
      return cipher.decrypt(stored.cipher);
    },
  };
}
