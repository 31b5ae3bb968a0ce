import { describe, expect, it } from 'vitest';
import { withCharsetFallback } from './charset-fallback';
import { decodeWindows1252 } from './windows-1252';
import { parseMessage } from './parse-message';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('undeclared 8-bit text read as windows-1252', () => {
  it('shows a Latin-1 Subject, From and body as written, not as replacement characters', async () => {
    const raw = latin1(
      'From: Jo\xe3o Ara\xfajo <joao@example.br>\r\nSubject: Forma\xe7\xe3o \x80 2026\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        'Informa\xe7\xe3o b\xe1sica \x93entre aspas\x94\r\n',
    );
    const parsed = await parseMessage(raw);
    expect(parsed.subject).toBe('Formação € 2026');
    expect(parsed.from).toEqual({ name: 'João Araújo', address: 'joao@example.br' });
    expect(parsed.bodyText).toBe('Informação básica “entre aspas”');
  });

  it('decodes quoted-printable Latin-1 without a charset the same way', async () => {
    const raw = latin1(
      'Subject: qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCora=E7=E3o\r\n',
    );
    expect((await parseMessage(raw)).bodyText).toBe('Coração');
  });

  it('leaves UTF-8, declared charsets and encoded words alone (same bytes, no copy)', async () => {
    const utf8 = Buffer.from('Subject: Formação\r\nContent-Type: text/plain\r\n\r\nCoração\r\n');
    expect(withCharsetFallback(utf8)).toBe(utf8);
    const declared = latin1(
      'Subject: =?iso-8859-1?q?Forma=E7=E3o?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCora\xe7\xe3o\r\n',
    );
    expect(withCharsetFallback(declared)).toBe(declared);
    const parsed = await parseMessage(declared);
    expect(parsed.subject).toBe('Formação');
    expect(parsed.bodyText).toBe('Coração');
  });

  it('fixes only the header lines that are not UTF-8 when both kinds are present', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: Zoë <zoe@example.org>\r\n'),
      latin1('Subject: Caf\xe9\r\n\r\nplain\r\n'),
    ]);
    const parsed = await parseMessage(raw);
    expect(parsed.from?.name).toBe('Zoë');
    expect(parsed.subject).toBe('Café');
  });

  it('keeps a multipart message as it is, its parts declare their own charsets', () => {
    const raw = latin1(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n\r\n\xc3\xa9\r\n--b--\r\n',
    );
    expect(withCharsetFallback(raw)).toBe(raw);
  });

  it('reads an undeclared Latin-1 part of a multipart as windows-1252 and leaves the other parts byte for byte', async () => {
    const html = '<p>D\xc3\xa9j\xc3\xa0 vu</p>';
    const attachment = 'Content-Type: application/octet-stream\r\n\r\n\xff\xfe\x80\x81';
    const raw = latin1(
      'Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n' +
        'preamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n' +
        '--inner\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        'Informa\xe7\xe3o \x93b\xe1sica\x94\r\n' +
        `--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--inner--\r\n` +
        `--outer\r\n${attachment}\r\n--outer--\r\nepilogue\r\n`,
    );
    const mended = Buffer.from(withCharsetFallback(raw));
    expect(mended.toString('latin1')).toContain(`${html}\r\n--inner--`);
    expect(mended.toString('latin1')).toContain(
      `--outer\r\n${attachment}\r\n--outer--\r\nepilogue`,
    );
    expect(mended.toString('latin1')).toContain('preamble\r\n--outer');
    const parsed = await parseMessage(raw);
    // The snippet comes from the plain part, the indexed text from the HTML one the reader shows.
    expect(parsed.snippet).toBe('Informação “básica”');
    expect(parsed.bodyText).toContain('Déjà vu');
  });
});

describe('windows-1252 as the Encoding Standard defines it', () => {
  it('maps 0x80-0x9F to the punctuation mail from Windows uses', () => {
    expect(decodeWindows1252(Uint8Array.of(0x80, 0x82, 0x85, 0x93, 0x94, 0x96, 0x99, 0x9f))).toBe(
      '€‚…“”–™Ÿ',
    );
    // Undefined positions stay what they were; Latin-1 above 0x9F is unchanged.
    expect(decodeWindows1252(Uint8Array.of(0x81, 0x8d, 0xe9, 0x41))).toBe('\u0081\u008déA');
  });

  it('shows a body that declares windows-1252 with its quotes and euro sign', async () => {
    const raw = latin1(
      'Subject: declared\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n' +
        '\x93Quoted\x94 \x80 5 \x96 ok\r\n',
    );
    expect((await parseMessage(raw)).bodyText).toBe('“Quoted” € 5 – ok');
  });

  it('mends TextDecoder for every label the standard maps to windows-1252', () => {
    for (const label of ['windows-1252', 'latin1', 'iso-8859-1', 'us-ascii', 'cp1252'])
      expect(new TextDecoder(label).decode(Uint8Array.of(0x93, 0x80, 0x94))).toBe('“€”');
    expect(new TextDecoder('utf-8').decode(Buffer.from('ação'))).toBe('ação');
  });
});
