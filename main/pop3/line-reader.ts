// Frames a POP3 byte stream into status lines, multi-line data lines and streamed message bodies.
// It never buffers a message body: body bytes leave as soon as they are unstuffed.
import { Pop3Error } from './errors';
import { MAX_DATA_LINE_OCTETS, MAX_STATUS_LINE_OCTETS } from './limits';

/**
 * What the next bytes are expected to be. The reader drops back to 'idle' after every status line
 * and after every multi-line terminator; its sink re-arms it for what follows.
 */
export type ReaderMode = 'idle' | 'status' | 'lines' | 'body' | 'halted';

export interface LineReaderSink {
  /** One status line ("+OK ...", "-ERR ...", "+ challenge"), CRLF removed. */
  statusLine(line: string): void;
  /** One line of a LIST/UIDL/CAPA style reply, unstuffed, CRLF removed; `octets` as received. */
  dataLine(line: string, octets: number): void;
  /** Unstuffed bytes of a RETR/TOP body, line ends as sent; never the terminator. */
  bodyChunk(chunk: Buffer): void;
  /** The "." line that ends a multi-line reply. */
  multilineEnd(): void;
}

export interface LineLimits {
  /** Longest status line, CRLF excluded; default MAX_STATUS_LINE_OCTETS. */
  maxStatusLine?: number;
  /** Longest line of a CAPA/UIDL/LIST reply; default MAX_DATA_LINE_OCTETS. */
  maxDataLine?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

// Where a body stands: at the start of a line (after CRLF), inside one, or just after a CR.
type BodyState = 'line-start' | 'in-line' | 'after-cr';

/**
 * RFC 1939 §3: a multi-line reply is a sequence of CRLF-terminated lines ending with "." CRLF. Only
 * CRLF ends a line there: a bare LF (kept by servers that store mail with LF line ends) is content,
 * so LF "." LF inside a body neither ends it nor loses its dot. Status lines alone accept a bare LF.
 */
export class LineReader {
  private modeValue: ReaderMode = 'idle';
  private pending: Buffer = EMPTY;
  private bodyState: BodyState = 'line-start';
  private readonly maxStatusLine: number;
  private readonly maxDataLine: number;

  constructor(
    private readonly sink: LineReaderSink,
    limits: LineLimits = {},
  ) {
    this.maxStatusLine = limits.maxStatusLine ?? MAX_STATUS_LINE_OCTETS;
    this.maxDataLine = limits.maxDataLine ?? MAX_DATA_LINE_OCTETS;
  }

  get mode(): ReaderMode {
    return this.modeValue;
  }

  /** Bytes received but not yet consumed (a partial line, or data that arrived while idle). */
  get buffered(): number {
    return this.pending.length;
  }

  /** True when the stream stopped exactly between two lines (nothing partial held). */
  get atLineBoundary(): boolean {
    if (this.modeValue === 'body') {
      return this.bodyState === 'line-start' && this.pending.length === 0;
    }
    return this.pending.length === 0;
  }

  expect(mode: 'status' | 'lines' | 'body'): void {
    if (this.modeValue === 'halted') return;
    this.modeValue = mode;
    if (mode === 'body') this.bodyState = 'line-start';
  }

  /** Stops all processing for good; later bytes are discarded. */
  halt(): void {
    this.modeValue = 'halted';
    this.pending = EMPTY;
  }

  /** Feeds bytes; throws Pop3Error('protocol') on an overlong line. */
  push(chunk: Buffer): void {
    if (this.modeValue === 'halted') return;
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = EMPTY;
    let pos = 0;
    while (pos < buf.length) {
      // Read through the getter: sink callbacks change the mode between iterations.
      const mode = this.mode;
      if (mode === 'halted') return;
      if (mode === 'idle') {
        this.pending = Buffer.from(buf.subarray(pos));
        return;
      }
      if (mode === 'body') {
        pos = this.consumeBody(buf, pos);
        continue;
      }
      pos = mode === 'status' ? this.consumeStatus(buf, pos) : this.consumeDataLine(buf, pos);
      if (pos < 0) return;
    }
  }

