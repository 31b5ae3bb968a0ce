import { describe, expect, it } from 'vitest';
import { LoginMechanism } from './login';
import { saslName } from './mechanism';
import { OauthBearerMechanism } from './oauthbearer';
import { PlainMechanism } from './plain';
import { Xoauth2Mechanism } from './xoauth2';
import { Pop3Error } from '../errors';

describe('client-first mechanisms', () => {
  it('PLAIN sends an empty authzid, the user and the password (RFC 4616)', () => {
    const mech = new PlainMechanism('tim', 'tanstaaf');
    expect(mech.initialResponse().toString('base64')).toBe(
      Buffer.from('\0tim\0tanstaaf').toString('base64'),
    );
    expect(() => mech.respond()).toThrow(Pop3Error);
  });

  it('LOGIN answers the user prompt, then the password prompt, then nothing more', () => {
    const mech = new LoginMechanism('tim', 'pw');
    expect(mech.initialResponse()).toBeNull();
    expect(mech.respond().toString()).toBe('tim');
    expect(mech.respond().toString()).toBe('pw');
    expect(() => mech.respond()).toThrow(Pop3Error);
  });

  it('XOAUTH2 packs user and bearer token and acknowledges an error with an empty line', () => {
    const mech = new Xoauth2Mechanism('me@example.com', 'ya29.token');
    expect(mech.initialResponse().toString()).toBe(
      'user=me@example.com\x01auth=Bearer ya29.token\x01\x01',
    );
    expect(mech.respond(Buffer.from('{"status":"401"}')).length).toBe(0);
    expect(mech.serverError).toBe('{"status":"401"}');
  });

  it('OAUTHBEARER sends the GS2 header, host and port, and answers an error with 0x01 (RFC 7628)', () => {
    const mech = new OauthBearerMechanism('a,b@example.com', 'tok', 'pop.example.com', 995);
    expect(mech.initialResponse().toString()).toBe(
      'n,a=a=2Cb@example.com,\x01host=pop.example.com\x01port=995\x01auth=Bearer tok\x01\x01',
    );
    expect([...mech.respond(Buffer.from('{}'))]).toEqual([1]);
  });

  it('escapes saslname characters', () => {
    expect(saslName('x=y,z')).toBe('x=3Dy=2Cz');
  });
});
