import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { methodNames } from '../shared/contract/names';
import { mainBuild, parseWorkerBuild } from './build-app';

// The Electron binary cannot run here, so the built main bundle runs under Node against a
// stand-in 'electron' that reports what it is asked to do. It catches what type-checking
// cannot: bundling, ESM/CommonJS interop, and start-up order.
const ELECTRON_STANDIN = `
const log = (...a) => console.log(JSON.stringify(a));
const handled = new Set();
class BrowserWindow {
  constructor(o) { log('window', o.webPreferences);
    this.webContents = { on() {}, setWindowOpenHandler() {}, send() {} }; }
  once() {} on() {} isDestroyed() { return false; }
  loadURL(url) { log('load', url); return Promise.resolve(); }
}
exports.app = { requestSingleInstanceLock: () => true, on() {}, whenReady: () => Promise.resolve(),
  getPath: () => process.env.STANDIN_USER_DATA, getVersion: () => '0.0.0', quit() {}, setAppUserModelId() {},
  exit(code) { log('exit', code); process.exit(code); } };
exports.protocol = { registerSchemesAsPrivileged: (s) => log('schemes', s), handle: (s) => log('protocol', s) };
exports.session = { defaultSession: { setPermissionRequestHandler: () => log('permissions', 'request'),
  setPermissionCheckHandler: () => log('permissions', 'check') } };
exports.ipcMain = { handle: (c) => handled.add(c), removeHandler() {} };
exports.net = { isOnline: () => true };
exports.powerMonitor = { on: (e) => log('power', e) };
exports.safeStorage = { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() };
exports.dialog = { showErrorBox: (t, m) => log('error-box', t, m), showSaveDialog: async () => ({ canceled: true }),
  showMessageBox: async () => ({ response: 0 }) };
exports.Notification = class { static isSupported() { return false; } };
exports.shell = { openExternal() {} };
exports.BrowserWindow = BrowserWindow;
setTimeout(() => { log('handlers', [...handled].sort()); process.exit(0); }, 1000);
`;

const dir = mkdtempSync(join(tmpdir(), 'popline-main-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds main.mjs beside a stand-in electron and the given better-sqlite3, runs it, returns what it said. */
async function runBundle(betterSqlite: string, db: string) {
  const app = mkdtempSync(join(dir, 'app-'));
  mkdirSync(join(app, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(join(app, 'node_modules', 'electron', 'index.js'), ELECTRON_STANDIN);
  symlinkSync(betterSqlite, join(app, 'node_modules', 'better-sqlite3'));
  await build({ ...mainBuild, outfile: join(app, 'dist', 'main.mjs'), sourcemap: false });
  const stdout = await promisify(execFile)(
    process.execPath,
    [join(app, 'dist', 'main.mjs'), '--db', db],
    { env: { ...process.env, STANDIN_USER_DATA: join(dir, 'user-data') }, timeout: 20_000 },
  ).then(
    (done) => done.stdout,
    // app.exit(1) in the stand-in ends the process with status 1; what it said still counts.
    (failed: { stdout?: string }) => failed.stdout ?? '',
  );
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as [string, ...unknown[]]);
  return (what: string) => lines.filter((l) => l[0] === what).map((l) => l.slice(1));
}

describe('the built main bundle', () => {
  it('starts: registers app://, opens the database given by --db, one handler per method, a secure window', async () => {
    const db = join(dir, 'profile', 'nested', 'test.sqlite');
    const said = await runBundle(
      join(import.meta.dirname, '..', 'node_modules', 'better-sqlite3'),
      db,
    );
    expect(said('error-box')).toEqual([]);
    expect(said('schemes')).toEqual([
      [[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]],
    ]);
    expect(said('protocol')).toEqual([['app']]);
    expect(said('handlers')).toEqual([[methodNames.map((m) => `popline:call:${m}`).sort()]]);
    expect(said('window')[0]?.[0]).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(said('load')).toEqual([['app://popline/index.html']]);
    expect(said('permissions').flat().sort()).toEqual(['check', 'request']);
    expect(said('power').flat().sort()).toEqual(['resume', 'suspend']);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(join(dir, 'user-data'))).toBe(false);
  });

  it('shows the start-up error box when better-sqlite3 cannot be loaded (wrong ABI, missing .node)', async () => {
    const broken = join(dir, 'broken-better-sqlite3');
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, 'package.json'),
      JSON.stringify({ name: 'better-sqlite3', main: 'index.js' }),
    );
    writeFileSync(
      join(broken, 'index.js'),
      "throw new Error('better_sqlite3.node was compiled against a different Node.js version');",
    );
    const said = await runBundle(broken, join(dir, 'broken', 'test.sqlite'));
    expect(said('error-box')).toEqual([
      [
        'Popline cannot start',
        'better_sqlite3.node was compiled against a different Node.js version',
      ],
    ]);
    expect(said('exit')).toEqual([[1]]);
  });

  it('parses mail on the bundled parse-worker.mjs found beside the bundle that starts it', async () => {
    // The same settings as main.mjs, for an entry that only parses: the pool must find its
    // worker from the bundle's own URL, and the worker must run as plain Node (no tsx).
    const probe = join(dir, 'probe.ts');
    const pool = join(import.meta.dirname, '..', 'main', 'mime', 'parse-pool.ts');
    writeFileSync(
      probe,
      `import { createParsePool } from ${JSON.stringify(pool)};\n` +
        `const p = createParsePool();\n` +
        `const raw = Buffer.from('Subject: =?UTF-8?Q?bundled_caf=C3=A9?=\\r\\n\\r\\nhello from the worker\\r\\n');\n` +
        `const parsed = await p.parse(raw);\n` +
        `console.log(JSON.stringify({ parsed, inThreadReason: p.inThreadReason }));\n`,
    );
    const out = join(dir, 'probe-dist');
    await build({
      ...mainBuild,
      entryPoints: [probe],
      outfile: join(out, 'probe.mjs'),
      sourcemap: false,
    });
    await build({ ...parseWorkerBuild, outfile: join(out, 'parse-worker.mjs'), sourcemap: false });
    const { stdout } = await promisify(execFile)(process.execPath, [join(out, 'probe.mjs')], {
      timeout: 20_000,
    });
    const { parsed, inThreadReason } = JSON.parse(stdout) as {
      parsed: { subject: string; snippet: string };
      inThreadReason: string | null;
    };
    expect(inThreadReason).toBeNull();
    expect(parsed.subject).toBe('bundled café');
    expect(parsed.snippet).toBe('hello from the worker');
  });
});
