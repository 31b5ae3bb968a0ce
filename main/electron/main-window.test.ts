import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for the parts of Electron the window module touches; records what it is given.
const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  class FakeWebContents {
    handlers = new Map<string, Handler>();
    windowOpenHandler: Handler | null = null;
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    setWindowOpenHandler(handler: Handler) {
      this.windowOpenHandler = handler;
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(public options: { webPreferences: Record<string, unknown> }) {
      FakeBrowserWindow.created.push(this);
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal: vi.fn(async () => undefined) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  };
});
vi.mock('electron', () => electron);

const { createMainWindow, guardWebContents } = await import('./main-window');
const { serveAppRequest, registerAppScheme } = await import('./app-protocol');
const { registerContractHandlers, isTrustedSender } = await import('./ipc-main-handlers');
const { methodChannel, methodNames } = await import('../../shared/contract/names');
const { contentSecurityPolicy, cspSources } = await import('../../shared/csp');

function open() {
  createMainWindow({ preloadPath: '/app/dist/preload.cjs' });
  const window = electron.BrowserWindow.created.at(-1);
  if (!window) throw new Error('no window');
  // What main.ts's app-wide 'web-contents-created' hook does for every web contents.
  guardWebContents(window.webContents as never);
  return window;
}

function navigate(window: ReturnType<typeof open>, event: string, url: string): boolean {
  let prevented = false;
  window.webContents.handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url);
  return prevented;
}

beforeEach(() => {
  electron.shell.openExternal.mockClear();
});

describe('the main window', () => {
  it('is isolated and sandboxed, without Node, with the preload', () => {
    const prefs = open().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload.cjs',
    });
  });

  it('loads the app from its own origin, not from file://', () => {
    expect(open().loadedUrl).toBe('app://popline/index.html');
  });

  it('denies navigation away from the app, sending web links to the system browser', () => {
    const window = open();
    expect(navigate(window, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
    expect(navigate(window, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'will-navigate', 'app://popline/index.html')).toBe(false);
    expect(navigate(window, 'will-redirect', 'http://evil.example/')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every new window; only http, https and mailto open outside', () => {
    const window = open();
    const handler = window.webContents.windowOpenHandler;
    if (!handler) throw new Error('no window-open handler');
    const opened = (url: string) => handler({ url });
    for (const url of ['https://a.example/', 'http://b.example/', 'mailto:x@example.com'])
      expect(opened(url)).toEqual({ action: 'deny' });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'data:text/html,x',
      'app://popline/x',
    ])
      expect(opened(url)).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      'https://a.example/',
      'http://b.example/',
      'mailto:x@example.com',
    ]);
  });

  it('refuses webviews', () => {
    expect(navigate(open(), 'will-attach-webview', '')).toBe(true);
  });

  it('sends mailto: links out with only their address, subject and body', () => {
    const handler = open().webContents.windowOpenHandler;
    if (!handler) throw new Error('no window-open handler');
    handler({ url: 'mailto:a@example.com,b@example.com?body=x%20y&Attach=%2Fetc%2Fpasswd' });
    handler({
      url: 'mailto:?Subject=C%2B%2B+%E2%82%AC&attachment=~/.ssh/id_rsa&to=eve@example.net',
    });
    handler({ url: 'mailto:c@example.com' });
    expect(electron.shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      'mailto:a@example.com,b@example.com?body=x%20y',
      'mailto:?subject=C%2B%2B%2B%E2%82%AC',
      'mailto:c@example.com',
    ]);
  });
});

describe('the app:// protocol', () => {
  it('registers app as a secure standard scheme', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with a CSP without inline script, eval or remote origins', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'popline-app-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    const response = await serveAppRequest(dir, new Request('app://popline/index.html'));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(contentSecurityPolicy());
    expect(cspSources(csp, 'default-src')).toEqual(["'none'"]);
    expect(cspSources(csp, 'script-src')).toEqual(["'self'"]);
    expect(cspSources(csp, 'connect-src')).toEqual(["'self'"]);
    expect(cspSources(csp, 'object-src')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    expect((await serveAppRequest(dir, new Request('app://popline/../../etc/passwd'))).status).toBe(
      404,
    );
    expect((await serveAppRequest(dir, new Request('app://elsewhere/index.html'))).status).toBe(
      403,
    );
  });
});

describe('ipcMain registration', () => {
  it('registers one handler per contract method and refuses senders other than the app page', async () => {
    const registered = new Map<string, (event: unknown, arg: unknown) => unknown>();
    const dispatched: string[] = [];
    registerContractHandlers(
      {
        handle: (channel, fn) =>
          void registered.set(channel, fn as (event: unknown, arg: unknown) => unknown),
        removeHandler: () => undefined,
      },
      async (method) => {
        dispatched.push(method);
        return { ok: true, value: null };
      },
    );
    expect([...registered.keys()].sort()).toEqual(methodNames.map(methodChannel).sort());
    const call = registered.get(methodChannel('accounts.list'));
    const appFrame = { url: 'app://popline/index.html', parent: null };
    expect(await call?.({ senderFrame: appFrame }, undefined)).toEqual({ ok: true, value: null });
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://popline/index.html', parent: appFrame },
      null,
    ]) {
      const answer = (await call?.({ senderFrame: frame }, undefined)) as {
        ok: boolean;
        error?: { reason?: string };
      };
      expect(answer.ok).toBe(false);
      expect(answer.error?.reason).toBe('untrusted-sender');
    }
    expect(dispatched).toEqual(['accounts.list']);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
