// accounts.*: validated by the dispatcher against the contract, delegated to the accounts service
// (main/services/accounts.ts, which owns the rules), and answered in the contract's shape.
import type { Services } from '../../services';
import { accountView } from './account-view';
import { discoveryView } from './discovery-view';
import type { HandlerGroup } from './handler-group';
import { probeView } from './probe-view';

export function accountsHandlers(services: Services): HandlerGroup<'accounts'> {
  const { accounts } = services;
  return {
    'accounts.list': () => accounts.list().map(accountView),

    'accounts.add': ({ account, password, allowWeakSecretStorage }) =>
      accountView(accounts.add(account, password, allowWeakSecretStorage)),

    'accounts.update': ({ id, changes, password, allowWeakSecretStorage }) =>
      accountView(accounts.update(id, changes, password, allowWeakSecretStorage)),

    'accounts.remove': ({ id, mail }) => accounts.remove(id, mail),

    'accounts.testConnection': async (target) => {
      const { report, settings } = await accounts.testConnection(target);
      return probeView(report, settings, settings);
    },

    // An address without a domain is an invalid argument by the error table (main/errors).
    'accounts.discover': async ({ address, password, trust }) =>
      discoveryView(await accounts.discover(address, password, trust), services.clock.now()),
  };
}
