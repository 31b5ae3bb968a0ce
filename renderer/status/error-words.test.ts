import { describe, expect, it } from 'vitest';
import { describeError } from './error-words';

const ctx = { account: 'alice@example.test', locale: 'en-GB' };

describe('errors in plain words', () => {
  it('asks for the password only on a credentials error', () => {
    const words = describeError({ kind: 'credentials', message: '-ERR [AUTH] nope' }, ctx);
    expect(words.text).toBe('Password rejected for alice@example.test — update it.');
    expect(words.action).toEqual({ kind: 'update-password' });
    const busy = describeError(
      { kind: 'retry-later', reason: 'in-use', message: '[IN-USE]', at: Date.now() },
      ctx,
    );
    expect(busy.action).toBeNull();
    expect(busy.text).toMatch(/in use by another session/);
  });

  it('says how often the server allows a login and when the next check is', () => {
    const at = new Date(2026, 10, 26, 10, 42).getTime();
    const words = describeError(
      { kind: 'retry-later', reason: 'login-delay', message: '', at },
      { ...ctx, loginDelaySeconds: 300 },
    );
    expect(words.text).toBe(
      'The server for alice@example.test allows one login every 5 minutes; next check at 10:42.',
    );
  });

  it('offers to trust an untrusted certificate by its fingerprint', () => {
    const fingerprint256 = 'AB:'.repeat(31) + 'CD';
    const words = describeError(
      { kind: 'certificate-untrusted', message: 'self-signed', fingerprint256, subject: 'CN=x' },
      ctx,
    );
    expect(words.text).toMatch(/^Certificate not trusted/);
    expect(words.action).toEqual({ kind: 'trust-certificate', fingerprint256, subject: 'CN=x' });
  });

  it('names a certificate that replaced the trusted one as a change, with both fingerprints', () => {
    const before = 'AB:'.repeat(31) + 'CD';
    const now = 'EF:'.repeat(31) + '01';
    const error = {
      kind: 'certificate-untrusted',
      message: 'not the pinned one',
      fingerprint256: now,
      subject: 'CN=x',
    } as const;
    const changed = describeError(error, { ...ctx, trustedFingerprint256: before });
    expect(changed.text).toBe(
      'The certificate for alice@example.test changed since you trusted it — compare the fingerprints.',
    );
    expect(changed.action).toEqual({
      kind: 'trust-certificate',
      fingerprint256: now,
      subject: 'CN=x',
      previousFingerprint256: before,
    });
    // The same fingerprint written without colons is no change.
    const same = describeError(error, {
      ...ctx,
      trustedFingerprint256: now.replace(/:/g, '').toLowerCase(),
    });
    expect(same.text).toMatch(/^Certificate not trusted/);
  });

  it('sends the user to the account settings when the server lacks STARTTLS', () => {
    const words = describeError(
      { kind: 'conflict', reason: 'stls-unavailable', message: 'no STLS' },
      ctx,
    );
    expect(words.action).toEqual({ kind: 'edit-account' });
    expect(words.text).toMatch(/STARTTLS/);
  });

  it('never shows a network failure of the bridge as a server problem', () => {
    const words = describeError({ kind: 'network', reason: 'bridge', message: 'closed' }, ctx);
    expect(words.text).toMatch(/connection to Popline/);
  });
});
