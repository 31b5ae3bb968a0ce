import { describe, expect, it } from 'vitest';
import { formatRecipients, parseRecipients } from './addresses';

describe('address fields', () => {
  it('reads names, bare addresses, commas and semicolons, and quoted names with commas', () => {
    expect(
      parseRecipients('Bob <bob@example.org>; carol@example.org, "Doe, Jane" <jane@example.org>'),
    ).toEqual({
      recipients: [
        { name: 'Bob', address: 'bob@example.org' },
        { name: '', address: 'carol@example.org' },
        { name: 'Doe, Jane', address: 'jane@example.org' },
      ],
      invalid: [],
    });
  });

  it('names each entry that is not an address', () => {
    expect(parseRecipients('bob@example.org, bob at example, <x@y>, ').invalid).toEqual([
      'bob at example',
      '<x@y>',
    ]);
  });

  it('writes back what it reads', () => {
    const text = 'Bob <bob@example.org>, carol@example.org, "Doe, Jane" <jane@example.org>';
    expect(formatRecipients(parseRecipients(text).recipients)).toBe(text);
  });
});
