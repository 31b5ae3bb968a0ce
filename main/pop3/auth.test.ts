import { describe, expect, it } from 'vitest';
import { chooseAuthMethod, runSasl, type AuthChoiceInput, type AuthSession } from './auth';
import { parseCapabilities } from './capabilities';
import { Pop3Error } from './errors';
import { LoginMechanism } from './sasl/login';
import { PlainMechanism } from './sasl/plain';
import { Xoauth2Mechanism } from './sasl/xoauth2';

const STAMP = '<1.2@host>';

function choose(lines: string[], extra: Partial<AuthChoiceInput> = {}) {
  return chooseAuthMethod({ capabilities: parseCapabilities(lines), secure: false, ...extra });
}

function failure(fn: () => unknown): Pop3Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Pop3Error) return err;
    throw err;
  }
  throw new Error('expected a Pop3Error');
}

describe('chooseAuthMethod (auto)', () => {
  const everything = ['USER', 'SASL PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 XOAUTH2'];

  it('picks the strongest offered: SCRAM-SHA-256 > CRAM-MD5 > APOP > PLAIN > LOGIN > USER', () => {
    const secure = { secure: true, apopTimestamp: STAMP };
    expect(choose(everything, secure)).toBe('scram-sha-256');
    expect(choose(['USER', 'SASL PLAIN LOGIN CRAM-MD5'], secure)).toBe('cram-md5');
    expect(choose(['USER', 'SASL PLAIN LOGIN'], secure)).toBe('apop');
    expect(choose(['USER', 'SASL PLAIN LOGIN'], { secure: true })).toBe('plain');
    expect(choose(['USER', 'SASL LOGIN'], { secure: true })).toBe('login');
    expect(choose(['USER'], { secure: true })).toBe('user');
  });

  it('uses challenge-response methods on an unencrypted link', () => {
    expect(choose(everything)).toBe('scram-sha-256');
    expect(choose(['USER', 'SASL PLAIN CRAM-MD5'])).toBe('cram-md5');
    expect(choose(['USER', 'SASL PLAIN'], { apopTimestamp: STAMP })).toBe('apop');
  });

  it('never picks a cleartext password method on an unencrypted link', () => {
    const err = failure(() => choose(['USER', 'SASL PLAIN LOGIN']));
    expect(err.kind).toBe('auth-unavailable');
    expect(err.message).toMatch(/TLS/);
  });

  it('allows a cleartext password on an unencrypted link only when the user said so', () => {
    expect(choose(['USER', 'SASL PLAIN LOGIN'], { allowInsecurePassword: true })).toBe('plain');
    expect(choose(['USER'], { allowInsecurePassword: true })).toBe('user');
  });

  it('never picks the OAuth mechanisms for a password', () => {
    const err = failure(() => choose(['SASL XOAUTH2 OAUTHBEARER'], { secure: true }));
    expect(err.kind).toBe('auth-unavailable');
  });

  it('falls back to USER when the server does not support CAPA at all', () => {
    expect(choose([], { secure: true })).toBe('user');
  });
});

describe('chooseAuthMethod (explicit)', () => {
  it('refuses a mechanism the server does not offer', () => {
    const err = failure(() => choose(['USER', 'SASL PLAIN'], { requested: 'cram-md5' }));
    expect(err.kind).toBe('auth-unavailable');
    expect(err.message).toMatch(/CRAM-MD5/);
  });

  it('refuses APOP without a greeting timestamp', () => {
    expect(failure(() => choose(['USER'], { requested: 'apop' })).kind).toBe('auth-unavailable');
    expect(choose(['USER'], { requested: 'apop', apopTimestamp: STAMP })).toBe('apop');
  });

  it('applies the cleartext rule to explicit choices too, tokens included', () => {
    for (const requested of ['user', 'plain', 'login', 'xoauth2', 'oauthbearer'] as const) {
      const caps = ['USER', 'SASL PLAIN LOGIN XOAUTH2 OAUTHBEARER'];
      expect(failure(() => choose(caps, { requested })).kind).toBe('auth-unavailable');
      expect(choose(caps, { requested, secure: true })).toBe(requested);
    }
  });

  it('lets CRAM-MD5 and SCRAM run on an unencrypted link', () => {
    const caps = ['SASL CRAM-MD5 SCRAM-SHA-256'];
    expect(choose(caps, { requested: 'cram-md5' })).toBe('cram-md5');
    expect(choose(caps, { requested: 'scram-sha-256' })).toBe('scram-sha-256');
  });
});

/** A scripted peer for runSasl: answers each AUTH line from a list of challenges. */
function fakeSession(challenges: string[]): { session: AuthSession; sent: string[] } {
  const sent: string[] = [];
  const session: AuthSession = {
    capabilities: parseCapabilities([]),
    secure: true,
    host: 'h',
    port: 995,
    command: async (line, onChallenge) => {
      sent.push(line);
      for (const challenge of challenges) sent.push(await onChallenge!(challenge));
      return 'ok';
    },
    abort: () => undefined,
    isClosed: () => false,
  };
  return { session, sent };
}

describe('runSasl', () => {
  it('sends a short initial response on the AUTH line', async () => {
    const { session, sent } = fakeSession([]);
    await runSasl(session, new PlainMechanism('u', 'p'));
    expect(sent).toEqual([`AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`]);
  });

  it('moves an initial response past the 255-octet line limit to the first challenge', async () => {
    const token = 't'.repeat(400);
    const { session, sent } = fakeSession(['']);
    await runSasl(session, new Xoauth2Mechanism('u', token));
    expect(sent[0]).toBe('AUTH XOAUTH2');
    expect(Buffer.from(sent[1]!, 'base64').toString()).toContain(token);
  });

  it('refuses a challenge that is not base64', async () => {
    const { session } = fakeSession(['not base64!']);
    await expect(runSasl(session, new LoginMechanism('u', 'p'))).rejects.toMatchObject({
      kind: 'protocol',
    });
  });
});
