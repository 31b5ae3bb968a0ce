// The account list as the UI holds it: loaded once, reloaded after every change the UI makes.
import { useCallback, useEffect, useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { AppError } from '../../shared/result';
import { useApi } from './api-context';

export interface AccountsState {
  /** null until the first answer. */
  accounts: Account[] | null;
  error: AppError | null;
  reload(): Promise<void>;
}

export function useAccounts(): AccountsState {
  const api = useApi();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(async () => {
    const result = await api.accounts.list();
    if (result.ok) {
      setAccounts(result.value);
      setError(null);
    } else {
      setError(result.error);
      setAccounts((current) => current ?? []);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { accounts, error, reload };
}
