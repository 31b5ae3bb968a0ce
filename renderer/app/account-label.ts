// What an account is called in the UI: its own name, else user@host.
import type { Account } from '../../shared/model/account';

export function accountLabel(account: Pick<Account, 'name' | 'user' | 'host'> | undefined): string {
  if (!account) return 'an account that no longer exists';
  return account.name.trim() || `${account.user}@${account.host}`;
}
