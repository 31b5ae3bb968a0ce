import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveLogBatch, LogLine } from '../../shared/model/protocol-log';
import { createLiveLog } from './live-log';
import { createStoredMailNotices } from './stored-mail-notices';
import type { StoredMail } from '../../shared/contract/event-payloads';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const line = (sessionId: number, seq: number): LogLine => ({
  sessionId,
  seq,
  time: seq,
  dir: 'C',
  text: `NOOP ${seq}`,
});

describe('live protocol-log batches', () => {
  it('sends the lines of ~50 ms as one batch per session, in order, none lost', () => {
    const sent: LiveLogBatch[] = [];
    const live = createLiveLog((b) => sent.push(b), 50, 500);
    live.add(1, line(10, 1));
    live.add(1, line(10, 2));
    live.add(2, line(11, 1));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([
      { accountId: 1, sessionId: 10, lines: [line(10, 1), line(10, 2)] },
      { accountId: 2, sessionId: 11, lines: [line(11, 1)] },
    ]);
    live.add(1, line(10, 3));
    vi.advanceTimersByTime(49);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)?.lines.map((l) => l.seq)).toEqual([3]);
  });

  it('sends a full batch at once, without waiting for the timer', () => {
    const sent: LiveLogBatch[] = [];
    const live = createLiveLog((b) => sent.push(b), 50, 3);
    for (let seq = 1; seq <= 7; seq++) live.add(1, line(5, seq));
    expect(sent.map((b) => b.lines.map((l) => l.seq))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    live.flush();
    expect(sent.at(-1)?.lines.map((l) => l.seq)).toEqual([7]);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(3);
  });
});

describe('stored-mail notices during a sync', () => {
  it('counts what was stored since the last notice, at most one notice per interval', () => {
    const sent: StoredMail[] = [];
    const notices = createStoredMailNotices((n) => sent.push(n), 250);
    notices.note(1, 7, 1);
    notices.note(1, 7, 1);
    notices.note(1, 7, 3);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([{ accountId: 1, sessionId: 7, count: 3 }]);
    notices.note(1, 7, 4);
    notices.end(1);
    expect(sent.at(-1)).toEqual({ accountId: 1, sessionId: 7, count: 1 });
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('starts counting afresh for the next session and keeps accounts apart', () => {
    const sent: StoredMail[] = [];
    const notices = createStoredMailNotices((n) => sent.push(n), 250);
    notices.note(1, 7, 5);
    notices.note(2, 8, 2);
    notices.end(1);
    notices.note(1, 9, 1);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([
      { accountId: 1, sessionId: 7, count: 5 },
      { accountId: 2, sessionId: 8, count: 2 },
      { accountId: 1, sessionId: 9, count: 1 },
    ]);
  });
});
