// The Electron entry: one instance, the app:// renderer in one secure window, the services and
// their handlers over ipcMain, the scheduler paused while offline or suspended, and new-mail
// notices. Everything with a decision in it lives elsewhere; this file only wires Electron up.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, net, powerMonitor, type BrowserWindow } from 'electron';
import { eventChannel } from '../../shared/contract/names';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { createServices, type Services } from '../services/services';
import { readSettings } from '../services/settings';
import { openStore } from '../store';
import { applyAppIdentity } from './app-identity';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { resolveDatabasePath } from './database-path';
import { electronPlatform } from './electron-platform';
import { registerContractHandlers } from './ipc-main-handlers';
import { createMainWindow } from './main-window';
import { showNewMailNotice } from './new-mail-notice';
import { safeStorageCipher, safeStorageProtection } from './safe-storage-cipher';

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, 'preload.cjs');
const RENDERER_DIR = join(here, 'renderer');
const ONLINE_POLL_MS = 30_000;

let window: BrowserWindow | null = null;
let services: Services | null = null;

function showWindow(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function log(context: string, error: unknown): void {
  console.error(`popline: ${context}:`, error);
}

async function start(): Promise<void> {
  handleAppProtocol(RENDERER_DIR);
  const dbPath = resolveDatabasePath({
    argv: process.argv,
    env: process.env,
    userDataDir: app.getPath('userData'),
  });
  mkdirSync(dirname(dbPath), { recursive: true });
  const protection = safeStorageProtection();
  services = createServices({
    store: openStore(dbPath),
    cipher: safeStorageCipher(protection),
    secretProtection: protection,
    platform: electronPlatform(() => window),
    version: app.getVersion(),
    onInternalError: log,
  });
  const running = services;
  registerContractHandlers(
    ipcMain,
    createDispatcher(createHandlers(running), { onInternalError: log }),
  );

  running.events.onAny((event, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
  running.events.on('mail.new', (mail) => {
    if (readSettings(running.store.settings).notifyNewMail) showNewMailNotice(mail, showWindow);
  });

  powerMonitor.on('suspend', () => running.scheduler.setSuspended(true));
  powerMonitor.on('resume', () => running.scheduler.setSuspended(false));
  running.scheduler.setOnline(net.isOnline());
  setInterval(() => running.scheduler.setOnline(net.isOnline()), ONLINE_POLL_MS).unref();

  window = createMainWindow({ preloadPath: PRELOAD });
  window.on('closed', () => {
    window = null;
  });
  running.start();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  applyAppIdentity(app);
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!window && services) window = createMainWindow({ preloadPath: PRELOAD });
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (!services || closing) return;
    // Let a running sync reach QUIT (or its own end) before the store closes.
    event.preventDefault();
    closing = true;
    void services.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // E.g. a database written by a newer Popline: say so rather than vanish.
      log('start-up', error);
      dialog.showErrorBox(
        'Popline cannot start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
