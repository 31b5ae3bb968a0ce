import { describe, expect, it } from 'vitest';
import { decodeHeaderBytes, firstHeader, scanHeaders } from './header-scan';

describe('scanHeaders', () => {
  it('unfolds continuation lines and stops at the first empty line', () => {
    const raw = Buffer.from(
      'Subject: one\r\n two\r\nFrom: a@example.org\r\n\r\nX-Not-A-Header: body\r\n',
    );
    const fields = scanHeaders(raw);
    expect(fields).toEqual([
      { name: 'Subject', value: 'one two' },
      { name: 'From', value: 'a@example.org' },
    ]);
    expect(firstHeader(fields, 'SUBJECT')).toBe('one two');
  });

  it('skips lines that are not fields instead of failing', () => {
    const raw = Buffer.from('From nobody Mon Jan 1\nbroken line\nSubject: kept\n\n');
    expect(scanHeaders(raw)).toEqual([{ name: 'Subject', value: 'kept' }]);
  });
});

describe('decodeHeaderBytes', () => {
  it('reads valid UTF-8 as UTF-8 and anything else as Latin-1', () => {
    expect(decodeHeaderBytes(Buffer.from('café', 'utf8'))).toBe('café');
    expect(decodeHeaderBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
  });
});
