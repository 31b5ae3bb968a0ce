import { describe, expect, it } from 'vitest';
import { BODY_TEXT_CAP, SUMMARY_PARSE_LIMIT, parseMessage } from './parse-message';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseMessage', () => {
  it('decodes encoded-word headers, addresses and the date', async () => {
    const parsed = await parseMessage(
      crlf([
        'From: =?utf-8?q?Ren=C3=A9e?= <renee@example.org>',
        'To: a@example.org, Team: b@example.org, c@example.org;',
        'Cc: "D, E" <de@example.org>',
        'Subject: =?iso-8859-1?q?Caf=E9?= news',
        'Date: Tue, 03 Mar 2026 10:00:00 +0100',
        'Message-ID: <m1@example.org>',
        '',
        'Hello\tthere,\r\n\r\n  friend.',
      ]),
    );
    expect(parsed.from).toEqual({ name: 'Renée', address: 'renee@example.org' });
    expect(parsed.to.map((a) => a.address)).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);
    expect(parsed.cc).toEqual([{ name: 'D, E', address: 'de@example.org' }]);
    expect(parsed.subject).toBe('Café news');
    expect(parsed.date).toBe(Date.UTC(2026, 2, 3, 9, 0, 0));
    expect(parsed.messageId).toBe('<m1@example.org>');
    expect(parsed.snippet).toBe('Hello there, friend.');
    expect(parsed.parseError).toBeNull();
  });

  it('leaves date null when the Date header does not parse', async () => {
    const parsed = await parseMessage(crlf(['Subject: x', 'Date: sometime soon', '', 'body']));
    expect(parsed.date).toBeNull();
    expect(parsed.parseError).toBeNull();
  });

  it('takes the snippet from the HTML part, without tags, when there is no text part', async () => {
    const parsed = await parseMessage(
      crlf([
        'Subject: html only',
        'Content-Type: text/html; charset=utf-8',
        '',
        `<html><head><style>.a{}</style></head><body><p>Big&nbsp;<b>sale</b></p>${'<p>word </p>'.repeat(100)}</body></html>`,
      ]),
    );
    expect(parsed.snippet.startsWith('Big sale word word')).toBe(true);
    expect(parsed.snippet).not.toMatch(/[<>]/);
    expect(parsed.snippet.length).toBeLessThanOrEqual(201);
    expect(parsed.bodyText).toContain('sale');
  });

  it('reports attachments but not cid-referenced inline images', async () => {
    const withInlineOnly = crlf([
      'Subject: related',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html',
      '',
      '<img src="cid:logo@x">',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--r--',
      '',
    ]);
    const withFile = crlf([
      'Subject: file',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--m',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="a.pdf"',
      '',
      '%PDF-1.4',
      '--m--',
      '',
    ]);
    expect((await parseMessage(withInlineOnly)).hasAttachments).toBe(false);
    expect((await parseMessage(withFile)).hasAttachments).toBe(true);
  });

  it('caps the indexed body text', async () => {
    const parsed = await parseMessage(
      crlf(['Subject: long', '', 'lorem ipsum '.repeat(BODY_TEXT_CAP)]),
    );
    expect(parsed.bodyText.length).toBe(BODY_TEXT_CAP);
  });

  it('summarises a message larger than the parse limit from its beginning', async () => {
    const head = crlf([
      'Subject: huge',
      'Content-Type: multipart/mixed; boundary="h"',
      '',
      '--h',
      'Content-Type: text/plain',
      '',
      'the text comes first',
      '--h',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="big.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      '',
    ]);
    const line = `${'QUFB'.repeat(19)}\r\n`;
    const body = Buffer.from(line.repeat(Math.ceil((SUMMARY_PARSE_LIMIT * 1.5) / line.length)));
    const raw = Buffer.concat([head, body, Buffer.from('--h--\r\n')]);
    const parsed = await parseMessage(raw);
    expect(parsed.subject).toBe('huge');
    expect(parsed.snippet).toBe('the text comes first');
    expect(parsed.hasAttachments).toBe(true);
    expect(parsed.parseError).toBeNull();
  });

  it('still yields headers read line by line when the MIME parser rejects the message', async () => {
    let raw = 'Subject: =?utf-8?q?too_deep?=\r\nFrom: Deep <deep@example.org>\r\n';
    for (let level = 0; level < 100; level++) {
      raw += `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n`;
    }
    const parsed = await parseMessage(Buffer.from(raw));
    expect(parsed.parseError).toMatch(/nesting/i);
    expect(parsed.subject).toBe('too deep');
    expect(parsed.from).toEqual({ name: 'Deep', address: 'deep@example.org' });
  });

  it('returns a result with parseError for garbage and for empty input', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    for (const raw of [garbage, Buffer.alloc(0)]) {
      const parsed = await parseMessage(raw);
      expect(parsed.parseError).toBe('no valid header fields found');
      expect(parsed.subject).toBe('');
    }
  });

  it("indexes the words of the HTML part the reader shows, and the attachments' names", async () => {
    const parsed = await parseMessage(
      crlf([
        'Subject: Newsletter',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        '--outer',
        'Content-Type: multipart/alternative; boundary="alt"',
        '',
        '--alt',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Plain version only.',
        '--alt',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Rich version with <b>zeppelin</b> &eacute;dition.</p>',
        '--alt--',
        '--outer',
        'Content-Type: application/pdf; name="Quarterly-Report.pdf"',
        'Content-Disposition: attachment; filename="Quarterly-Report.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0=',
        '--outer--',
        '',
      ]),
    );
    expect(parsed.bodyText).toContain('zeppelin');
    expect(parsed.bodyText).toContain('édition');
    expect(parsed.bodyText).toContain('Quarterly-Report.pdf');
    // The snippet still reads from the plain part when there is one.
    expect(parsed.snippet).toBe('Plain version only.');
  });
});
