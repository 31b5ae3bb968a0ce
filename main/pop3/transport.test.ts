import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { makeTestCertificate, type TestCertificate } from '../testing/test-certificate';
import { Pop3Client } from './client';
import { failureOf } from './pop3-test-support';
import { runProbe } from './probe';
import { fingerprintsMatch, normalizeFingerprint } from './transport';
import type { ConnectOptions } from './types';

let cert: TestCertificate;
let otherCert: TestCertificate;
const servers: ScriptedServer[] = [];
const clients: Pop3Client[] = [];

beforeAll(() => {
  cert = makeTestCertificate();
  otherCert = makeTestCertificate('someone-else.example', ['DNS:someone-else.example']);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function tlsServer(implicitTls: boolean, certificate = cert): Promise<ScriptedServer> {
  const server = await startScriptedServer({
    tls: { key: certificate.key, cert: certificate.cert },
    implicitTls,
    mailbox: [{ uid: 'a', body: Buffer.from('Subject: a\r\n\r\nhi\r\n') }],
  });
  servers.push(server);
  return server;
}

async function connect(server: ScriptedServer, opts: Partial<ConnectOptions>): Promise<Pop3Client> {
  const client = await Pop3Client.connect({
    host: server.host,
    port: server.port,
    security: 'tls',
    connectTimeoutMs: 5000,
    ...opts,
  });
  clients.push(client);
  return client;
}

describe('fingerprints', () => {
  it('compares fingerprints whatever their case and separators', () => {
    const fp = cert.fingerprint256;
    expect(fingerprintsMatch(fp, fp.toLowerCase().replace(/:/g, ''))).toBe(true);
    expect(fingerprintsMatch(fp, otherCert.fingerprint256)).toBe(false);
    expect(fingerprintsMatch('', '')).toBe(false);
    expect(normalizeFingerprint('ab:cd ef')).toBe('ABCDEF');
  });
});

describe('implicit TLS', () => {
  it('accepts a certificate that chains to a trust anchor and names the host', async () => {
    const server = await tlsServer(true);
    const client = await connect(server, { ca: cert.cert, servername: 'localhost' });
    const info = client.securityInfo;
    expect(info.security).toBe('tls');
    expect(info.pinned).toBe(false);
    expect(info.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(info.cipher).toBeTruthy();
    expect(info.certificate?.fingerprint256).toBe(cert.fingerprint256);
    expect(info.certificate?.subject).toBe('CN=localhost');
    expect(info.certificate?.validTo).toBeTruthy();
    await client.authenticate({ user: 'user', secret: 'secret', method: 'plain' });
    expect(await client.stat()).toMatchObject({ count: 1 });
  });

  it('checks the name against an IP address host too', async () => {
    const server = await tlsServer(true);
    const client = await connect(server, { ca: cert.cert });
    expect(client.securityInfo.pinned).toBe(false);
  });

  it('refuses an untrusted certificate, reporting its fingerprint and subject, before sending anything', async () => {
    const server = await tlsServer(true);
    const err = await failureOf(connect(server, {}));
    expect(err.kind).toBe('certificate-untrusted');
    expect(err.certificate).toEqual({
      subject: 'CN=localhost',
      fingerprint256: cert.fingerprint256,
    });
    expect(err.retryLater).toBe(false);
    expect(server.commands).toEqual([]);
  });

  it('refuses a trusted certificate issued for another name', async () => {
    const server = await tlsServer(true);
    const err = await failureOf(connect(server, { ca: cert.cert, servername: 'pop.example.org' }));
    expect(err.kind).toBe('certificate-untrusted');
    expect(err.message).toMatch(/pop\.example\.org/);
  });

  it('accepts an untrusted certificate whose fingerprint the user pinned, and says so', async () => {
    const server = await tlsServer(true);
    const pin = cert.fingerprint256.toLowerCase().replace(/:/g, '');
    const client = await connect(server, {
      certFingerprint256: pin,
      servername: 'pop.example.org',
    });
    expect(client.securityInfo.pinned).toBe(true);
    expect(client.securityInfo.certificate?.fingerprint256).toBe(cert.fingerprint256);
  });

  it('does not call a pinned certificate pinned when it is trusted anyway', async () => {
    const server = await tlsServer(true);
    const client = await connect(server, {
      ca: cert.cert,
      certFingerprint256: cert.fingerprint256,
    });
    expect(client.securityInfo.pinned).toBe(false);
  });

  it('refuses a certificate other than the pinned one, even a trusted one', async () => {
    const server = await tlsServer(true);
    const err = await failureOf(
      connect(server, { ca: cert.cert, certFingerprint256: otherCert.fingerprint256 }),
    );
    expect(err.kind).toBe('certificate-untrusted');
    expect(err.certificate?.fingerprint256).toBe(cert.fingerprint256);
    expect(server.commands).toEqual([]);
  });

  it('reports a server that does not speak TLS as a TLS failure', async () => {
    const server = await startScriptedServer();
    servers.push(server);
    const err = await failureOf(connect(server, { ca: cert.cert }));
    expect(err.kind).toBe('tls');
  });
});

describe('STLS', () => {
  it('upgrades, re-reads CAPA over TLS and then allows a password login', async () => {
    const server = await tlsServer(false);
    const log: string[] = [];
    const client = await connect(server, {
      security: 'starttls',
      ca: cert.cert,
      onLog: (e) => log.push(`${e.dir} ${e.text}`),
    });
    expect(client.securityInfo.security).toBe('starttls');
    expect(client.securityInfo.certificate?.fingerprint256).toBe(cert.fingerprint256);
    expect(client.capabilities.stls).toBe(false);
    expect(server.commands).toEqual(['CAPA', 'STLS', 'CAPA']);
    expect(log).toContain('C STLS');
    await client.authenticate({ user: 'user', secret: 'secret', method: 'user' });
    expect((await client.quit()).ok).toBe(true);
  });

  it('refuses to go on when STLS is not offered, and never sends the password', async () => {
    const server = await startScriptedServer();
    servers.push(server);
    const err = await failureOf(
      runProbe({
        host: server.host,
        port: server.port,
        security: 'starttls',
        user: 'user',
        secret: 'secret',
        allowInsecurePassword: true,
      }),
    );
    expect(err.kind).toBe('stls-unavailable');
    expect(server.commands).toEqual(['CAPA']);
    expect(err.log?.map((e) => e.text)).toContain('CAPA');
  });

  it('treats an -ERR to STLS as STLS unavailable', async () => {
    const server = await startScriptedServer({
      capabilities: ['USER', 'STLS'],
      faults: { errOn: { command: 'STLS', text: 'not now' } },
    });
    servers.push(server);
    const err = await failureOf(connect(server, { security: 'starttls' }));
    expect(err.kind).toBe('stls-unavailable');
    expect(server.commands).toEqual(['CAPA', 'STLS']);
  });

  it('refuses cleartext data sent after the STLS reply (injection)', async () => {
    const server = await startScriptedServer({
      tls: { key: cert.key, cert: cert.cert },
      faults: {
        rawOn: { command: 'STLS', bytes: '+OK go ahead\r\n+OK injected\r\n', then: 'hang' },
      },
    });
    servers.push(server);
    const err = await failureOf(connect(server, { security: 'starttls', ca: cert.cert }));
    expect(err.kind).toBe('protocol');
  });

  it('applies certificate checks to the upgraded link', async () => {
    const server = await tlsServer(false);
    const err = await failureOf(connect(server, { security: 'starttls' }));
    expect(err.kind).toBe('certificate-untrusted');
    expect(server.commands).toEqual(['CAPA', 'STLS']);
  });
});
