// settings.* and app.*: application-wide preferences and facts about this running app.
import type { Services } from '../../services';
import { readSettings, writeSettings } from '../../services';
import type { HandlerGroup } from './handler-group';

export function settingsHandlers(services: Services): HandlerGroup<'settings'> {
  return {
    'settings.get': () => readSettings(services.store.settings),
    'settings.set': (changes) => writeSettings(services.store.settings, changes),
  };
}

export function appHandlers(services: Services): HandlerGroup<'app'> {
  return {
    'app.info': () => ({
      version: services.version,
      transport: services.platform.transport,
      secretStorage: services.secrets.protection,
      databasePath: services.store.path,
    }),
  };
}
