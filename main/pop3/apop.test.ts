import { describe, expect, it } from 'vitest';
import { apopDigest, apopTimestamp } from './apop';

describe('APOP', () => {
  it('computes the digest of RFC 1939 section 7', () => {
    expect(apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'tanstaaf')).toBe(
      'c4c9334bac560ecc979e58001b3e22fb',
    );
  });

  it('finds the timestamp in a greeting and only a msg-id shaped one', () => {
    expect(apopTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe(
      '<1896.697170952@dbc.mtview.ca.us>',
    );
    expect(apopTimestamp('Dovecot ready.')).toBeUndefined();
    expect(apopTimestamp('ready <not a stamp>')).toBeUndefined();
  });
});