  // Returns the position after the line, or -1 when the line is incomplete (held in pending).
  private consumeStatus(buf: Buffer, pos: number): number {
    const nl = buf.indexOf(LF, pos);
    if (nl < 0) {
      const held = buf.length - pos - (buf[buf.length - 1] === CR ? 1 : 0);
      this.checkLength(held, this.maxStatusLine, 'status');
      this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
    this.checkLength(end - pos, this.maxStatusLine, 'status');
    const line = buf.toString('utf8', pos, end);
    this.modeValue = 'idle';
    this.sink.statusLine(line);
    return nl + 1;
  }

  private consumeDataLine(buf: Buffer, pos: number): number {
    const crlf = buf.indexOf(CRLF, pos);
    if (crlf < 0) {
      // A trailing CR may be the first half of the CRLF: it does not count yet.
      const held = buf.length - pos - (buf[buf.length - 1] === CR ? 1 : 0);
      this.checkLength(held, this.maxDataLine, 'data');
      this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    this.checkLength(crlf - pos, this.maxDataLine, 'data');
    const octets = crlf + 2 - pos;
    if (crlf - pos === 1 && buf[pos] === DOT) {
      this.modeValue = 'idle';
      this.sink.multilineEnd();
    } else {
      const from = buf[pos] === DOT ? pos + 1 : pos;
      this.sink.dataLine(buf.toString('utf8', from, crlf), octets);
    }
    return crlf + 2;
  }

  private checkLength(length: number, max: number, what: 'status' | 'data'): void {
    if (length > max) {
      throw new Pop3Error(
        'protocol',
        `server sent a ${what} line longer than ${max} octets without a line end`,
        { limit: 'line-length' },
      );
    }
  }

  // Passes body bytes through, dropping the stuffed dot at the start of a line, until the
  // terminator. Returns the position after what it consumed.
  private consumeBody(buf: Buffer, start: number): number {
    const len = buf.length;
    const parts: Buffer[] = [];
    let segStart = start;
    let p = start;
    while (p < len) {
      if (this.bodyState === 'after-cr') {
        this.bodyState = buf[p] === LF ? 'line-start' : 'in-line';
        if (buf[p] === LF) p += 1;
        continue;
      }
      if (this.bodyState === 'line-start') {
        if (buf[p] === DOT) {
          if (p + 1 >= len || (buf[p + 1] === CR && p + 2 >= len)) {
            // Cannot tell a stuffed dot from the terminator yet: hold the tail.
            if (p > segStart) parts.push(buf.subarray(segStart, p));
            this.emit(parts);
            this.pending = Buffer.from(buf.subarray(p));
            return len;
          }
          if (buf[p + 1] === CR && buf[p + 2] === LF) {
            if (p > segStart) parts.push(buf.subarray(segStart, p));
            this.emit(parts);
            if (this.mode === 'halted') return len;
            this.modeValue = 'idle';
            this.sink.multilineEnd();
            return p + 3;
          }
          // A stuffed dot: drop it.
          if (p > segStart) parts.push(buf.subarray(segStart, p));
          segStart = p + 1;
          p += 1;
        }
        this.bodyState = 'in-line';
        continue;
      }
      const found = buf.indexOf(CRLF, p);
      if (found < 0) {
        this.bodyState = buf[len - 1] === CR ? 'after-cr' : 'in-line';
        p = len;
        break;
      }
      p = found + 2;
      this.bodyState = 'line-start';
    }
    if (len > segStart) parts.push(buf.subarray(segStart, len));
    this.emit(parts);
    return len;
  }

  private emit(parts: Buffer[]): void {
    if (parts.length === 0) return;
    const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts.length = 0;
    if (chunk.length > 0) this.sink.bodyChunk(chunk);
  }
}
