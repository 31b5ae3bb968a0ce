// `npm run dev:browser -- [--db PATH] [--port N]`: hosts the main-process services and the same
// handlers in plain Node, serves the built renderer, and carries the contract over the bridge.
// Prints exactly one line on stdout (the URL with the run's token); everything else goes to stderr.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../ipc';
import { createHandlers } from '../ipc';
import { createFileKeyCipher } from '../secrets';
import { fetchRemoteImages } from '../remote-content';
import { discoverServer, type SrvRecord } from '../autoconfig';
import { createServices, type DiscoverFn } from '../services';
import { openStore } from '../store';
import { preparePrivateFolder } from '../store';
import { startBridge } from './bridge-server';
import { bridgePlatform } from './bridge-platform';
import { createDownloadOffers } from './download-offers';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: npm run dev:browser -- [--db PATH] [--port N] [--renderer DIR] [--ca PEM] [--manual]
  --db PATH       the database (default: $POPLINE_DB, else .tmp/dev-browser/popline.sqlite)
  --port N        the port on 127.0.0.1 (default: any free port)
  --renderer DIR  the built renderer (default: app/dist/renderer, built first when missing)
  --ca PEM        an extra certificate authority for POP3 servers (tests with a private CA)
  --manual        no scheduled checks: mail is fetched only on "Get mail" (tests)
  --test-loopback-images
                  lets "Load remote content" fetch from 127.0.0.1 (the e2e image server; tests
                  only: remote content never reaches loopback or the LAN otherwise)
  --dns-stub JSON set-up by address resolves only these names (tests):
                  {"hosts":{"name":"127.0.0.1"},"srv":{"_pop3s._tcp.domain":[{"name","port"}]}}`;

function fail(message: string): never {
  process.stderr.write(`dev:browser: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function ensureRenderer(dir: string, isDefault: boolean): Promise<void> {
  if (existsSync(join(dir, 'index.html'))) return;
  if (!isDefault) fail(`${dir} holds no index.html`);
  process.stderr.write('dev:browser: building the renderer (npm run build:renderer)…\n');
  const { build } = await import('vite');
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error' });
}

/** Set-up by address over a fixed table of names instead of DNS, so tests never leave loopback. */
function stubbedDiscovery(json: string): DiscoverFn {
  let table: {
    hosts?: Record<string, string>;
    srv?: Record<string, Array<Pick<SrvRecord, 'name' | 'port'> & Partial<SrvRecord>>>;
  };
  try {
    table = JSON.parse(json) as typeof table;
  } catch (error) {
    fail(`bad --dns-stub: ${error instanceof Error ? error.message : String(error)}`);
  }
  const hosts = table.hosts ?? {};
  const srv = table.srv ?? {};
  return (address, secret, trusted) =>
    discoverServer(
      address,
      secret,
      {
        resolveSrv: async (name) =>
          (srv[name] ?? []).map((r) => ({ priority: 0, weight: 0, ...r })),
        resolveHost: async (host) => {
          const ip = hosts[host];
          if (!ip) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
          return ip;
        },
      },
      trusted,
    );
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        renderer: { type: 'string' },
        ca: { type: 'string' },
        manual: { type: 'boolean', default: false },
        'test-loopback-images': { type: 'boolean', default: false },
        'dns-stub': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
  const dbPath = resolve(
    values.db ?? process.env.POPLINE_DB ?? join(repoRoot, '.tmp', 'dev-browser', 'popline.sqlite'),
  );
  preparePrivateFolder(dirname(dbPath));
  const rendererDir = resolve(values.renderer ?? join(repoRoot, 'app', 'dist', 'renderer'));
  await ensureRenderer(rendererDir, values.renderer === undefined);

  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const downloads = createDownloadOffers();
  const store = openStore(dbPath);
  const services = createServices({
    store,
    // No OS keyring in a plain Node process: the key file beside the database (main/secrets).
    cipher: createFileKeyCipher(dirname(dbPath)),
    secretProtection: 'file-key',
    platform: bridgePlatform(downloads),
    version,
    ...(values.ca ? { connectOverrides: { ca: readFileSync(values.ca) } } : {}),
    ...(values['test-loopback-images']
      ? { fetchImages: (urls) => fetchRemoteImages(urls, { testOnlyAllowLoopback: true }) }
      : {}),
    ...(values['dns-stub'] ? { discover: stubbedDiscovery(values['dns-stub']) } : {}),
    onInternalError: (context, error) =>
      process.stderr.write(`dev:browser: ${context}: ${String(error)}\n`),
  });
  const dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) =>
      process.stderr.write(
        `dev:browser: ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      ),
  });
  const bridge = await startBridge({
    dispatch,
    events: services.events,
    downloads,
    rendererDir,
    token: randomBytes(32).toString('base64url'),
    port,
    onRefused: (what, reason) => process.stderr.write(`dev:browser: refused ${what}: ${reason}\n`),
  });
  // The handlers come before the line: whoever reads it may send SIGTERM at once.
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.stdout.write(`Popline UI: ${bridge.url}\n`);
  if (!values.manual) services.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `dev:browser: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
