import { describe, expect, it } from 'vitest';
import { LoginMechanism } from './login';
import { Pop3Error } from '../errors';

describe('LOGIN', () => {
  it('answers the user prompt, then the password prompt, then nothing more', () => {
    const mech = new LoginMechanism('tim', 'pw');
    expect(mech.initialResponse()).toBeNull();
    expect(mech.respond().toString()).toBe('tim');
    expect(mech.respond().toString()).toBe('pw');
    expect(() => mech.respond()).toThrow(Pop3Error);
  });
});
