import { describe, expect, it } from 'vitest';
import { PlainMechanism } from './plain';
import { Pop3Error } from '../errors';

describe('PLAIN', () => {
  it('sends an empty authzid, the user and the password (RFC 4616)', () => {
    const mech = new PlainMechanism('tim', 'tanstaaf');
    expect(mech.initialResponse().toString('base64')).toBe(
      Buffer.from('\0tim\0tanstaaf').toString('base64'),
    );
  });

  it('refuses any challenge after the credentials', () => {
    expect(() => new PlainMechanism('tim', 'x').respond()).toThrow(Pop3Error);
  });
});
