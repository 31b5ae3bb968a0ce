import { describe, expect, it } from 'vitest';
import { LineReader, type ReaderMode } from './line-reader';
import { Pop3Error } from './errors';

type Event = ['status' | 'line', string] | ['body', string] | ['end'];

/** A reader whose sink follows a fixed plan of what each status line is followed by. */
function harness(
  plan: Array<'status' | 'lines' | 'body'>,
  maxStatusLine?: number,
  maxDataLine?: number,
) {
  const events: Event[] = [];
  const body: Buffer[] = [];
  let step = 0;
  const next = (): void => {
    const mode = plan[step++];
    if (mode !== undefined) reader.expect(mode);
  };
  const reader: LineReader = new LineReader(
    {
      statusLine: (line) => {
        events.push(['status', line]);
        next();
      },
      dataLine: (line) => events.push(['line', line]),
      bodyChunk: (chunk) => {
        body.push(chunk);
        events.push(['body', chunk.toString('latin1')]);
      },
      multilineEnd: () => {
        events.push(['end']);
        next();
      },
    },
    { maxStatusLine, maxDataLine },
  );
  next();
  return { reader, events, body: () => Buffer.concat(body).toString('latin1') };
}

function feedBytewise(reader: LineReader, text: string): void {
  for (const byte of Buffer.from(text, 'latin1')) reader.push(Buffer.from([byte]));
}

