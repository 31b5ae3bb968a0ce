// mboxrd, the mbox variant whose quoting can be undone exactly: every line that starts with
// ">*From " gets one more ">" on the way in and loses one on the way out. A message is its
// From_ line, its bytes (line endings untouched), and one empty line.

const LF = 0x0a;
const GT = 0x3e;
const FROM_ = Buffer.from('From ');

/** Whether `bytes` at `start` holds ">*From " (any number of ">"). */
export function isQuotedFromLine(bytes: Uint8Array, start: number, minQuotes: number): boolean {
  let i = start;
  while (i < bytes.length && bytes[i] === GT) i++;
  if (i - start < minQuotes) return false;
  if (i + FROM_.length > bytes.length) return false;
  for (let k = 0; k < FROM_.length; k++) if (bytes[i + k] !== FROM_[k]) return false;
  return true;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "From sender Thu Jan  1 00:00:00 2026" in UTC, as mbox readers expect (asctime). */
export function fromLine(sender: string, at: number): string {
  const d = new Date(Number.isFinite(at) ? at : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const who = sender.replace(/[\s\u0000-\u001f\u007f]+/g, '') || 'MAILER-DAEMON';
  return (
    `From ${who} ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ` +
    `${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:` +
    `${two(d.getUTCSeconds())} ${d.getUTCFullYear()}\n`
  );
}

/** One mbox entry: From_ line, the quoted bytes, a line end if missing, then an empty line. */
export function mboxEntry(raw: Uint8Array, sender: string, at: number): Buffer[] {
  return [...mboxEntryOf([raw], sender, at)];
}

// Where the quoting is within a line: reading its leading ">" run, anywhere past a line's start,
// or (0..4) how many octets of "From " it has matched after the ">" run.
const GT_RUN = -1;
const IN_LINE = -2;
const ONE_GT = Buffer.from('>');

/**
 * One mbox entry written from the message's pieces in order (e.g. its stored chunks), so a large
 * message is never held whole. A ">*From " line is quoted wherever the pieces split it: the ">"
 * goes in before "From" (the same as before the ">" run), and at most the 4 octets of a "From"
 * not yet known to start a From_ line are held back between pieces.
 */
export function* mboxEntryOf(
  pieces: Iterable<Uint8Array>,
  sender: string,
  at: number,
): Generator<Buffer> {
  yield Buffer.from(fromLine(sender, at), 'latin1');
  let state = GT_RUN;
  const held: Buffer[] = [];
  let last = -1;
  for (const piece of pieces) {
    if (piece.byteLength === 0) continue;
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let segment = 0;
    // Where the "From" being matched began in this piece (0: in an earlier one, then held).
    let matchStart = 0;
    for (let i = 0; i < bytes.length;) {
      if (state === IN_LINE) {
        const end = bytes.indexOf(LF, i);
        if (end < 0) break;
        i = end + 1;
        state = GT_RUN;
        continue;
      }
      if (state === GT_RUN) {
        while (i < bytes.length && bytes[i] === GT) i++;
        if (i === bytes.length) break;
        state = 0;
        matchStart = i;
      }
      if (bytes[i] !== FROM_[state]) {
        // Not a From_ line: what was held goes out as it was (it precedes this whole piece).
        if (held.length > 0) yield* held.splice(0);
        state = IN_LINE;
        continue;
      }
      i++;
      if (++state === FROM_.length) {
        if (matchStart > segment) yield bytes.subarray(segment, matchStart);
        yield ONE_GT;
        if (held.length > 0) yield* held.splice(0);
        segment = matchStart;
        state = IN_LINE;
      }
    }
    if (state >= 0) {
      // The piece ends inside a possible "From ": hold those octets (a copy: at most 4).
      if (matchStart > segment) yield bytes.subarray(segment, matchStart);
      held.push(Buffer.from(bytes.subarray(matchStart)));
    } else if (segment < bytes.length) {
      yield bytes.subarray(segment);
    }
    last = bytes[bytes.length - 1]!;
  }
  yield* held;
  if (last !== -1 && last !== LF) yield Buffer.from('\n');
  yield Buffer.from('\n');
}

export type MboxItem<T = never> =
  | { index: number; raw: Buffer }
  | { index: number; error: string }
  // Only when reading with a spill.
  | ([T] extends [never] ? never : { index: number; spilled: T });

/** Where a large entry's bytes go instead of memory (e.g. a body staged in the store). */
export interface MboxSpill<T> {
  /** Copies what it keeps: the caller reuses its buffers. */
  append(bytes: Uint8Array): void;
  finish(): T;
  /** The entry was too large or reading stopped: removes what was appended. */
  discard(): void;
}

export interface MboxReaderOptions<T = never> {
  /** Larger entries are reported, not read into memory. */
  maxMessageBytes: number;
  /** An entry outgrowing `octets` goes on to a spill started then (memory: a line, not the entry). */
  spill?: { octets: number; start(): MboxSpill<T> };
}

/** With a spill, a line growing past this goes on to it instead of being held whole. */
const LONG_LINE_OCTETS = 1024 * 1024;

const isBlank = (line: Buffer) => line.length === 1 || (line.length === 2 && line[0] === 0x0d);

/**
 * Splits an mbox stream into messages, holding at most one message (and one chunk) in memory, or
 * with `spill` only its last line. A From_ line counts only at the start of the file or after an
 * empty line.
 */
export async function* readMbox<T = never>(
  chunks: AsyncIterable<Uint8Array>,
  options: MboxReaderOptions<T>,
): AsyncGenerator<MboxItem<T>> {
  let carry: Buffer = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  let index = 0;
  let started = false;
  let previousBlank = true;
  // A spilled entry's last line is held back: the blank line before the next From_ is not its.
  let spill: MboxSpill<T> | null = null;
  let held: Buffer | null = null;

  const drop = () => {
    lines = [];
    spill?.discard();
    spill = null;
    held = null;
  };

  const finish = (): MboxItem<T> | null => {
    if (!started) return null;
    let item: MboxItem<T>;
    if (tooLarge) item = { index, error: `larger than ${options.maxMessageBytes} bytes` };
    else if (spill) {
      if (held && !isBlank(held)) spill.append(held);
      item = { index, spilled: spill.finish() } as MboxItem<T>;
      spill = null;
    } else {
      const last = lines[lines.length - 1];
      if (last && isBlank(last)) lines.pop();
      item = { index, raw: Buffer.concat(lines) };
    }
    drop();
    size = 0;
    tooLarge = false;
    return item;
  };

  const keep = (unquoted: Buffer) => {
    if (spill) {
      if (held) spill.append(held);
      held = Buffer.from(unquoted);
      return;
    }
    // A copy: the chunk it points into is reused by the stream.
    lines.push(Buffer.from(unquoted));
    if (options.spill && size > options.spill.octets) {
      spill = options.spill.start();
      held = lines.pop() ?? null;
      for (const line of lines) spill.append(line);
      lines = [];
    }
  };

  // A line too long to hold goes on to the spill a piece at a time: the rest of it, when its line
  // break comes, is no From_ line, not blank and not quoted.
  let continuing = false;
  const takeLongLinePiece = (piece: Buffer) => {
    const unquoted = !continuing && isQuotedFromLine(piece, 0, 1) ? piece.subarray(1) : piece;
    continuing = true;
    previousBlank = false;
    size += unquoted.length;
    if (size > options.maxMessageBytes) {
      tooLarge = true;
      drop();
    }
    if (tooLarge || !options.spill) return;
    if (!spill) {
      // Every line so far is the entry's: the one it ends with is this long one.
      spill = options.spill.start();
      for (const line of lines) spill.append(line);
      lines = [];
    } else if (held) {
      spill.append(held);
      held = null;
    }
    spill.append(unquoted);
  };

  const takeLine = (line: Buffer): MboxItem<T> | null | 'not-mbox' => {
    if (continuing) {
      takeLongLinePiece(line);
      continuing = false;
      return null;
    }
    let done: MboxItem<T> | null = null;
    if (previousBlank && isQuotedFromLine(line, 0, 0) && line[0] !== GT) {
      done = finish();
      started = true;
      index++;
      previousBlank = false;
      return done;
    }
    if (!started) return 'not-mbox';
    previousBlank = isBlank(line);
    const unquoted = isQuotedFromLine(line, 0, 1) ? line.subarray(1) : line;
    size += unquoted.length;
    if (size > options.maxMessageBytes) {
      tooLarge = true;
      drop();
    } else if (!tooLarge) {
      keep(unquoted);
    }
    return null;
  };

  try {
    for await (const chunk of chunks) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      let start = 0;
      for (let end = data.indexOf(LF, start); end >= 0; end = data.indexOf(LF, start)) {
        const out = takeLine(data.subarray(start, end + 1));
        if (out === 'not-mbox') throw new Error('not an mbox file: it does not begin with "From "');
        if (out) yield out;
        start = end + 1;
      }
      carry = data.subarray(start);
      const fromLineNext = previousBlank && !continuing && isQuotedFromLine(carry, 0, 0);
      if (options.spill && started && carry.length > LONG_LINE_OCTETS && !fromLineNext) {
        takeLongLinePiece(carry);
        carry = Buffer.alloc(0);
      } else if (carry.length > options.maxMessageBytes) {
        // One line longer than any message we keep: the entry is too large; drop what we hold.
        if (!started) throw new Error('not an mbox file: it does not begin with "From "');
        tooLarge = true;
        drop();
        size = options.maxMessageBytes + 1;
        previousBlank = false;
        carry = Buffer.alloc(0);
      }
    }
    if (carry.length > 0) {
      const out = takeLine(carry);
      if (out === 'not-mbox') throw new Error('not an mbox file: it does not begin with "From "');
      if (out) yield out;
    }
    const last = finish();
    if (last) yield last;
  } finally {
    // Stopped or failed midway: a spill begun for an unfinished entry is removed.
    drop();
  }
}
