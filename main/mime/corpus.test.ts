import { describe, expect, it } from 'vitest';
import { corpusFiles, readCorpus } from './corpus-fixtures';
import { getAttachment, parseDetail } from './parse-detail';
import { parseMessage } from './parse-message';

// The corpus files that are not messages at all; any other file setting parseError is a regression.
const EXPECTED_PARSE_ERRORS = ['mime4j/testmsgs/malformedHeader-noheader.msg'];

describe('the shared corpus', () => {
  const files = corpusFiles();

  it('is there (it sits beside the checkout, also in CI)', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
  });

  it('parses every file to a summary and a detail without throwing', async () => {
    const withParseError: string[] = [];
    for (const file of files) {
      const raw = readCorpus(file);
      const parsed = await parseMessage(raw);
      const detail = await parseDetail(raw);
      expect(typeof parsed.subject).toBe('string');
      expect(Array.isArray(detail.attachments)).toBe(true);
      if (parsed.parseError !== null || detail.parseError !== null) withParseError.push(file);
    }
    console.info(`corpus: ${files.length} files, ${withParseError.length} with parseError`);
    expect(withParseError).toEqual(EXPECTED_PARSE_ERRORS);
  });

  it('decodes an ISO-2022-JP encoded-word subject and body', async () => {
    const parsed = await parseMessage(readCorpus('mimekit/messages/japanese.txt'));
    expect(parsed.subject).toBe('日本語メールテスト (testing Japanese emails)');
    expect(parsed.bodyText).toContain('日本語');
  });

  it('decodes RFC 2231 filenames, with a charset and split over continuations', async () => {
    const latin1 = await parseDetail(
      readCorpus('ruby-mail/attachment_emails/attachment_with_quoted_filename.eml'),
    );
    expect(latin1.attachments.map((a) => a.filename)).toEqual(['Eelanalüüsi päring.jpg']);
    const continued = await parseDetail(
      readCorpus('ruby-mail/multi_charset/japanese_attachment_long_name.eml'),
    );
    expect(continued.attachments.map((a) => a.filename)).toEqual([
      'かきくけこかきくけこかきくけこかきくけこかきくけこ.txt',
    ]);
  });

  it('lists the attachments of a message and returns the exact bytes of one', async () => {
    const raw = readCorpus('mailparser/nodemailer.eml');
    expect((await parseMessage(raw)).hasAttachments).toBe(true);
    const detail = await parseDetail(raw);
    const gif = detail.attachments.find((a) => a.filename === 'nyan cat ✔.gif');
    expect(gif).toMatchObject({ mimeType: 'image/gif', contentId: '<nyan@example.com>' });

    // Decode the part independently: its base64 lines run from the blank line to the boundary.
    const text = raw.toString('latin1');
    const partStart = text.indexOf("filename*0*=utf-8''nyan");
    const bodyStart = text.indexOf('\r\n\r\n', partStart) + 4;
    const bodyEnd = text.indexOf('\r\n--', bodyStart);
    const expected = Buffer.from(text.slice(bodyStart, bodyEnd).replace(/\s+/g, ''), 'base64');

    const attachment = await getAttachment(raw, gif?.index ?? -1);
    expect(attachment.filename).toBe('nyan cat ✔.gif');
    expect(Buffer.from(attachment.content).equals(expected)).toBe(true);
    expect(expected.subarray(0, 4).toString('latin1')).toBe('GIF8');
    expect(gif?.size).toBe(expected.length);
  });
});
