// Trusting a self-signed SMTP certificate by its fingerprint, through the contract, against
// aiosmtpd's implicit-TLS port: Test sending names the untrusted certificate (and sends no
// password to it); tested again pinned, it logs in; saved, the trust is the identity's and
// sending goes through it; a different certificate is refused and nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, OutboxItem, SmtpProbeReport } from '../../shared/model/identity';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp-server';
import { testServices, type TestServices } from '../testing/test-services';

const PASSWORD = 'smtp over tls';
let smtp: TestSmtpServer;
let other: TestSmtpServer;
let t: TestServices;
let accountId: number;

beforeAll(async () => {
  [smtp, other] = await Promise.all([
    startSmtpServer({ users: [{ user: 'alice', password: PASSWORD }] }),
    startSmtpServer({ users: [{ user: 'alice', password: PASSWORD }] }),
  ]);
  t = testServices();
  accountId = t.addAccount({ user: 'alice' }, PASSWORD);
});
afterAll(async () => {
  await t?.cleanup();
  await Promise.all([smtp?.stop(), other?.stop()]);
});

const send = (identityId: number, subject: string) =>
  call<OutboxItem>('compose.send', {
    identityId,
    to: [{ name: '', address: 'bob@example.org' }],
    subject,
    body: subject,
  });

async function call<T>(name: string, arg: unknown): Promise<T> {
  const result = await t.dispatch(name as never, arg, { transport: 'electron' });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const settings = (port: number) => ({
  accountId,
  name: 'Alice',
  address: 'alice@example.org',
  smtpHost: '127.0.0.1',
  smtpPort: port,
  security: 'tls' as const,
  allowInsecurePassword: false,
  auth: 'auto' as const,
  smtpUser: null,
});

describe('a self-signed SMTP certificate', () => {
  it('is named with its fingerprint by Test sending, and no password goes to it', async () => {
    const report = await call<SmtpProbeReport>('identities.test', {
      identity: settings(smtp.tlsPort),
    });
    expect(report.ok).toBe(false);
    expect(report.error?.kind).toBe('tls');
    expect(report.certificate?.fingerprint256).toBe(smtp.fingerprint256);
    expect(report.certificate?.subject).toContain('CN=localhost');
    expect(report.transcript.some((l) => /AUTH/i.test(l.text) && l.dir === 'C')).toBe(false);
  });

  it('trusted by fingerprint: Test sending logs in, and the saved identity sends through it', async () => {
    const report = await call<SmtpProbeReport>('identities.test', {
      identity: settings(smtp.tlsPort),
      certFingerprint256: smtp.fingerprint256,
    });
    expect(report).toMatchObject({
      ok: true,
      encrypted: true,
      authenticated: true,
      certificate: null,
    });
    const saved = await call<Identity>('identities.save', {
      identity: settings(smtp.tlsPort),
      certFingerprint256: smtp.fingerprint256,
    });
    expect(saved.certFingerprint256).toBe(smtp.fingerprint256);
    expect((await call<Identity[]>('identities.list', undefined))[0]?.certFingerprint256).toBe(
      smtp.fingerprint256,
    );
    expect(await call<SmtpProbeReport>('identities.test', { id: saved.id })).toMatchObject({
      ok: true,
    });
    const sent = await send(saved.id, 'Over TLS');
    expect(sent.status).toBe('sent');
    expect(smtp.received().at(-1)).toMatchObject({ tls: true, login: 'alice' });
  });

  it('a different certificate is refused: the test says so and a send stays queued', async () => {
    const moved = await call<Identity>('identities.save', { identity: settings(other.tlsPort) });
    // Still trusting the first server's certificate.
    expect(moved.certFingerprint256).toBe(smtp.fingerprint256);
    const report = await call<SmtpProbeReport>('identities.test', { id: moved.id });
    expect(report.ok).toBe(false);
    expect(report.certificate?.fingerprint256).toBe(other.fingerprint256);
    const item = await send(moved.id, 'Not to a stranger');
    expect(item.status).toBe('queued');
    expect(item.lastError).toContain('not the pinned one');
    expect(other.received()).toHaveLength(0);
  });
});
