// Unread counts for the sidebar, re-read whenever the store changed. One small query per account.
import { useEffect, useState } from 'react';
import type { Account } from '../../shared/model/account';
import { useApi } from '../app/api-context';
import type { Folder } from './sidebar';

export function useUnreadCounts(
  accounts: readonly Account[],
  version: number,
): ReadonlyMap<Folder, number> {
  const api = useApi();
  const [counts, setCounts] = useState<ReadonlyMap<Folder, number>>(new Map());
  const ids = accounts.map((a) => a.id).join(',');

  useEffect(() => {
    let live = true;
    const folders: Folder[] = ['all', ...accounts.map((a) => a.id)];
    void Promise.all(
      folders.map(async (folder) => {
        const result = await api.messages.list({
          ...(folder === 'all' ? {} : { accountId: folder }),
          unreadOnly: true,
          limit: 1,
        });
        return [folder, result.ok ? result.value.total : 0] as const;
      }),
    ).then((entries) => {
      if (live) setCounts(new Map(entries));
    });
    return () => {
      live = false;
    };
    // The id list stands for the accounts: a re-render with equal accounts need not re-count.
  }, [api, ids, version]);

  return counts;
}
