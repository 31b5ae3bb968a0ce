// Account passwords as the handlers see them: the host's vault (safeStorage or the file-key
// cipher behind it) plus how strong its protection is. Never logs or returns a secret in clear.
import type { AppInfo } from '../../shared/model/app-info';
import { SecretError, type SecretVault } from '../secrets';

export interface AccountSecrets {
  /** Decided by the host: 'weak' makes accounts.add ask the user first. */
  readonly protection: AppInfo['secretStorage'];
  save(accountId: number, secret: string): void;
  /** null when none is stored, or the stored one cannot be read here (ask for it again). */
  read(accountId: number): string | null;
}

export function createAccountSecrets(
  vault: SecretVault,
  protection: AppInfo['secretStorage'],
): AccountSecrets {
  return {
    protection,
    save: (accountId, secret) => vault.set(accountId, secret),
    read(accountId) {
      try {
        return vault.get(accountId) ?? null;
      } catch (error) {
        if (error instanceof SecretError) return null;
        throw error;
      }
    },
  };
}
