// Every contract method's handler, from the groups. A method declared in the contract but
// handled by no group is a compile error here.
import type { Services } from '../../services';
import type { Handlers } from '../dispatcher';
import { accountsHandlers } from './accounts-handlers';
import { foldersHandlers } from './folders-handlers';
import { logHandlers } from './log-handlers';
import { messagesHandlers } from './messages-handlers';
import { appHandlers, settingsHandlers } from './settings-handlers';
import { syncHandlers } from './sync-handlers';
import { composeHandlers, identitiesHandlers, outboxHandlers } from './sending-handlers';

export function createHandlers(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...accountsHandlers(services),
    ...syncHandlers(services),
    ...messagesHandlers(services),
    ...foldersHandlers(services),
    ...logHandlers(services),
    ...settingsHandlers(services),
    ...identitiesHandlers(services),
    ...composeHandlers(services),
    ...outboxHandlers(services),
  };
}
