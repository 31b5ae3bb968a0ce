import { describe, expect, it } from 'vitest';
import { needsCapaAfterLogin, parseCapabilities } from './capabilities';

describe('parseCapabilities', () => {
  it('reads every RFC 2449 / 2595 / 3206 / 6856 capability and keeps the raw lines', () => {
    const raw = [
      'TOP',
      'USER',
      'UIDL',
      'PIPELINING',
      'RESP-CODES',
      'AUTH-RESP-CODE',
      'STLS',
      'UTF8 USER',
      'SASL PLAIN scram-sha-256',
      'LOGIN-DELAY 900',
      'EXPIRE 30',
      'IMPLEMENTATION Shlemazle Mail Server 2.1',
    ];
    const caps = parseCapabilities(raw);
    expect(caps).toEqual({
      raw,
      top: true,
      user: true,
      uidl: true,
      pipelining: true,
      respCodes: true,
      authRespCode: true,
      stls: true,
      utf8: true,
      sasl: ['PLAIN', 'SCRAM-SHA-256'],
      loginDelay: { seconds: 900, perUser: false },
      expire: { days: 30, perUser: false },
      expireDays: 30,
      implementation: 'Shlemazle Mail Server 2.1',
    });
  });

  it('treats an absent capability as not offered', () => {
    const caps = parseCapabilities(['USER']);
    expect(caps.pipelining).toBe(false);
    expect(caps.uidl).toBe(false);
    expect(caps.stls).toBe(false);
    expect(caps.sasl).toEqual([]);
    expect(caps.loginDelay).toBeUndefined();
    expect(caps.expire).toBeUndefined();
  });

  it('reads EXPIRE NEVER, EXPIRE 0 and the per-user markers', () => {
    expect(parseCapabilities(['EXPIRE NEVER']).expire).toEqual({ days: 'never', perUser: false });
    expect(parseCapabilities(['EXPIRE 0']).expire).toEqual({ days: 0, perUser: false });
    expect(parseCapabilities(['EXPIRE 60 USER']).expire).toEqual({ days: 60, perUser: true });
    expect(parseCapabilities(['LOGIN-DELAY 300 USER']).loginDelay).toEqual({
      seconds: 300,
      perUser: true,
    });
  });

  it('exposes EXPIRE 0 as expireDays 0, distinct from NEVER, a day count and no EXPIRE', () => {
    expect(parseCapabilities(['EXPIRE 0']).expireDays).toBe(0);
    expect(parseCapabilities(['EXPIRE 0 USER']).expireDays).toBe(0);
    expect(parseCapabilities(['EXPIRE 7']).expireDays).toBe(7);
    expect(parseCapabilities(['EXPIRE NEVER']).expireDays).toBe('never');
    expect(parseCapabilities(['TOP']).expireDays).toBeNull();
    expect(parseCapabilities(['EXPIRE soon']).expireDays).toBeNull();
  });

  it('ignores malformed values instead of guessing', () => {
    const caps = parseCapabilities(['LOGIN-DELAY soon', 'EXPIRE -1', 'EXPIRE']);
    expect(caps.loginDelay).toBeUndefined();
    expect(caps.expire).toBeUndefined();
  });

  it('is case-insensitive on capability names', () => {
    const caps = parseCapabilities(['pipelining', 'sasl cram-md5', 'stls']);
    expect(caps.pipelining).toBe(true);
    expect(caps.stls).toBe(true);
    expect(caps.sasl).toEqual(['CRAM-MD5']);
  });

  it('asks for CAPA after login only when a value carries USER', () => {
    expect(needsCapaAfterLogin(parseCapabilities(['LOGIN-DELAY 300 USER']))).toBe(true);
    expect(needsCapaAfterLogin(parseCapabilities(['EXPIRE 5 USER']))).toBe(true);
    expect(needsCapaAfterLogin(parseCapabilities(['LOGIN-DELAY 300', 'EXPIRE 5']))).toBe(false);
  });
});
