// The Electron entry: one instance, the app:// renderer in one secure window, the services and
// their handlers over ipcMain, the scheduler paused while offline or suspended, and new-mail
// notices. Everything with a decision in it lives elsewhere; this file only wires Electron up.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, net, powerMonitor, session } from 'electron';
import { eventChannel } from '../../shared/contract/names';
import { createDispatcher } from '../ipc';
import { createHandlers } from '../ipc';
import { createServices, type Services } from '../services';
import { readSettings } from '../services';
import { parseMessage } from '../mime';
import { openStore, reindexQueuedSearch } from '../store';
import { preparePrivateFolder } from '../store';
import { applyAppIdentity } from './app-identity';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { resolveDatabasePath } from './database-path';
import { electronPlatform } from './electron-platform';
import { registerContractHandlers } from './ipc-main-handlers';
import { createMainWindow, guardWebContents } from './main-window';
import { showNewMailNotice } from './new-mail-notice';
import { installPermissionPolicy } from './permissions';
import { safeStorageCipher, safeStorageProtection } from './safe-storage-cipher';
import { createWindowKeeper } from './window-keeper';

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, 'preload.cjs');
const RENDERER_DIR = join(here, 'renderer');
const ONLINE_POLL_MS = 30_000;
/** How long quitting waits for a running sync to reach QUIT before the store is closed anyway. */
export const QUIT_WAIT_MS = 5_000;

const windows = createWindowKeeper(() => createMainWindow({ preloadPath: PRELOAD }));
let services: Services | null = null;

function log(context: string, error: unknown): void {
  console.error(`popline: ${context}:`, error);
}

async function start(): Promise<void> {
  installPermissionPolicy(session.defaultSession);
  handleAppProtocol(RENDERER_DIR);
  const dbPath = resolveDatabasePath({
    argv: process.argv,
    env: process.env,
    userDataDir: app.getPath('userData'),
  });
  // The profile folder owner-only from its creation (the store makes its files 0600).
  preparePrivateFolder(dirname(dbPath));
  const protection = safeStorageProtection();
  services = createServices({
    store: openStore(dbPath),
    cipher: safeStorageCipher(protection),
    secretProtection: protection,
    platform: electronPlatform(() => windows.current()),
    version: app.getVersion(),
    onInternalError: log,
  });
  const running = services;
  registerContractHandlers(
    ipcMain,
    createDispatcher(createHandlers(running), { onInternalError: log }),
  );

  running.events.onAny((event, payload) => {
    windows.current()?.webContents.send(eventChannel(event), payload);
  });
  running.events.on('mail.new', (mail) => {
    if (readSettings(running.store.settings).notifyNewMail)
      showNewMailNotice(mail, () => void windows.open());
  });

  powerMonitor.on('suspend', () => running.scheduler.setSuspended(true));
  powerMonitor.on('resume', () => running.scheduler.setSuspended(false));
  running.scheduler.setOnline(net.isOnline());
  setInterval(() => running.scheduler.setOnline(net.isOnline()), ONLINE_POLL_MS).unref();

  windows.open();
  running.start();
  // Mail indexed before CJK search became bigrams (migration 0006), re-indexed in the background.
  reindexQueuedSearch(running.store.searchReindex, parseMessage).catch((error: unknown) =>
    log('search re-index', error),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  applyAppIdentity(app);
  // Every web contents, not only the main window's: no navigation, new window or webview.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    if (services) windows.open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (services) windows.open();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (!services || closing) return;
    // Let a running sync reach QUIT (or its own end) before the store closes, but not forever.
    event.preventDefault();
    closing = true;
    void services
      .close({ maxWaitMs: QUIT_WAIT_MS })
      .then((ended) => {
        if (!ended)
          log(
            'quit',
            `a sync was still running after ${QUIT_WAIT_MS} ms; its session is closed as interrupted by the next sync`,
          );
      })
      .catch((error: unknown) => log('quit', error))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // E.g. a database written by a newer Popline, or better-sqlite3 failing to load: say so
      // rather than vanish.
      log('start-up', error);
      dialog.showErrorBox(
        'Popline cannot start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
