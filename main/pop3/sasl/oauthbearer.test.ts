import { describe, expect, it } from 'vitest';
import { OauthBearerMechanism } from './oauthbearer';

describe('OAUTHBEARER', () => {
  it('sends the GS2 header, host, port and token, and answers an error with 0x01 (RFC 7628)', () => {
    const mech = new OauthBearerMechanism('a,b@example.com', 'tok', 'pop.example.com', 995);
    expect(mech.initialResponse().toString()).toBe(
      'n,a=a=2Cb@example.com,\x01host=pop.example.com\x01port=995\x01auth=Bearer tok\x01\x01',
    );
    expect([...mech.respond(Buffer.from('{}'))]).toEqual([1]);
    expect(mech.serverError).toBe('{}');
  });
});
