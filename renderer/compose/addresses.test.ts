import { describe, expect, it } from 'vitest';
import { formatRecipients, parseRecipients, typedEntry, withCompletion } from './addresses';

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

  it('completes the entry being typed, after the last separator outside quotes', () => {
    expect(typedEntry('bob@example.org, Mar')).toBe('Mar');
    expect(typedEntry('"Doe, Ja')).toBe('"Doe, Ja');
    expect(typedEntry('bob@example.org, ')).toBe('');
    const marie = { name: 'Marie Curie', address: 'marie@radium.example' };
    expect(withCompletion('bob@example.org, Mar', marie)).toBe(
      'bob@example.org, Marie Curie <marie@radium.example>, ',
    );
    expect(withCompletion('cur', marie)).toBe('Marie Curie <marie@radium.example>, ');
    expect(
      withCompletion('a@b.example; "Doe, J', { name: 'Doe, Jane', address: 'j@d.example' }),
    ).toBe('a@b.example; "Doe, Jane" <j@d.example>, ');
    expect(parseRecipients(withCompletion('x@y.example, cur', marie)).invalid).toEqual([]);
  });
});
