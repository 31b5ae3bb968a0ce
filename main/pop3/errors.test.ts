import { describe, expect, it } from 'vitest';
import { errFromReply, kindForErr, parseResponseText, Pop3Error } from './errors';

describe('parseResponseText', () => {
  it('splits a response code from the text', () => {
    expect(parseResponseText('[SYS/TEMP] try again later')).toEqual({
      code: 'SYS/TEMP',
      text: 'try again later',
    });
    expect(parseResponseText('[in-use] locked')).toEqual({ code: 'IN-USE', text: 'locked' });
  });

  it('leaves text without a code alone', () => {
    expect(parseResponseText('no such message')).toEqual({ text: 'no such message' });
    expect(parseResponseText('[not closed')).toEqual({ text: '[not closed' });
    expect(parseResponseText('[] empty')).toEqual({ text: '[] empty' });
  });
});

describe('kindForErr', () => {
  it('maps every RFC 2449 / 3206 code to its kind', () => {
    expect(kindForErr('LOGIN-DELAY', true)).toBe('login-delay');
    expect(kindForErr('IN-USE', true)).toBe('in-use');
    expect(kindForErr('SYS/TEMP', false)).toBe('sys-temp');
    expect(kindForErr('SYS/PERM', false)).toBe('sys-perm');
    expect(kindForErr('AUTH', true)).toBe('auth');
  });

  it('keeps hierarchical codes under their parent', () => {
    expect(kindForErr('SYS/TEMP/QUOTA', false)).toBe('sys-temp');
    expect(kindForErr('AUTH/EXPIRED', true)).toBe('auth');
  });

  it('treats unknown codes as a server error, even during login', () => {
    expect(kindForErr('UTF8', true)).toBe('server');
    expect(kindForErr('X-VENDOR', false)).toBe('server');
  });

  it('treats a bare -ERR to a login command as bad credentials', () => {
    expect(kindForErr(undefined, true)).toBe('auth');
    expect(kindForErr(undefined, false)).toBe('server');
  });

  it('does not blame the credentials for a bare -ERR when the server promised AUTH-RESP-CODE', () => {
    expect(kindForErr(undefined, true, true)).toBe('server');
    expect(kindForErr('AUTH', true, true)).toBe('auth');
  });
});

describe('Pop3Error', () => {
  it('says which failures are worth retrying later without user action', () => {
    const retry = [
      'login-delay',
      'in-use',
      'sys-temp',
      'timeout',
      'connection',
      'connection-refused',
    ];
    for (const kind of retry) {
      expect(new Pop3Error(kind as Pop3Error['kind'], 'x').retryLater).toBe(true);
    }
    for (const kind of ['auth', 'sys-perm', 'server', 'tls', 'certificate-untrusted', 'protocol']) {
      expect(new Pop3Error(kind as Pop3Error['kind'], 'x').retryLater).toBe(false);
    }
  });

  it('keeps code, server text and the redacted command of an -ERR reply', () => {
    const err = errFromReply('[SYS/PERM] mailbox disabled', 'DELE 3', false);
    expect(err).toBeInstanceOf(Pop3Error);
    expect(err.kind).toBe('sys-perm');
    expect(err.code).toBe('SYS/PERM');
    expect(err.serverText).toBe('mailbox disabled');
    expect(err.command).toBe('DELE 3');
  });
});
