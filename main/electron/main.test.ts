// The Electron entry (main.ts) run in-process against a stand-in electron whose windows throw
// "Object has been destroyed" when touched after closing, as Electron's do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  class Emitter {
    handlers = new Map<string, Handler[]>();
    on(event: string, handler: Handler) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
      return this;
    }
    once(event: string, handler: Handler) {
      return this.on(event, handler);
    }
    emit(event: string, ...args: unknown[]) {
      for (const handler of this.handlers.get(event) ?? []) handler(...args);
    }
  }
  class FakeWebContents extends Emitter {
    windowOpenHandler: Handler | null = null;
    sent: string[] = [];
    setWindowOpenHandler(handler: Handler) {
      this.windowOpenHandler = handler;
    }
    send(channel: string) {
      this.sent.push(channel);
    }
  }
  class FakeBrowserWindow extends Emitter {
    static created: FakeBrowserWindow[] = [];
    destroyed = false;
    shown = 0;
    webContents = new FakeWebContents();
    constructor() {
      super();
      FakeBrowserWindow.created.push(this);
      app.emit('web-contents-created', {}, this.webContents);
      // Every method but isDestroyed() throws once the window is gone, as Electron's do.
      return new Proxy(this, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== 'function' || key === 'isDestroyed' || !target.destroyed)
            return value;
          return () => {
            throw new Error('Object has been destroyed');
          };
        },
      });
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.shown++;
    }
    focus() {}
    loadURL() {
      return Promise.resolve();
    }
    /** What the user closing the window does. */
    close() {
      this.destroyed = true;
      this.emit('closed');
    }
  }
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => '/nonexistent-user-data',
    getVersion: () => '0.0.0-test',
    quit: vi.fn(),
    exit: vi.fn(),
    setAppUserModelId: vi.fn(),
  });
  const permissions: { request: Handler | null; check: Handler | null } = {
    request: null,
    check: null,
  };
  return {
    FakeWebContents,
    permissions,
    app,
    BrowserWindow: FakeBrowserWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (permissions.request = h),
        setPermissionCheckHandler: (h: Handler) => (permissions.check = h),
      },
    },
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async () => ({ response: 0 })),
      showSaveDialog: vi.fn(),
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    net: { isOnline: () => true },
    powerMonitor: { on: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => Buffer.from(plain),
      decryptString: (data: Buffer) => data.toString(),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    Notification: class {
      static isSupported() {
        return false;
      }
    },
  };
});
vi.mock('electron', () => electron);

const dir = mkdtempSync(join(tmpdir(), 'popline-electron-main-'));
const realPlatform = process.platform;

beforeAll(async () => {
  process.env.POPLINE_DB = join(dir, 'popline.sqlite');
  // As on Windows while main.ts loads (the only place the platform decides anything at load).
  Object.defineProperty(process, 'platform', { value: 'win32' });
  try {
    await import('./main');
  } finally {
    Object.defineProperty(process, 'platform', { value: realPlatform });
  }
  await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1));
});

afterAll(async () => {
  delete process.env.POPLINE_DB;
  rmSync(dir, { recursive: true, force: true });
});

const windows = () => electron.BrowserWindow.created;
const lastWindow = () => {
  const window = windows().at(-1);
  if (!window) throw new Error('no window');
  return window;
};

describe('the Electron entry', () => {
  it("names itself on Windows with electron-builder's appId, before any window", () => {
    expect(electron.app.setAppUserModelId).toHaveBeenCalledWith('org.popline.desktop');
  });

  it('brings the one window back from the dock and a second launch, making a new one after it was closed', () => {
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    const first = lastWindow();
    electron.app.emit('activate');
    expect(windows()).toHaveLength(1);
    expect(first.shown).toBe(1);

    first.close();
    electron.app.emit('activate'); // the macOS dock icon
    expect(windows()).toHaveLength(2);
    const second = lastWindow();
    electron.app.emit('second-instance');
    expect(windows()).toHaveLength(2);
    expect(second.shown).toBe(1);

    second.close();
    electron.app.emit('second-instance'); // threw "Object has been destroyed" before
    expect(windows()).toHaveLength(3);
    lastWindow().close();
    electron.app.emit('activate');
    expect(windows()).toHaveLength(4);
  });

  it('guards every web contents the app creates, not only the main window', () => {
    const contents = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    for (const [name, url] of [
      ['will-navigate', 'https://example.com/'],
      ['will-redirect', 'http://evil.example/'],
      ['will-attach-webview', ''],
    ] as const)
      for (const handler of contents.handlers.get(name) ?? []) handler(event, url);
    expect(prevented).toBe(3);
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({
      action: 'deny',
    });
  });

  it('hands mailto: links to the system with only address, subject and body', () => {
    electron.shell.openExternal.mockClear();
    lastWindow().webContents.windowOpenHandler?.({
      url: 'mailto:bob@example.org?subject=Hello%20there&body=Hi&attach=/etc/passwd&cc=eve@example.net',
    });
    expect(electron.shell.openExternal.mock.calls).toEqual([
      ['mailto:bob@example.org?subject=Hello%20there&body=Hi'],
    ]);
  });

  it("lets the app's own page write to the clipboard, and nothing else ask for anything", () => {
    const { request, check } = electron.permissions;
    if (!request || !check) throw new Error('no permission handlers');
    const requested = (permission: string, requestingUrl: string, isMainFrame = true) => {
      let answer: boolean | undefined;
      request(null, permission, (allowed: boolean) => (answer = allowed), {
        requestingUrl,
        isMainFrame,
      });
      return answer;
    };
    const app = 'app://popline/index.html';
    expect(requested('clipboard-sanitized-write', app)).toBe(true);
    expect(requested('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(requested('clipboard-sanitized-write', 'about:srcdoc', false)).toBe(false);
    expect(requested('clipboard-read', app)).toBe(false);
    expect(requested('media', app)).toBe(false);
    expect(requested('notifications', app)).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://popline', { isMainFrame: true })).toBe(
      true,
    );
    expect(
      check(null, 'clipboard-sanitized-write', 'null', {
        requestingUrl: 'about:srcdoc',
        isMainFrame: false,
      }),
    ).toBe(false);
    expect(check(null, 'geolocation', 'app://popline', { isMainFrame: true })).toBe(false);
  });

  it('shows the window with the error when its page fails to load', () => {
    const window = lastWindow();
    const shownBefore = window.shown;
    const fail = (code: number, mainFrame: boolean) =>
      window.webContents.emit(
        'did-fail-load',
        {},
        code,
        'ERR_FILE_NOT_FOUND',
        'app://popline/index.html',
        mainFrame,
      );
    fail(-3, true); // aborted by another load: not a failure
    fail(-6, false); // a subframe (mail content): not the app's page
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
    fail(-6, true);
    expect(window.shown).toBe(shownBefore + 1);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ detail: expect.stringContaining('ERR_FILE_NOT_FOUND (-6)') }),
    );
  });

  it('quits only after the services have closed the store', async () => {
    let prevented = false;
    electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    // The second before-quit (from that app.quit()) lets the quit go through.
    prevented = false;
    electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });
});
