import { describe, expect, it } from 'vitest';
import { MimeError } from './mime-error';
import { getAttachment, parseDetail } from './parse-detail';

const message = Buffer.from(
  [
    'From: Ann <ann@example.org>',
    'To: Bob <bob@example.org>',
    'Reply-To: list@example.org',
    'Subject: =?utf-8?b?w7xiZXI=?=',
    'Date: Mon, 2 Feb 2026 08:00:00 +0000',
    'Content-Type: multipart/mixed; boundary="x"',
    '',
    '--x',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p onclick="evil()">hi</p>',
    '--x',
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    'c29tZSBub3Rlcw==',
    '--x--',
    '',
  ].join('\r\n'),
);

describe('parseDetail', () => {
  it('returns headers as sent, decoded fields, bodies and the attachment list', async () => {
    const detail = await parseDetail(message);
    expect(detail.headers[3]).toEqual({ name: 'Subject', value: '=?utf-8?b?w7xiZXI=?=' });
    expect(detail.subject).toBe('über');
    expect(detail.replyTo).toEqual([{ name: '', address: 'list@example.org' }]);
    expect(detail.date).toBe(Date.UTC(2026, 1, 2, 8));
    // The HTML is handed over unsanitised: sanitising is the renderer's job.
    expect(detail.html).toContain('onclick="evil()"');
    expect(detail.attachments).toEqual([
      {
        index: 0,
        filename: 'notes.txt',
        mimeType: 'text/plain',
        size: 10,
        contentId: null,
        inline: false,
      },
    ]);
    expect(detail.parseError).toBeNull();
  });

  it('still shows headers and body text of a message the parser rejects', async () => {
    let nested = 'Subject: deep\r\nFrom: d@example.org\r\n';
    for (let level = 0; level < 100; level++) {
      nested += `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n`;
    }
    const detail = await parseDetail(Buffer.from(nested));
    expect(detail.parseError).toMatch(/nesting/i);
    expect(detail.subject).toBe('deep');
    expect(detail.text).toContain('--b0');
    expect(detail.attachments).toEqual([]);
  });
});

describe('getAttachment', () => {
  it('returns the decoded bytes of the listed attachment', async () => {
    const attachment = await getAttachment(message, 0);
    expect(attachment).toMatchObject({ filename: 'notes.txt', mimeType: 'text/plain' });
    expect(Buffer.from(attachment.content).toString()).toBe('some notes');
  });

  it('refuses an index that is not in the list with a typed error', async () => {
    await expect(getAttachment(message, 1)).rejects.toBeInstanceOf(MimeError);
    await expect(getAttachment(message, -1)).rejects.toMatchObject({ kind: 'no-such-attachment' });
  });
});
