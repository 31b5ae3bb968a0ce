// Set-up by address against a real Dovecot and a scripted server, with a stub resolver standing in
// for DNS: SRV records, guessed names, untrusted certificates and wrong passwords.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../testing/dovecot';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { makeTestCertificate } from '../testing/test-certificate';
import type { SrvRecord } from './candidates';
import { discoverServer, InvalidAddressError, type DiscoveryDeps } from './discover-server';

let dovecot: Dovecot;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

/** A resolver where only the given names exist; every other name is NXDOMAIN. */
function stubDns(
  hosts: Record<string, string>,
  srv: Record<string, SrvRecord[]> = {},
): Pick<DiscoveryDeps, 'resolveHost' | 'resolveSrv'> {
  return {
    resolveSrv: async (name) => srv[name] ?? [],
    resolveHost: async (host) => {
      const address = hosts[host];
      if (!address)
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return address;
    },
  };
}

describe('set-up by e-mail address', () => {
  it('follows a published SRV record and logs in with the local part when the address is refused', async () => {
    const result = await discoverServer('alice@example.test', PASSWORD, {
      ...stubDns(
        { localhost: '127.0.0.1' },
        {
          '_pop3s._tcp.example.test': [
            { name: 'localhost', port: dovecot.tlsPort, priority: 0, weight: 0 },
          ],
        },
      ),
      connectOptions: { ca: dovecot.certPem },
      timeoutMs: 5_000,
    });
    expect(result.server).toEqual({
      host: 'localhost',
      port: dovecot.tlsPort,
      security: 'tls',
      source: 'srv',
    });
    expect(result.login).toMatchObject({ ok: true, user: 'alice' });
    expect(result.tried[0]?.outcome.status).toBe('reachable');
    // The guesses were tried too and failed to resolve: none of them is chosen.
    expect(
      result.tried.filter((t) => t.source === 'guess').every((t) => t.outcome.status === 'failed'),
    ).toBe(true);
  });

  it('guesses the usual names and prefers implicit TLS over STARTTLS on the same host', async () => {
    const result = await discoverServer('alice@localhost', PASSWORD, {
      ...stubDns({ localhost: '127.0.0.1' }),
      ports: { tls: dovecot.tlsPort, starttls: dovecot.port },
      connectOptions: { ca: dovecot.certPem },
      timeoutMs: 5_000,
    });
    expect(result.server).toMatchObject({
      host: 'localhost',
      security: 'tls',
      port: dovecot.tlsPort,
      source: 'guess',
    });
    const starttls = result.tried.find((t) => t.host === 'localhost' && t.security === 'starttls');
    expect(starttls?.outcome.status).toBe('reachable');
    expect(result.tried.find((t) => t.host === 'pop.localhost')?.outcome).toMatchObject({
      status: 'failed',
      kind: 'not-found',
    });
    expect(result.login).toMatchObject({ ok: true, user: 'alice' });
  });

  it('reports a wrong password as rejected credentials, naming the server it found', async () => {
    const result = await discoverServer('alice@localhost', 'wrong password', {
      ...stubDns({ localhost: '127.0.0.1' }),
      ports: { tls: dovecot.tlsPort, starttls: dovecot.port },
      connectOptions: { ca: dovecot.certPem },
      timeoutMs: 5_000,
    });
    expect(result.server).toMatchObject({ host: 'localhost', security: 'tls' });
    expect(result.login).toMatchObject({ ok: false, kind: 'auth' });
  });

  it('never sends the password to a server whose certificate is not trusted', async () => {
    const cert = makeTestCertificate();
    const server: ScriptedServer = await startScriptedServer({
      users: { 'bob@example.test': 'secret' },
      tls: { key: cert.key, cert: cert.cert },
      implicitTls: true,
    });
    try {
      const result = await discoverServer('bob@example.test', 'secret', {
        ...stubDns({ 'pop.example.test': '127.0.0.1' }),
        ports: { tls: server.port, starttls: 9 },
        timeoutMs: 5_000,
      });
      expect(result.server).toMatchObject({ host: 'pop.example.test', security: 'tls' });
      expect(result.certificate?.fingerprint256).toBe(cert.fingerprint256);
      expect(result.login).toBeNull();
      await server.idle();
      expect(server.commands.filter((l) => /^(USER|PASS|APOP|AUTH)\b/i.test(l))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('signs in once the user trusts the certificate the look-up found untrusted', async () => {
    const deps: DiscoveryDeps = {
      ...stubDns(
        { localhost: '127.0.0.1' },
        {
          '_pop3s._tcp.example.test': [
            { name: 'localhost', port: dovecot.tlsPort, priority: 0, weight: 0 },
          ],
        },
      ),
      timeoutMs: 5_000,
    };
    const first = await discoverServer('alice@example.test', PASSWORD, deps);
    expect(first.login).toBeNull();
    expect(first.certificate?.fingerprint256).toBe(dovecot.fingerprint256);
    const second = await discoverServer('alice@example.test', PASSWORD, deps, {
      host: 'localhost',
      port: dovecot.tlsPort,
      fingerprint256: dovecot.fingerprint256,
    });
    expect(second.certificate).toBeUndefined();
    expect(second.login).toMatchObject({ ok: true, user: 'alice' });
  });

  it('finds nothing when no candidate answers, and says so for each', async () => {
    const result = await discoverServer('carol@nowhere.test', PASSWORD, {
      ...stubDns({}),
      timeoutMs: 2_000,
    });
    expect(result.server).toBeNull();
    expect(result.login).toBeNull();
    expect(result.tried).toHaveLength(6);
    expect(result.tried.every((t) => t.outcome.status === 'failed')).toBe(true);
  });

  it('refuses an address without a domain before any look-up', async () => {
    let looked = 0;
    await expect(
      discoverServer('carol', PASSWORD, {
        resolveSrv: async () => {
          looked++;
          return [];
        },
      }),
    ).rejects.toBeInstanceOf(InvalidAddressError);
    expect(looked).toBe(0);
  });
});