describe('LineReader', () => {
  it('joins a status line split across chunks, including between CR and LF', () => {
    const h = harness(['status', 'status']);
    h.reader.push(Buffer.from('+OK 2 3'));
    h.reader.push(Buffer.from('20\r'));
    h.reader.push(Buffer.from('\n-ERR no\r\n'));
    expect(h.events).toEqual([
      ['status', '+OK 2 320'],
      ['status', '-ERR no'],
    ]);
  });

  it('unstuffs multi-line data lines and stops at the lone dot', () => {
    const h = harness(['status', 'lines', 'status']);
    h.reader.push(Buffer.from('+OK\r\n1 a\r\n..2 b\r\n...\r\n.\r\n+OK next\r\n'));
    expect(h.events).toEqual([
      ['status', '+OK'],
      ['line', '1 a'],
      ['line', '.2 b'],
      ['line', '..'],
      ['end'],
      ['status', '+OK next'],
    ]);
  });

  it('streams a body with dot-unstuffing, keeping CRLF line ends', () => {
    const h = harness(['status', 'body']);
    const wire = '+OK\r\nSubject: x\r\n\r\n..\r\n..hidden\r\n.x\r\nend\r\n.\r\n';
    h.reader.push(Buffer.from(wire));
    expect(h.body()).toBe('Subject: x\r\n\r\n.\r\n.hidden\r\nx\r\nend\r\n');
    expect(h.events.at(-1)).toEqual(['end']);
  });

  it('gives the same body whatever the chunk boundaries', () => {
    const wire = '+OK\r\n.a\r\n..\r\nb.\r\n\r\n..\r\n.\r\n+OK after\r\n';
    const expected = 'a\r\n.\r\nb.\r\n\r\n.\r\n';
    for (let split = 1; split < wire.length; split++) {
      const h = harness(['status', 'body', 'status']);
      h.reader.push(Buffer.from(wire.slice(0, split), 'latin1'));
      h.reader.push(Buffer.from(wire.slice(split), 'latin1'));
      expect(h.body(), `split at ${split}`).toBe(expected);
      expect(h.events.at(-1), `split at ${split}`).toEqual(['status', '+OK after']);
    }
    const h = harness(['status', 'body', 'status']);
    feedBytewise(h.reader, wire);
    expect(h.body()).toBe(expected);
  });

  it('treats an empty body as just the terminator', () => {
    const h = harness(['status', 'body']);
    h.reader.push(Buffer.from('+OK\r\n.\r\n'));
    expect(h.body()).toBe('');
    expect(h.events).toEqual([['status', '+OK'], ['end']]);
  });

  it('hands on body bytes as they arrive instead of holding the message', () => {
    const h = harness(['status', 'body']);
    h.reader.push(Buffer.from('+OK\r\nfirst part of a long line'));
    expect(h.body()).toBe('first part of a long line');
    h.reader.push(Buffer.from(' and the rest\r\n.\r\n'));
    expect(h.body()).toBe('first part of a long line and the rest\r\n');
  });

  it('rejects a status line longer than the limit, even before its line end arrives', () => {
    const h = harness(['status'], 1024);
    expect(() => h.reader.push(Buffer.alloc(2000, 0x41))).toThrow(Pop3Error);
    const h2 = harness(['status'], 1024);
    try {
      h2.reader.push(Buffer.from(`+OK ${'x'.repeat(1100)}\r\n`));
      expect.unreachable();
    } catch (err) {
      expect((err as Pop3Error).kind).toBe('protocol');
    }
  });

  it('does not limit the line length inside a message body', () => {
    const h = harness(['status', 'body'], 1024);
    const long = 'y'.repeat(5000);
    h.reader.push(Buffer.from(`+OK\r\n${long}\r\n.\r\n`));
    expect(h.body()).toBe(`${long}\r\n`);
  });

  it('ends a body only at CRLF "." CRLF: LF "." LF and other bare-LF lines are content', () => {
    // A server that keeps bare LF line ends stuffs only at CRLF line starts (RFC 1939 §3).
    const body = 'Subject: lf\r\n\r\nbefore\n.\nafter\n..two\n.\r\nlast\r\n';
    const wire = `+OK\r\nSubject: lf\r\n\r\nbefore\n.\nafter\n..two\n.\r\nlast\r\n.\r\n+OK next\r\n`;
    for (let split = 1; split < wire.length; split++) {
      const h = harness(['status', 'body', 'status']);
      h.reader.push(Buffer.from(wire.slice(0, split), 'latin1'));
      h.reader.push(Buffer.from(wire.slice(split), 'latin1'));
      expect(h.body(), `split at ${split}`).toBe(body);
      expect(h.events.at(-1), `split at ${split}`).toEqual(['status', '+OK next']);
    }
    const h = harness(['status', 'body', 'status']);
    feedBytewise(h.reader, wire);
    expect(h.body()).toBe(body);
  });

  it('does not take ".\\n" right after the status line, or after CR alone, as the terminator', () => {
    const h = harness(['status', 'body', 'status']);
    h.reader.push(Buffer.from('+OK\r\n..\nx\r\nline\r.\r\nend\r\n.\r\n+OK after\r\n', 'latin1'));
    expect(h.body()).toBe('.\nx\r\nline\r.\r\nend\r\n');
    expect(h.events.at(-1)).toEqual(['status', '+OK after']);
  });

  it('ends a multi-line data reply only at a "." line ended by CRLF', () => {
    const h = harness(['status', 'lines', 'status']);
    h.reader.push(Buffer.from('+OK\r\nSASL PLAIN\n.\nTOP\r\n.\r\n+OK next\r\n', 'latin1'));
    expect(h.events).toEqual([
      ['status', '+OK'],
      ['line', 'SASL PLAIN\n.\nTOP'],
      ['end'],
      ['status', '+OK next'],
    ]);
  });

  it('rejects a data line longer than its own limit, even before its line end arrives', () => {
    const h = harness(['status', 'lines'], 8192, 100);
    h.reader.push(Buffer.from('+OK\r\n1 short\r\n'));
    expect(() => h.reader.push(Buffer.alloc(150, 0x41))).toThrow(/data line longer than 100/);
  });

  it('holds bytes that arrive while idle so the owner can refuse them', () => {
    const h = harness(['status']);
    h.reader.push(Buffer.from('+OK\r\nsurprise'));
    expect(h.reader.mode satisfies ReaderMode).toBe('idle');
    expect(h.reader.buffered).toBe('surprise'.length);
  });

  it('knows whether a multi-line reply stopped between lines', () => {
    const h = harness(['status', 'body']);
    h.reader.push(Buffer.from('+OK\r\nline one\r\n'));
    expect(h.reader.atLineBoundary).toBe(true);
    h.reader.push(Buffer.from('half a li'));
    expect(h.reader.atLineBoundary).toBe(false);
  });

  it('stops for good once halted', () => {
    const h = harness(['status', 'status']);
    h.reader.halt();
    h.reader.push(Buffer.from('+OK\r\n'));
    expect(h.events).toEqual([]);
    expect(h.reader.mode).toBe('halted');
  });
});
