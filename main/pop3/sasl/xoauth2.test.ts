import { describe, expect, it } from 'vitest';
import { Xoauth2Mechanism } from './xoauth2';

describe('XOAUTH2', () => {
  it('packs user and bearer token and acknowledges an error challenge with an empty line', () => {
    const mech = new Xoauth2Mechanism('me@example.com', 'ya29.token');
    expect(mech.initialResponse().toString()).toBe(
      'user=me@example.com\x01auth=Bearer ya29.token\x01\x01',
    );
    expect(mech.respond(Buffer.from('{"status":"401"}')).length).toBe(0);
    expect(mech.serverError).toBe('{"status":"401"}');
  });
});
