// Frames a POP3 byte stream into status lines, multi-line data lines and streamed message bodies.
// It never buffers a message body: body bytes leave as soon as they are unstuffed.
import { Pop3Error } from './errors';

/**
 * What the next bytes are expected to be. The reader drops back to 'idle' after every status line
 * and after every multi-line terminator; its sink re-arms it for what follows.
 */
export type ReaderMode = 'idle' | 'status' | 'lines' | 'body' | 'halted';

export interface LineReaderSink {
  /** One status line ("+OK ...", "-ERR ...", "+ challenge"), CRLF removed. */
  statusLine(line: string): void;
  /** One line of a LIST/UIDL/CAPA style reply, unstuffed, CRLF removed. */
  dataLine(line: string): void;
  /** Unstuffed bytes of a RETR/TOP body, line ends as sent; never the terminator. */
  bodyChunk(chunk: Buffer): void;
  /** The "." line that ends a multi-line reply. */
  multilineEnd(): void;
}

export const DEFAULT_MAX_LINE = 64 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const NL_DOT = Buffer.from('\n.', 'latin1');
const EMPTY = Buffer.alloc(0);

export class LineReader {
  private modeValue: ReaderMode = 'idle';
  private pending: Buffer = EMPTY;
  // Body mode: the next byte begins a line, so a leading dot must be examined.
  private lineStart = true;

  constructor(
    private readonly sink: LineReaderSink,
    private readonly maxLine = DEFAULT_MAX_LINE,
  ) {}

  get mode(): ReaderMode {
    return this.modeValue;
  }

  /** Bytes received but not yet consumed (a partial line, or data that arrived while idle). */
  get buffered(): number {
    return this.pending.length;
  }

  /** True when the stream stopped exactly between two lines (nothing partial held). */
  get atLineBoundary(): boolean {
    if (this.modeValue === 'body') return this.lineStart && this.pending.length === 0;
    return this.pending.length === 0;
  }

  expect(mode: 'status' | 'lines' | 'body'): void {
    if (this.modeValue === 'halted') return;
    this.modeValue = mode;
    if (mode === 'body') this.lineStart = true;
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
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        this.checkLength(buf.length - pos);
        this.pending = Buffer.from(buf.subarray(pos));
        return;
      }
      let end = nl;
      if (end > pos && buf[end - 1] === CR) end--;
      this.checkLength(end - pos);
      const line = buf.toString('utf8', pos, end);
      pos = nl + 1;
      if (mode === 'status') {
        this.modeValue = 'idle';
        this.sink.statusLine(line);
      } else if (line === '.') {
        this.modeValue = 'idle';
        this.sink.multilineEnd();
      } else {
        this.sink.dataLine(line.startsWith('.') ? line.slice(1) : line);
      }
    }
  }

  private checkLength(length: number): void {
    if (length > this.maxLine) {
      throw new Pop3Error(
        'protocol',
        `server sent a line longer than ${this.maxLine} octets without a line end`,
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
    for (;;) {
      if (this.lineStart) {
        if (p >= len) break;
        if (buf[p] === DOT) {
          const next = buf[p + 1];
          const afterCr = next === CR ? buf[p + 2] : undefined;
          if (next === undefined || (next === CR && afterCr === undefined)) {
            // Cannot tell a stuffed dot from the terminator yet: hold the tail.
            if (p > segStart) parts.push(buf.subarray(segStart, p));
            this.emit(parts);
            this.pending = Buffer.from(buf.subarray(p));
            return len;
          }
          const termEnd = next === LF ? p + 2 : next === CR && afterCr === LF ? p + 3 : -1;
          if (termEnd >= 0) {
            if (p > segStart) parts.push(buf.subarray(segStart, p));
            this.emit(parts);
            if (this.mode === 'halted') return len;
            this.modeValue = 'idle';
            this.sink.multilineEnd();
            return termEnd;
          }
          if (p > segStart) parts.push(buf.subarray(segStart, p));
          segStart = p + 1;
        }
        this.lineStart = false;
      }
      const found = buf.indexOf(NL_DOT, p);
      if (found < 0) {
        if (len > p) this.lineStart = buf[len - 1] === LF;
        p = len;
        break;
      }
      p = found + 1;
      this.lineStart = true;
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
