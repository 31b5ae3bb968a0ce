// DELE only after the commit of that message's own group, however commits are grouped: the
// scripted server records each line as it arrives, and a port wrapper records, at each commit,
// how many lines had arrived by then. Same process, one event loop: the two orders are exact.
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { storePort } from './store-port';
import type { SyncPort } from './sync-port';
import { checkInvariant, mailbox, syncFixture, type SyncFixture } from './sync-test-support';

let server: ScriptedServer | undefined;
let fx: SyncFixture | undefined;
afterEach(async () => {
  fx?.close();
  await server?.close();
});

/** The store's port, recording when each message's transaction committed and how durably. */
function recordingPort(store: SyncFixture['store'], linesSoFar: () => number) {
  const base = storePort(store);
  const committedAt = new Map<string, number>();
  const groups: string[][] = [];
  const fullCommitsAt: number[] = [];
  let depth = 0;
  let mode: Parameters<SyncPort['durability']>[0] = 'full';
  // Lines the server had received each time the store went back to 'full' (checkpoints resume).
  const fullAt: number[] = [];
  let open: string[] = [];
  const port: SyncPort = {
    ...base,
    durability(m) {
      mode = m;
      if (m === 'full') fullAt.push(linesSoFar());
      base.durability(m);
    },
    transaction: (fn) => recorded(() => base.transaction(fn)),
    allOrNothing: (fn) => recorded(() => base.allOrNothing(fn)),
    commit(args) {
      const outcome = base.commit(args);
      open.push(args.uidl);
      return outcome;
    },
  };
  // Either kind of transaction: when the outermost returns, its COMMIT is done.
  function recorded<T>(run: () => T): T {
    depth++;
    try {
      const result = run();
      if (depth === 1) {
        // Returned from the outermost transaction: COMMIT is done.
        for (const uidl of open) committedAt.set(uidl, linesSoFar());
        if (open.length) groups.push(open);
        // 'full' and 'barrier' both fsync the commit.
        if (mode !== 'deferred') fullCommitsAt.push(linesSoFar());
      }
      return result;
    } finally {
      depth--;
      if (depth === 0) open = [];
    }
  }
  return { port, committedAt, groups, fullCommitsAt, fullAt };
}

describe('commit grouping and DELE order', () => {
  it('sends no DELE before the commit of its own message, and no QUIT before an fsynced commit', async () => {
    const originals = mailbox(150, 3000);
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    const s = server;
    fx = syncFixture(s);
    const rec = recordingPort(fx.store, () => s.received.length);
    const r = await fx.sync({ port: rec.port });
    expect(r.outcome).toBe('ok');
    expect(r.deleted).toBe(150);

    const lines = s.received.map((x) => x.line);
    const deles = lines.flatMap((line, at) => (line.startsWith('DELE ') ? [{ line, at }] : []));
    expect(deles).toHaveLength(150);
    for (const { line, at } of deles) {
      const uidl = `m${line.slice(5)}`;
      const committed = rec.committedAt.get(uidl);
      expect(committed, `${line}: never committed`).toBeDefined();
      // At the commit, fewer lines had arrived than this DELE's position: it came after.
      expect(committed!, `${line} arrived before its commit`).toBeLessThanOrEqual(at);
    }
    const quitAt = lines.lastIndexOf('QUIT');
    const lastCommit = Math.max(...rec.committedAt.values());
    expect(rec.fullCommitsAt.some((c) => c >= lastCommit && c <= quitAt)).toBe(true);
    // The checkpoint (the WAL copied into the database) is no part of that: it waits for QUIT.
    expect(rec.fullAt.length).toBeGreaterThan(0);
    expect(rec.fullAt.every((at) => at > quitAt)).toBe(true);
    expect(checkInvariant(originals, s, fx.store, true)).toEqual([]);
  });

  it('commits several messages per transaction', async () => {
    const originals = mailbox(150, 3000);
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    const s = server;
    fx = syncFixture(s);
    const rec = recordingPort(fx.store, () => s.received.length);
    expect((await fx.sync({ port: rec.port })).outcome).toBe('ok');
    expect(rec.groups.flat()).toHaveLength(150);
    expect(rec.groups.length).toBeLessThan(150);
    expect(Math.max(...rec.groups.map((g) => g.length))).toBeGreaterThan(1);
  });

  it('commits one message per transaction when asked to, and still deletes only what it stored', async () => {
    const originals = mailbox(20, 3000);
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    const s = server;
    fx = syncFixture(s);
    const rec = recordingPort(fx.store, () => s.received.length);
    expect((await fx.sync({ port: rec.port, commitGroup: 1 })).deleted).toBe(20);
    expect(rec.groups.every((g) => g.length === 1)).toBe(true);
    expect(checkInvariant(originals, s, fx.store, true)).toEqual([]);
  });
});
