import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identitySettings, manualClock, storeWithAccount } from './store-test-support';

const clock = manualClock();
let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount({ now: clock.now });
});
afterEach(() => env.cleanup());

describe('sessions and the protocol log', () => {
  it('records a session from start to finish', () => {
    const { store, accountId } = env;
    const id = store.sessions.start(accountId);
    expect(store.sessions.get(id)).toMatchObject({
      accountId,
      startedAt: clock.now(),
      endedAt: null,
      outcome: 'running',
      reachedUpdate: false,
    });
    clock.advance(500);
    store.sessions.finish(id, {
      outcome: 'ok',
      retrieved: 3,
      deleted: 2,
      skipped: 1,
      reachedUpdate: true,
      quitReply: '+OK bye',
    });
    expect(store.sessions.get(id)).toEqual({
      id,
      accountId,
      protocol: 'pop3',
      identityId: null,
      startedAt: clock.now() - 500,
      endedAt: clock.now(),
      outcome: 'ok',
      retrieved: 3,
      deleted: 2,
      skipped: 1,
      errorKind: null,
      errorMessage: null,
      reachedUpdate: true,
      quitReply: '+OK bye',
    });
  });

  it('numbers log lines in order across appends and returns only newer ones on request', () => {
    const { store, accountId } = env;
    const id = store.sessions.start(accountId);
    store.sessions.appendLog(id, [
      { dir: 'S', text: '+OK ready', time: 1 },
      { dir: 'C', text: 'USER ann', time: 2 },
    ]);
    store.sessions.appendLog(id, [
      { dir: 'C', text: 'QUIT', time: 3 },
      { dir: 'S', text: '+OK bye', time: 4 },
      { dir: 'I', text: 'session ended without reaching UPDATE; DELE 3, 4 not applied' },
    ]);
    const log = store.sessions.log(id);
    expect(log.map((entry) => [entry.seq, entry.dir, entry.text])).toEqual([
      [1, 'S', '+OK ready'],
      [2, 'C', 'USER ann'],
      [3, 'C', 'QUIT'],
      [4, 'S', '+OK bye'],
      [5, 'I', 'session ended without reaching UPDATE; DELE 3, 4 not applied'],
    ]);
    expect(log[4]?.time).toBe(clock.now());
    expect(store.sessions.log(id, { afterSeq: 3 }).map((entry) => entry.seq)).toEqual([4, 5]);
  });

  it('reads a range of lines by seq, bounded at both ends and by a limit', () => {
    const { store, accountId } = env;
    const id = store.sessions.start(accountId);
    const other = store.sessions.start(accountId);
    const lines = Array.from({ length: 10 }, (_, i) => ({
      dir: 'S' as const,
      text: `line ${i + 1}`,
    }));
    store.sessions.appendLog(id, lines);
    store.sessions.appendLog(other, lines);
    const seqs = (range: Parameters<typeof store.sessions.log>[1]) =>
      store.sessions.log(id, range).map((entry) => entry.seq);
    expect(seqs({ afterSeq: 3, untilSeq: 6 })).toEqual([4, 5, 6]);
    expect(seqs({ untilSeq: 2 })).toEqual([1, 2]);
    expect(seqs({ afterSeq: 4, limit: 3 })).toEqual([5, 6, 7]);
    expect(seqs({ afterSeq: 8, untilSeq: 100, limit: 50 })).toEqual([9, 10]);
    expect(seqs({ afterSeq: 6, untilSeq: 6 })).toEqual([]);
    expect(seqs({ limit: 0 })).toEqual([]);
    expect(store.sessions.log(id, { afterSeq: 9 })[0]).toMatchObject({
      sessionId: id,
      seq: 10,
      text: 'line 10',
    });
  });

  it('keeps the seq a writer gave each line, so a reader can see a gap', () => {
    const { store, accountId } = env;
    const id = store.sessions.start(accountId);
    store.sessions.appendLog(id, [
      { dir: 'C', text: 'RETR 1', seq: 1 },
      { dir: 'S', text: '+OK', seq: 2 },
    ]);
    store.sessions.appendLog(id, [
      { dir: 'C', text: 'QUIT', seq: 5 },
      { dir: 'S', text: '+OK bye' },
    ]);
    expect(store.sessions.log(id).map((entry) => [entry.seq, entry.text])).toEqual([
      [1, 'RETR 1'],
      [2, '+OK'],
      [5, 'QUIT'],
      [6, '+OK bye'],
    ]);
  });

  it('lists newest first, per account, and pages with before', () => {
    const { store, accountId } = env;
    const ids = [1, 2, 3].map(() => store.sessions.start(accountId));
    expect(store.sessions.list().map((s) => s.id)).toEqual([...ids].reverse());
    expect(store.sessions.list({ accountId, limit: 2 }).map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(store.sessions.list({ before: ids[1] }).map((s) => s.id)).toEqual([ids[0]]);
    expect(store.sessions.last(accountId)?.id).toBe(ids[2]);
    expect(store.sessions.last(accountId + 1)).toBeUndefined();
  });

  it('marks sessions left running by a dead process as interrupted', () => {
    const { store, accountId } = env;
    const stuck = store.sessions.start(accountId);
    const done = store.sessions.start(accountId);
    store.sessions.finish(done, { outcome: 'error', errorKind: 'network', reachedUpdate: false });
    expect(store.sessions.markInterrupted(accountId)).toBe(1);
    expect(store.sessions.get(stuck)?.outcome).toBe('interrupted');
    expect(store.sessions.get(done)?.outcome).toBe('error');
  });

  it('leaves a running SMTP session of the account alone: the outbox settles those', () => {
    const { store, accountId } = env;
    const identity = store.identities.upsert(identitySettings(accountId));
    const sending = store.sessions.startSmtp(identity.id, accountId);
    expect(store.sessions.markInterrupted(accountId)).toBe(0);
    expect(store.sessions.get(sending)).toMatchObject({
      outcome: 'running',
      protocol: 'smtp',
      identityId: identity.id,
      accountId,
    });
  });

  it('prunes old finished sessions with their log, keeping the newest and any still running', () => {
    const { store, accountId } = env;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = store.sessions.start(accountId);
      store.sessions.appendLog(id, [{ dir: 'C', text: 'QUIT' }]);
      if (i !== 1) store.sessions.finish(id, { outcome: 'ok', reachedUpdate: true });
      ids.push(id);
      clock.advance(1000);
    }
    const cutoff = clock.now() - 1500; // sessions 0-4 started before it
    expect(store.sessions.prune(accountId, 2, cutoff)).toBe(3);
    const left = store.sessions.list({ accountId }).map((s) => s.id);
    // Kept: the newest two (4, 5) and the running one (1).
    expect(left.sort()).toEqual([ids[1], ids[4], ids[5]].sort());
    expect(store.sessions.log(ids[0]!)).toEqual([]);
    expect(store.sessions.log(ids[5]!)).toHaveLength(1);
  });
});
