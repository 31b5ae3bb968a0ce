import { describe, expect, it } from 'vitest';
import { saslName } from './mechanism';

describe('saslName', () => {
  it('escapes "=" and "," so a user name cannot add SCRAM or GS2 attributes', () => {
    expect(saslName('x=y,z')).toBe('x=3Dy=2Cz');
    expect(saslName('plain@example.com')).toBe('plain@example.com');
  });
});
