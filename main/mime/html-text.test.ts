import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseWhitespace, htmlToPlainText, truncateAtWord } from './html-text';

describe('htmlToPlainText', () => {
  it('keeps visible text and drops style, script and head content', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head>' +
      '<body><script>alert(1)</script><p>Hello <b>world</b></p><!-- hidden --></body></html>';
    expect(collapseWhitespace(htmlToPlainText(html))).toBe('Hello world');
  });

  it('decodes named and numeric entities, and survives out-of-range code points', () => {
    expect(htmlToPlainText('a &amp; b &lt;c&gt; &#233; &#x263A; &#x110000; &#xD800;')).toBe(
      'a & b <c> é ☺ \uFFFD \uFFFD',
    );
  });

  it('knows every HTML5 named reference, and the legacy ones without a semicolon', () => {
    expect(
      htmlToPlainText('Fran&ccedil;ais &hearts; &Ograve;&szlig; &rarr; &frac12;&nbsp;x &copy 2026'),
    ).toBe('Français ♥ Òß → ½\u00a0x © 2026');
  });
});

describe('truncateAtWord', () => {
  it('cuts at a word boundary and marks the cut', () => {
    const text = 'alpha beta gamma delta epsilon';
    expect(truncateAtWord(text, 18)).toBe('alpha beta gamma…');
    expect(truncateAtWord(text, 100)).toBe(text);
  });

  it('never leaves half a surrogate pair', () => {
    const text = `${'x'.repeat(9)}😀😀`;
    const cut = truncateAtWord(text, 10);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('collapseWhitespace', () => {
  it('turns every whitespace run into one space and trims, as /\\s+/ would, for any text', () => {
    // Lone spaces, runs, tabs, line ends, NBSP and other Unicode spaces, between words.
    const piece = fc.constantFrom(
      'a',
      'bc',
      ' ',
      '  ',
      '\t',
      '\r\n',
      '\n',
      '\u00a0',
      '\u2003',
      '\u3000',
      'é',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000, seed: 20261127 },
    );
  });
});
