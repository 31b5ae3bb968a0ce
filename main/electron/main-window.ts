// The one application window and its guards: isolated, sandboxed, no Node, no navigation away
// from the app, no new windows; http(s) and mailto links go to the system, everything else nowhere.
import { BrowserWindow, shell, type WebContents, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

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
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

/** Applied to every web contents the app creates (the window, and anything that might appear). */
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
  guardWebContents(window.webContents);
  // The renderer asks main for everything; it never needs a browser permission.
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
