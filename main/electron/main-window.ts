// The one application window and the guards on every web contents: isolated, sandboxed, no Node,
// no navigation away from the app, no new windows, no webviews; http(s) and mailto links go to
// the system (mailto reduced to address, subject and body), everything else nowhere.
import { BrowserWindow, dialog, shell, type WebContents, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';
import { externalUrlToOpen } from './external-links';

/** Chromium's net::ERR_ABORTED: a load replaced by another, not a failure. */
const LOAD_ABORTED = -3;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

function openExternally(url: string): void {
  const target = externalUrlToOpen(url);
  if (target) void shell.openExternal(target);
}

/** Applied app-wide on 'web-contents-created': the window, and anything else that appears. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    // Reloading the app's own page is the only navigation there is.
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(options: { preloadPath: string; title?: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: options.title ?? 'Popline',
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  // ready-to-show never comes for a page that failed: show the window and say why, rather than
  // leave an invisible app running.
  window.webContents.on(
    'did-fail-load',
    (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
      if (!isMainFrame || errorCode === LOAD_ABORTED || window.isDestroyed()) return;
      window.show();
      void dialog.showMessageBox(window, {
        type: 'error',
        title: 'Popline',
        message: 'Popline could not load its window.',
        detail: `${errorDescription} (${errorCode}) loading ${validatedURL}. Reinstalling Popline may help.`,
      });
    },
  );
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
