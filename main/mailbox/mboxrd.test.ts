import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLine, mboxEntry, mboxEntryOf, readMbox, type MboxItem } from './mboxrd';
import { seededRandom } from '../testing/seeded-random';

async function* chunked(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Buffer, chunkSize = 7, maxMessageBytes = 1 << 20) {
  const items: MboxItem[] = [];
  for await (const item of readMbox(chunked(bytes, chunkSize), { maxMessageBytes })) {
    items.push(item);
  }
  return items;
}

const mbox = (messages: Buffer[]) =>
  Buffer.concat(messages.flatMap((raw) => mboxEntry(raw, 'bob@example.org', Date.UTC(2026, 0, 1))));

describe('mboxrd', () => {
  it('writes an asctime From_ line in UTC with a sender without spaces', () => {
    expect(fromLine('a b@example.org', Date.UTC(2026, 0, 1, 9, 5, 7))).toBe(
      'From ab@example.org Thu Jan  1 09:05:07 2026\n',
    );
    expect(fromLine('', 0)).toBe('From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n');
  });

  it('quotes every >*From line with one more > and reads it back byte for byte', async () => {
    const tricky = Buffer.from(
      'From: a@example.org\r\nSubject: From lines\r\n\r\nFrom here\r\n>From there\r\n' +
        '>>From everywhere\r\n\r\nFrom the start of a paragraph\r\nFrom\r\n',
    );
    const written = mbox([tricky]).toString('latin1');
    expect(written).toContain('\r\n>From here\r\n>>From there\r\n>>>From everywhere\r\n');
    expect(written).toContain('\r\n>From the start of a paragraph');
    expect(await readAll(mbox([tricky]))).toEqual([{ index: 1, raw: tricky }]);
  });

  it('round-trips random messages exactly, in any chunking', async () => {
    const seed = Date.now() % 100_000;
    const random = seededRandom(seed);
    const pieces = [
      'From ',
      '>From ',
      '>>From ',
      'From',
      'text',
      ' ',
      '\r\n',
      '\n',
      '\r\n\r\n',
      'é',
    ];
    const messages = Array.from({ length: 40 }, () => {
      let text = 'Subject: x\r\n\r\n';
      const n = Math.floor(random() * 40);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
      return Buffer.from(text.endsWith('\n') ? text : `${text}\r\n`);
    });
    for (const chunk of [1, 3, 64, 4096]) {
      const items = await readAll(mbox(messages), chunk);
      expect(
        items.map((item) => ('raw' in item ? item.raw.toString('latin1') : item.error)),
        `seed ${seed}, chunk ${chunk}`,
      ).toEqual(messages.map((m) => m.toString('latin1')));
    }
  });

  it('quotes From_ lines the same however the message is split into pieces (a regex as the oracle)', () => {
    const token = fc.constantFrom(
      'From ',
      '>From ',
      '>>',
      '>',
      'Fr',
      'om ',
      'From',
      'x',
      ' ',
      '\r\n',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (tokens, cuts) => {
          const raw = Buffer.from(tokens.join(''), 'latin1');
          const at = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((from, k) => raw.subarray(from, [...at, raw.length][k]));
          const text = raw.toString('latin1');
          const expected =
            fromLine('bob@example.org', 0) +
            text.replace(/(^|\n)(>*From )/g, '$1>$2') +
            (text === '' || text.endsWith('\n') ? '' : '\n') +
            '\n';
          const written = Buffer.concat([...mboxEntryOf(pieces, 'bob@example.org', 0)]);
          expect(written.toString('latin1')).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('spills a large entry as it reads, a line too long to hold included, byte for byte', async () => {
    const longLine = `>From ${'A'.repeat(3 * 1024 * 1024)}`;
    const big = Buffer.from(`Subject: big\n\nfirst\n${longLine}\n${'B'.repeat(2 * 1024 * 1024)}\n`);
    const small = Buffer.from('Subject: small\n\nhi\n');
    const appended: Buffer[] = [];
    const spill = {
      octets: 1024 * 1024,
      start: () => ({
        append: (bytes: Uint8Array) => void appended.push(Buffer.from(bytes)),
        finish: () => Buffer.concat(appended.splice(0)),
        discard: () => void appended.splice(0),
      }),
    };
    const items = [];
    for await (const item of readMbox(chunked(mbox([big, small, big]), 64 * 1024), {
      maxMessageBytes: 1 << 30,
      spill,
    }))
      items.push(item);
    const entries = items.map((item) => ('spilled' in item ? item.spilled : item));
    expect(entries.map((e) => (Buffer.isBuffer(e) ? e.equals(big) : e))).toEqual([
      true,
      { index: 2, raw: small },
      true,
    ]);
    // What was held at once: a line of up to 1 MiB and one 64 KiB piece read, not the 5 MiB entry.
    let most = 0;
    const reading = readMbox(chunked(mbox([big]), 64 * 1024), {
      maxMessageBytes: 1 << 30,
      spill: {
        ...spill,
        start: () => ({
          ...spill.start(),
          append: (b) => void (most = Math.max(most, b.byteLength)),
        }),
      },
    });
    for await (const item of reading) expect(item.index).toBe(1);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
  });

  it('reads a Thunderbird-style file: CRLF blank line between messages, no trailing blank', async () => {
    const file = Buffer.from(
      'From - Mon Jan  5 10:00:00 2026\r\nSubject: one\r\n\r\nbody one\r\n\r\n' +
        'From - Mon Jan  5 10:00:01 2026\r\nSubject: two\r\n\r\nbody two\r\n',
    );
    expect(await readAll(file)).toEqual([
      { index: 1, raw: Buffer.from('Subject: one\r\n\r\nbody one\r\n') },
      { index: 2, raw: Buffer.from('Subject: two\r\n\r\nbody two\r\n') },
    ]);
  });

  it('reports an entry larger than the limit and goes on with the next', async () => {
    const big = Buffer.from(`Subject: big\n\n${'x'.repeat(5000)}\n`);
    const small = Buffer.from('Subject: small\n\nhi\n');
    const items = await readAll(mbox([small, big, small]), 512, 1000);
    expect(items).toEqual([
      { index: 1, raw: small },
      { index: 2, error: 'larger than 1000 bytes' },
      { index: 3, raw: small },
    ]);
  });

  it('refuses a file that does not begin with a From_ line', async () => {
    await expect(readAll(Buffer.from('Subject: not an mbox\n\n'))).rejects.toThrow(/not an mbox/);
  });
});
