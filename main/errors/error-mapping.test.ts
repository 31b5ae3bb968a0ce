import { describe, expect, it } from 'vitest';
import { MimeError } from '../mime';
import { Pop3Error, type Pop3ErrorKind } from '../pop3';
import { SecretError } from '../secrets';
import { StoreError } from '../store';
import { AppFailure } from './app-failure';
import { toAppError } from './error-mapping';
import { DEFAULT_RETRY_MS } from './error-table';

const now = 1_000_000;

describe('error mapping', () => {
  it.each<[Pop3ErrorKind, string]>([
    ['auth', 'credentials'],
    ['login-delay', 'retry-later'],
    ['in-use', 'retry-later'],
    ['sys-temp', 'retry-later'],
    ['certificate-untrusted', 'certificate-untrusted'],
    ['connection-refused', 'network'],
    ['connection', 'network'],
    ['timeout', 'network'],
    ['tls', 'network'],
    ['protocol', 'network'],
    ['stls-unavailable', 'conflict'],
    ['auth-unavailable', 'conflict'],
    ['sys-perm', 'conflict'],
    ['server', 'internal'],
  ])('maps the POP3 failure %s to %s, keeping the POP3 kind as the reason', (kind, expected) => {
    const error = toAppError(new Pop3Error(kind, `failed: ${kind}`), { now });
    expect(error).toMatchObject({ kind: expected, reason: kind, message: `failed: ${kind}` });
  });

  it('never calls a busy mailbox or a login too soon a password problem, and says when to retry', () => {
    expect(toAppError(new Pop3Error('in-use', 'locked'), { now })).toEqual({
      kind: 'retry-later',
      message: 'locked',
      reason: 'in-use',
      at: now + DEFAULT_RETRY_MS['in-use'],
    });
    expect(
      toAppError(new Pop3Error('login-delay', 'too soon'), { now, retryAt: now + 3_600_000 }),
    ).toMatchObject({ kind: 'retry-later', at: now + 3_600_000 });
  });

  it('carries the certificate of an untrusted server', () => {
    const error = new Pop3Error('certificate-untrusted', 'untrusted', {
      certificate: { subject: 'CN=x', fingerprint256: 'AA:BB' },
    });
    expect(toAppError(error, { now })).toMatchObject({ subject: 'CN=x', fingerprint256: 'AA:BB' });
  });

  it('maps store, secret and MIME failures', () => {
    expect(toAppError(new StoreError('not-found', 'gone'), { now }).kind).toBe('not-found');
    expect(toAppError(new StoreError('duplicate-account', 'dup'), { now }).kind).toBe('conflict');
    expect(toAppError(new StoreError('newer-schema', 'newer'), { now }).kind).toBe('internal');
    expect(toAppError(new SecretError('unreadable', 'no'), { now }).kind).toBe('credentials');
    expect(toAppError(new MimeError('no-such-attachment', 'none'), { now }).kind).toBe('not-found');
  });

  it('passes an AppFailure through and calls anything else internal', () => {
    const failure = new AppFailure({ kind: 'conflict', message: 'x' });
    expect(toAppError(failure, { now })).toBe(failure.error);
    expect(toAppError(new TypeError('boom'), { now })).toEqual({
      kind: 'internal',
      message: 'boom',
    });
    expect(toAppError('weird', { now })).toEqual({ kind: 'internal', message: 'weird' });
  });
});
