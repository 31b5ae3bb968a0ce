import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_BYTES, safeFileName } from './safe-file-name';

const bytes = (text: string): number => new TextEncoder().encode(text).length;
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}/\\:*?"<>|]/u;
const RESERVED = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])[\s]*(?:\..*)?$/iu;
const stemOf = (name: string): string => name.split('.')[0] ?? '';

// Names built from the pieces that matter: device names, bidi and other invisible characters,
// dots, spaces, separators, multi-byte and multi-code-point graphemes, and plain text.
const piece = fc.constantFrom(
  'CON',
  'con',
  'PrN',
  'AUX',
  'nul',
  'COM1',
  'com0',
  'LPT9',
  'COM¹',
  'lpt²',
  'CONIN$',
  'conout$',
  '.',
  '..',
  ' ',
  '\t',
  '/',
  '\\',
  ':',
  '*',
  '?',
  '"',
  '<',
  '>',
  '|',
  '\0',
  '\x1b',
  '\x85',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\ud800',
  'é',
  'e\u0301',
  '🇫🇷',
  '👩🏽',
  '字',
  'a',
  'report',
  'exe',
  'jpg',
  'tar',
  'gz',
);
const hostileName = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
  fc
    .tuple(fc.array(piece, { maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 400 }))
    .map(([parts, tail]) => parts.join('') + tail),
  fc.string({ unit: 'grapheme', maxLength: 300, size: 'max' }),
);

describe('safe attachment file names', () => {
  it('never gives an empty, over-long, reserved, dotted-at-the-ends or invisible-character name', () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const safe = safeFileName(name);
        expect(safe.length).toBeGreaterThan(0);
        expect(bytes(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
        expect(safe).not.toMatch(UNSAFE_CHARACTER);
        expect(safe).not.toMatch(/^[\s.]|[\s.]$/u);
        expect(RESERVED.test(safe) || RESERVED.test(stemOf(safe))).toBe(false);
        expect(safeFileName(safe)).toBe(safe);
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts a long name at a grapheme boundary within 255 bytes and keeps its extension', () => {
    const grapheme = fc.constantFrom('🇫🇷', '👩🏽', 'é', '字', 'a', 'ñ');
    fc.assert(
      fc.property(
        fc.array(grapheme, { minLength: 1, maxLength: 400, size: 'max' }),
        fc.constantFrom('.png', '.tar.gz', '.pdf', '.jpeg'),
        (graphemes, extension) => {
          const name = graphemes.join('') + extension;
          const safe = safeFileName(name);
          expect(bytes(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
          expect(safe.endsWith(extension.slice(extension.lastIndexOf('.')))).toBe(true);
          // Before the kept extension: whole graphemes from the start of the original name.
          const last = extension.slice(extension.lastIndexOf('.'));
          const kept = safe.slice(0, safe.length - last.length);
          const units = [...graphemes, ...extension.slice(0, -last.length)];
          const prefixes = units.map((_, i) => units.slice(0, i + 1).join(''));
          expect(prefixes).toContain(kept);
          if (bytes(name) <= MAX_FILE_NAME_BYTES) expect(safe).toBe(name);
        },
      ),
    );
  });

  it('drops bidi overrides so a name cannot pose as another type', () => {
    expect(safeFileName('evil\u202Egpj.exe')).toBe('evilgpj.exe');
    expect(safeFileName('photo\u2067gpj.\u2069exe')).toBe('photogpj.exe');
    expect(safeFileName('in\u200bvoice\ufeff.pdf')).toBe('invoice.pdf');
  });

  it('treats every Windows device name as reserved, with any extension and in any case', () => {
    for (const name of [
      'CON',
      'con.txt',
      'Nul.tar.gz',
      'aux .txt',
      'prn...',
      'COM0.jpg',
      'lpt9',
      'COM¹.txt',
      'lpt³',
      'CONIN$',
      'conout$.log',
      'CON \u202e.txt',
    ])
      expect(safeFileName(name), name).toMatch(/^_/);
    for (const name of ['CONSOLE.txt', 'com10.txt', 'nullable.js', 'auxiliary'])
      expect(safeFileName(name), name).toBe(name);
  });

  it('keeps separators and dots at the ends from leaving the folder, and falls back when nothing is left', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('C:\\Windows\\x.dll')).toBe('C__Windows_x.dll');
    expect(safeFileName(' .. ')).toBe('attachment');
    expect(safeFileName('\u202e\u0000', 'attachment-2')).toBe('attachment-2');
    expect(safeFileName(null)).toBe('attachment');
  });
});
