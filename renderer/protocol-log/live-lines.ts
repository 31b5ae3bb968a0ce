// One session's protocol lines in the renderer, kept by seq (1, 2, 3… per session as main numbers
// them): live batches are appended, reads from main fill what is missing, nothing shows twice, and
// a gap (a reload, a missed event) is visible as a seq range to ask for. Pure: no API, no React.
import type { LogLine } from '../../shared/model/protocol-log';

/** The lines with afterSeq < seq <= untilSeq, as log.lines asks for them. */
export interface SeqRange {
  afterSeq: number;
  untilSeq: number;
}

export class LiveLines {
  private list: LogLine[] = [];
  /** Lines 1..complete are all here: list[i].seq === i + 1 for every i < complete. */
  private complete = 0;
  /** Grows with every change, for a view that re-renders on it. */
  version = 0;

  constructor(readonly sessionId: number) {}

  get lines(): readonly LogLine[] {
    return this.list;
  }

  /** The newest seq known (0 when none). */
  get lastSeq(): number {
    return this.list.at(-1)?.seq ?? 0;
  }

  /** Every line up to this seq is here. */
  get completeUntil(): number {
    return this.complete;
  }

  /** Adds lines of this session from an event or a read, in any order. Returns whether any was new. */
  add(incoming: readonly LogLine[]): boolean {
    const mine = incoming.filter((line) => line.sessionId === this.sessionId && line.seq >= 1);
    if (mine.length === 0) return false;
    let added: boolean;
    if (this.appendsInOrder(mine)) {
      for (const line of mine) this.list.push(line);
      added = true;
    } else {
      added = this.merge(mine);
    }
    if (!added) return false;
    while (this.list[this.complete]?.seq === this.complete + 1) this.complete++;
    this.version++;
    return true;
  }

  /** The missing ranges below the newest line known, oldest first (at most `max`). */
  gaps(max = 8): SeqRange[] {
    const gaps: SeqRange[] = [];
    let expected = this.complete + 1;
    for (let i = this.complete; i < this.list.length && gaps.length < max; i++) {
      const seq = this.list[i]!.seq;
      if (seq > expected) gaps.push({ afterSeq: expected - 1, untilSeq: seq - 1 });
      expected = seq + 1;
    }
    return gaps;
  }

  // The common case, a live batch right after the last line: no search, no sort.
  private appendsInOrder(lines: readonly LogLine[]): boolean {
    let last = this.lastSeq;
    for (const line of lines) {
      if (line.seq <= last) return false;
      last = line.seq;
    }
    return true;
  }

  private merge(lines: readonly LogLine[]): boolean {
    const bySeq = new Map<number, LogLine>();
    for (const line of lines) if (!this.has(line.seq)) bySeq.set(line.seq, line);
    if (bySeq.size === 0) return false;
    this.list = [...this.list, ...bySeq.values()].sort((a, b) => a.seq - b.seq);
    return true;
  }

  private has(seq: number): boolean {
    if (seq <= this.complete) return true;
    let lo = this.complete;
    let hi = this.list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.list[mid]!.seq;
      if (at === seq) return true;
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** Where the view should be: following the newest line unless the user scrolled away from it. */
export function isAtBottom(
  scroll: { scrollTop: number; clientHeight: number; scrollHeight: number },
  slack = 8,
): boolean {
  return scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - slack;
}
