import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAllowedLogin } from './login-pacing';

const T = 1_700_000_000_000;

describe('nextAllowedLogin', () => {
  it('is the last login plus LOGIN-DELAY, or a refusal deferral, whichever is later', () => {
    const at = (
      lastLoginAt: number | null,
      loginDelaySeconds: number | null,
      loginDeferredUntil: number | null,
    ) => nextAllowedLogin({ lastLoginAt, loginDelaySeconds, loginDeferredUntil });
    expect(at(null, null, null)).toBeNull();
    expect(at(T, null, null)).toBeNull();
    expect(at(T, 0, null)).toBeNull();
    expect(at(T, 300, null)).toBe(T + 300_000);
    expect(at(null, 300, T + 5)).toBe(T + 5);
    expect(at(T, 300, T + 5)).toBe(T + 300_000);
    expect(at(T, 300, T + 400_000)).toBe(T + 400_000);
  });

  it('never allows a login before either limit', () => {
    const time = fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: null });
    fc.assert(
      fc.property(
        time,
        fc.option(fc.integer({ min: 0, max: 86_400 }), { nil: null }),
        time,
        (last, delay, deferred) => {
          const next = nextAllowedLogin({
            lastLoginAt: last,
            loginDelaySeconds: delay,
            loginDeferredUntil: deferred,
          });
          if (last !== null && delay) expect(next).toBeGreaterThanOrEqual(last + delay * 1000);
          if (deferred !== null) expect(next).toBeGreaterThanOrEqual(deferred);
        },
      ),
    );
  });
});
