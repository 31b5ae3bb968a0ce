import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlowed, toFlowed } from './format-flowed';

describe('format=flowed', () => {
  it('wraps a long paragraph into lines of at most 78 octets ending in a space where soft', () => {
    const paragraph = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = toFlowed(paragraph).split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(lines.slice(0, -1).every((l) => l.endsWith(' '))).toBe(true);
    expect(lines.at(-1)?.endsWith(' ')).toBe(false);
    expect(fromFlowed(toFlowed(paragraph))).toBe(paragraph);
  });

  it('keeps hard breaks hard (trailing spaces go) and the signature separator as it is', () => {
    expect(toFlowed('Hi Bob,  \nsee below.\n-- \nAnn')).toBe('Hi Bob,\r\nsee below.\r\n-- \r\nAnn');
  });

  it('space-stuffs lines that begin with a space or "From ", and reads them back', () => {
    expect(toFlowed('From here on\n indented')).toBe(' From here on\r\n  indented');
    expect(fromFlowed(' From here on\r\n  indented')).toBe('From here on\n indented');
  });

  it('wraps quoted lines with their quote markers on every piece', () => {
    const quoted = `> ${'lorem ipsum '.repeat(12).trim()}`;
    const lines = toFlowed(quoted).split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.startsWith('> '))).toBe(true);
    expect(fromFlowed(toFlowed(quoted))).toBe(quoted);
  });

  it('round-trips any text of words, quotes and blank lines', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9.,!?'-]{1,30}$/);
    const line = fc
      .tuple(
        fc.constantFrom('', '> ', '>> '),
        fc.array(word, { maxLength: 30 }).map((w) => w.join(' ')),
      )
      .map(([q, t]) => (q && t ? q + t : t));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const flowed = toFlowed(text);
        for (const l of flowed.split('\r\n')) {
          // A single word over the width may stay long; everything else fits.
          if (!/^\S+$/.test(l.replace(/^>+ /, ''))) expect(l.length).toBeLessThanOrEqual(78);
        }
        expect(fromFlowed(flowed)).toBe(text);
      }),
    );
  });
});
