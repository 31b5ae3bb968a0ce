import { describe, expect, it } from 'vitest';
import { CramMd5Mechanism, cramMd5Response } from './cram-md5';
import { Pop3Error } from '../errors';

// RFC 2195 section 2, the worked example.
const CHALLENGE = '<1896.697170952@postoffice.reston.mci.net>';

describe('CRAM-MD5', () => {
  it("answers RFC 2195's example challenge exactly", () => {
    expect(cramMd5Response('tim', 'tanstaaftanstaaf', Buffer.from(CHALLENGE))).toBe(
      'tim b913a602c7eda7a495b4e6e7334d3890',
    );
    const mech = new CramMd5Mechanism('tim', 'tanstaaftanstaaf');
    expect(mech.initialResponse()).toBeNull();
    const response = mech.respond(Buffer.from(CHALLENGE));
    expect(response.toString('base64')).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
    expect(() => mech.complete()).not.toThrow();
  });

  it('refuses a second challenge and a success without any challenge', () => {
    const mech = new CramMd5Mechanism('tim', 'pw');
    expect(() => mech.complete()).toThrow(Pop3Error);
    mech.respond(Buffer.from('<1@x>'));
    expect(() => mech.respond(Buffer.from('<2@x>'))).toThrow(Pop3Error);
  });
});
