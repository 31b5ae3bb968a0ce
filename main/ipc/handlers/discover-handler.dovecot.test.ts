// accounts.discover over the dispatcher: the real discovery against a private Dovecot, with a stub
// resolver in place of DNS, and its answers in the contract's terms.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import type { ServerDiscovery } from '../../../shared/model/server-discovery';
import { discoverServer } from '../../autoconfig';
import { testServices, type TestServices } from '../../testing/test-services';
import { startDovecot, type Dovecot } from '../../testing/dovecot';

let dovecot: Dovecot;
let t: TestServices | undefined;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

function servicesWithStubDns(): TestServices {
  return testServices({
    discover: (address, secret) =>
      discoverServer(address, secret, {
        resolveSrv: async (name) =>
          name === '_pop3s._tcp.example.test'
            ? [{ name: 'localhost', port: dovecot.tlsPort, priority: 0, weight: 0 }]
            : [],
        resolveHost: async (host) => {
          if (host === 'localhost') return '127.0.0.1';
          throw new Error(`getaddrinfo ENOTFOUND ${host}`);
        },
        connectOptions: { ca: dovecot.certPem },
        timeoutMs: 5_000,
      }),
  });
}

async function discover(arg: unknown): Promise<Result<ServerDiscovery>> {
  return (await t!.dispatch('accounts.discover', arg, {
    transport: 'browser-bridge',
  })) as Result<ServerDiscovery>;
}

describe('accounts.discover', () => {
  it('proposes the server it logged in to, and saves no account', async () => {
    t = servicesWithStubDns();
    const result = await discover({ address: 'alice@example.test', password: PASSWORD });
    expect(result).toMatchObject({
      ok: true,
      value: {
        server: { host: 'localhost', port: dovecot.tlsPort, security: 'tls', source: 'srv' },
        certificate: null,
        login: { ok: true, user: 'alice' },
      },
    });
    const value = (result as { value: ServerDiscovery }).value;
    expect(value.attempts.find((a) => a.host === 'pop.example.test')).toMatchObject({
      outcome: 'not-found',
    });
    expect(t.services.store.accounts.list()).toEqual([]);
  });

  it('answers a rejected password as a credentials error', async () => {
    t = servicesWithStubDns();
    const result = await discover({ address: 'alice@example.test', password: 'nope' });
    expect(result).toMatchObject({
      ok: true,
      value: { login: { ok: false, error: { kind: 'credentials' } } },
    });
  });

  it('refuses an address without a domain as an invalid argument', async () => {
    t = servicesWithStubDns();
    expect(await discover({ address: 'alice@', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-argument', issues: [{ path: 'address' }] },
    });
    expect(await discover({ address: 'alice@example.test' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-argument' },
    });
  });
});
