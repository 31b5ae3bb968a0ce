import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDetailOfPieces, writeAttachmentOfPieces } from './large-detail';
import { corpusFiles, readCorpus } from './corpus-fixtures';
import { ELIDE_OCTETS, skeletonOf } from './large-parts';
import { getAttachment, parseDetail } from './parse-detail';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The message cut into pieces of `size` octets (odd sizes cut lines and CRLFs anywhere). */
const piecesOf = (raw: Buffer, size: number) => () => {
  const out: Buffer[] = [];
  for (let at = 0; at < raw.length; at += size) out.push(raw.subarray(at, at + size));
  return out;
};

function b64Lines(bytes: Buffer, eol = '\r\n', width = 76): string {
  return bytes.toString('base64').replace(new RegExp(`.{${width}}`, 'g'), `$&${eol}`);
}

const big = randomBytes(ELIDE_OCTETS * 2 + 12345);
const binaryish = Buffer.from(
  Array.from({ length: 40_000 }, (_, i) => `line ${i} \u00e9t\u00e9 ${'z'.repeat(i % 60)}`).join(
    '\r\n',
  ),
  'latin1',
);

/** attachment: the decoded bytes, or null where only the whole-message parse says what they are. */
const messages: Record<string, { raw: Buffer; attachment: Buffer | null; index: number }> = {
  'multipart/mixed with a base64 attachment': {
    raw: Buffer.from(
      'From: a@example.test\r\nTo: b@example.test\r\nSubject: big one\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="b0"\r\n\r\npreamble\r\n--b0\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n\r\nSee the attachment.\r\n--b0\r\n' +
        'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\n' +
        `Content-Transfer-Encoding: base64\r\n\r\n${b64Lines(big)}\r\n--b0--\r\nepilogue\r\n`,
    ),
    attachment: big,
    index: 0,
  },
  'nested alternative, LF line ends, base64 without a final line break': {
    raw: Buffer.from(
      'From: a@example.test\nSubject: nested\nContent-Type: multipart/mixed; boundary=outer\n\n' +
        '--outer\nContent-Type: multipart/alternative; boundary="inner"\n\n--inner\n' +
        'Content-Type: text/plain\n\nplain words\n--inner\nContent-Type: text/html\n\n<p>html words</p>\n--inner--\n' +
        '--outer\nContent-Type: image/png; name="small.png"\nContent-Transfer-Encoding: base64\n\n' +
        `${Buffer.from('not really a png').toString('base64')}\n` +
        '--outer\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=doc.pdf\n' +
        `Content-Transfer-Encoding: base64\n\n${b64Lines(big, '\n', 64)}\n--outer--\n`,
    ),
    attachment: big,
    index: 1,
  },
  'an 8bit attachment with CRLF lines': {
    raw: Buffer.concat([
      Buffer.from(
        'From: a@example.test\r\nSubject: eightbit\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n' +
          '--x\r\nContent-Type: text/plain\r\n\r\nbody\r\n--x\r\nContent-Type: application/x-log\r\n' +
          'Content-Disposition: attachment; filename=log.txt\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      binaryish,
      Buffer.from('\r\n--x--\r\n'),
    ]),
    // The parser turns its CRLFs into LFs: the same must come out either way.
    attachment: null,
    index: 0,
  },
};

describe('large messages read a piece at a time', () => {
  for (const [name, { raw, attachment: known, index }] of Object.entries(messages)) {
    it(`${name}: the same detail as parsing it whole, with the attachment's real size`, async () => {
      const attachment = known ?? (await getAttachment(raw, index)).content;
      const whole = await parseDetail(raw);
      const pieced = await parseDetailOfPieces(piecesOf(raw, 65_537));
      expect(pieced).toEqual(whole);
      expect(pieced.attachments[index]?.size).toBe(attachment.length);
    });

    it(`${name}: the attachment saved from pieces is byte-exact, whatever the piece size`, async () => {
      const attachment = known ?? (await getAttachment(raw, index)).content;
      for (const size of [1000, 65_537, raw.length]) {
        const written: Buffer[] = [];
        const info = await writeAttachmentOfPieces(piecesOf(raw, size), index, (b) => {
          written.push(Buffer.from(b));
        });
        const saved = Buffer.concat(written);
        expect(saved.length).toBe(attachment.length);
        expect(sha(saved)).toBe(sha(attachment));
        expect(sha(saved)).toBe(sha((await getAttachment(raw, index)).content));
        expect(info.size).toBe(attachment.length);
      }
    });
  }

  it('leaves the large part out of the skeleton: what is parsed stays small', () => {
    const { raw } = messages['multipart/mixed with a base64 attachment']!;
    const skeleton = skeletonOf(piecesOf(raw, 65_537)());
    expect(skeleton.parts).toHaveLength(1);
    expect(skeleton.bytes.length).toBeLessThan(2048);
  });

  it('keeps an 8bit part in the skeleton (the parser rewrites its line breaks)', () => {
    const { raw } = messages['an 8bit attachment with CRLF lines']!;
    expect(skeletonOf(piecesOf(raw, 65_537)()).parts).toEqual([]);
  });

  it('gives back every corpus message unchanged when no part is large enough to leave out', () => {
    const changed = corpusFiles().filter((path) => {
      const raw = readCorpus(path);
      const skeleton = skeletonOf(piecesOf(raw, 4093)());
      return skeleton.parts.length === 0 && !skeleton.bytes.equals(raw);
    });
    expect(changed).toEqual([]);
  });

  it('says which attachment does not exist', async () => {
    const { raw } = messages['an 8bit attachment with CRLF lines']!;
    await expect(writeAttachmentOfPieces(piecesOf(raw, 4096), 3, () => undefined)).rejects.toThrow(
      /attachment 3 does not exist/,
    );
  });
});
