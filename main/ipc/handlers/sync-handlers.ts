// sync.*: "Get mail" for one account or all, and where each account's sync stands.
import type { Services } from '../../services';
import { notFound } from '../../errors';
import type { HandlerGroup } from './handler-group';

export function syncHandlers(services: Services): HandlerGroup<'sync'> {
  return {
    'sync.now': async ({ accountId }) => {
      if (accountId !== undefined && !services.store.accounts.get(accountId))
        throw notFound(`account ${accountId}`);
      const ids =
        accountId !== undefined ? [accountId] : services.store.accounts.list().map((a) => a.id);
      // Accounts are independent servers: their sessions run side by side.
      return Promise.all(ids.map((id) => services.runner.run(id)));
    },
    'sync.status': () => services.overview(),
  };
}
