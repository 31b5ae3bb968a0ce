// 'auto' login tries the next allowed method in the same session when one is refused (RFC 1939
// lets a client stay in AUTHORIZATION after an -ERR), as GNU Mailutils' pop3d requires: its
// greeting always carries an APOP timestamp, yet it refuses APOP to users without an APOP secret.
import { describe, expect, it } from 'vitest';
import type { ScriptedServer, ScriptedServerOptions } from '../testing/scripted-pop3-server';
import { Pop3Client } from './client';
import { failureOf, pop3TestBed } from './pop3-test-support';
import type { ProtocolLogEntry } from './protocol-log';
import type { AuthOptions } from './types';

const bed = pop3TestBed();

// What GNU Mailutils 3.15 pop3d sends (observed: greeting, CAPA, and its APOP refusal).
const MAILUTILS: ScriptedServerOptions = {
  capabilities: [
    'TOP',
    'UIDL',
    'RESP-CODES',
    'PIPELINING',
    'AUTH-RESP-CODE',
    'EXPIRENEVER',
    'USER',
  ],
  apopSecrets: {},
  apopRejectText: '[AUTH] Bad login',
};

async function attempt(
  options: ScriptedServerOptions,
  auth: Partial<AuthOptions> = {},
): Promise<{
  server: ScriptedServer;
  client: Pop3Client;
  log: ProtocolLogEntry[];
  result: Promise<{ method: string }>;
}> {
  const server = await bed.serve(options);
  const { client, log } = await bed.connect(server);
  const result = client.authenticate({
    user: 'user',
    secret: 'secret',
    method: 'auto',
    allowInsecurePassword: true,
    ...auth,
  });
  return { server, client, log, result };
}

function verbs(server: ScriptedServer): string[] {
  return server.commands.map((c) => c.split(' ')[0]!.toUpperCase());
}

describe("'auto' login falls back to the next method", () => {
  it('logs in with USER/PASS after APOP is refused, in the same session, logging both', async () => {
    const { server, client, log, result } = await attempt(MAILUTILS);
    expect(await result).toEqual({ method: 'user' });
    expect(server.sessions).toBe(1);
    expect(verbs(server)).toEqual(['CAPA', 'APOP', 'USER', 'PASS']);
    const texts = log.map((e) => `${e.dir} ${e.text}`);
    expect(texts).toContain('S -ERR [AUTH] Bad login');
    expect(texts).toContain('C PASS ********');
    expect(await client.stat()).toEqual({ count: 0, octets: 0 });
    await client.quit();
  });

  it('tries the strongest offered method first and stops at the first that works', async () => {
    const { server, result } = await attempt({
      capabilities: ['USER', 'SASL CRAM-MD5 PLAIN'],
      apopSecrets: {},
    });
    expect(await result).toEqual({ method: 'cram-md5' });
    expect(verbs(server)).toEqual(['CAPA', 'AUTH', expect.any(String)]);
  });

  it('never falls back to a clear-text password on an unencrypted link unless allowed', async () => {
    const { server, result } = await attempt(MAILUTILS, { allowInsecurePassword: false });
    const err = await failureOf(result);
    expect(err.kind).toBe('auth');
    expect(verbs(server)).toEqual(['CAPA', 'APOP']);
  });

  it('reports auth naming every method only when all of them were refused', async () => {
    const { server, result } = await attempt(MAILUTILS, { secret: 'wrong' });
    const err = await failureOf(result);
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/every login method was refused/);
    expect(err.message).toMatch(/APOP: Bad login/);
    expect(err.message).toMatch(/USER\/PASS: invalid user name or password/);
    expect(verbs(server)).toEqual(['CAPA', 'APOP', 'USER', 'PASS']);
  });

  it('does not try another method after [IN-USE], [LOGIN-DELAY] or [SYS/TEMP]', async () => {
    for (const text of [
      '[IN-USE] locked',
      '[LOGIN-DELAY] wait',
      '[SYS/TEMP] later',
      '[SYS/PERM] never',
    ]) {
      const { server, result } = await attempt({
        ...MAILUTILS,
        faults: { errOn: { command: 'APOP', text } },
      });
      const err = await failureOf(result);
      expect(err.kind, text).not.toBe('auth');
      expect(verbs(server), text).toEqual(['CAPA', 'APOP']);
    }
  });

  it('does not try another method once the server has closed the connection', async () => {
    const { server, result } = await attempt({
      ...MAILUTILS,
      faults: { rawOn: { command: 'APOP', bytes: '-ERR [AUTH] Bad login\r\n', then: 'close' } },
    });
    const err = await failureOf(result);
    expect(['auth', 'connection']).toContain(err.kind);
    expect(verbs(server)).not.toContain('PASS');
  });

  it('keeps an explicitly chosen method: no fallback when the user picked APOP', async () => {
    const { server, result } = await attempt(MAILUTILS, { method: 'apop' });
    const err = await failureOf(result);
    expect(err.kind).toBe('auth');
    expect(verbs(server)).toEqual(['CAPA', 'APOP']);
  });
});
