import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LogLine } from '../../shared/model/protocol-log';
import { isAtBottom, LiveLines } from './live-lines';

const line = (seq: number, sessionId = 3): LogLine => ({
  sessionId,
  seq,
  time: 1000 + seq,
  dir: seq % 2 ? 'C' : 'S',
  text: `line ${seq}`,
});
const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => line(from + i));
const seqs = (live: LiveLines) => live.lines.map((l) => l.seq);

describe('a session’s live lines', () => {
  it('appends batches in order and has no gap while they follow each other', () => {
    const live = new LiveLines(3);
    expect(live.add(lines(1, 3))).toBe(true);
    expect(live.add(lines(4, 6))).toBe(true);
    expect(seqs(live)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(live.gaps()).toEqual([]);
    expect(live.completeUntil).toBe(6);
    expect(live.lastSeq).toBe(6);
  });

  it('sees a jump in seq as a gap to read, and closes it when the read comes', () => {
    const live = new LiveLines(3);
    live.add(lines(1, 2));
    live.add(lines(6, 7));
    expect(live.gaps()).toEqual([{ afterSeq: 2, untilSeq: 5 }]);
    live.add(lines(3, 5));
    expect(seqs(live)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(live.gaps()).toEqual([]);
    expect(live.completeUntil).toBe(7);
  });

  it('asks for the head when it starts in the middle of a running session (the panel opened late)', () => {
    const live = new LiveLines(3);
    live.add(lines(500, 510));
    expect(live.gaps()).toEqual([{ afterSeq: 0, untilSeq: 499 }]);
    expect(live.completeUntil).toBe(0);
  });

  it('never shows a line twice when a read and an event overlap', () => {
    const live = new LiveLines(3);
    live.add(lines(1, 10));
    const version = live.version;
    expect(live.add(lines(5, 10))).toBe(false);
    expect(live.version).toBe(version);
    expect(live.add(lines(8, 12))).toBe(true);
    expect(seqs(live)).toEqual(lines(1, 12).map((l) => l.seq));
  });

  it('ignores lines of another session', () => {
    const live = new LiveLines(3);
    expect(live.add([line(1, 4), line(2, 4)])).toBe(false);
    expect(live.lines).toEqual([]);
  });

  it('lists several gaps oldest first, up to a maximum', () => {
    const live = new LiveLines(3);
    live.add([line(2), line(5), line(9), line(12)]);
    expect(live.gaps()).toEqual([
      { afterSeq: 0, untilSeq: 1 },
      { afterSeq: 2, untilSeq: 4 },
      { afterSeq: 5, untilSeq: 8 },
      { afterSeq: 9, untilSeq: 11 },
    ]);
    expect(live.gaps(2)).toHaveLength(2);
  });

  it('ends as the whole session in order, whatever order batches and reads arrive in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }),
        (total, cuts) => {
          const all = lines(1, total);
          // Arbitrary overlapping slices, then the gaps it reports, read as main would answer them.
          const live = new LiveLines(3);
          for (const [a, b] of cuts) {
            const from = (a % total) + 1;
            const to = Math.min(total, from + (b % 20));
            live.add(all.slice(from - 1, to));
          }
          live.add([all[total - 1]!]);
          for (let round = 0; round < 50 && live.gaps().length; round++)
            for (const gap of live.gaps()) live.add(all.slice(gap.afterSeq, gap.untilSeq));
          expect(seqs(live)).toEqual(all.map((l) => l.seq));
          expect(live.completeUntil).toBe(total);
        },
      ),
    );
  });
});

describe('following the newest line', () => {
  it('is at the bottom within a few pixels, not when scrolled up', () => {
    expect(isAtBottom({ scrollTop: 800, clientHeight: 200, scrollHeight: 1000 })).toBe(true);
    expect(isAtBottom({ scrollTop: 795, clientHeight: 200, scrollHeight: 1000 })).toBe(true);
    expect(isAtBottom({ scrollTop: 700, clientHeight: 200, scrollHeight: 1000 })).toBe(false);
  });
});
