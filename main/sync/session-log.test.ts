import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import type { NumberedLogLine } from './session-log';
import type { SyncProgress } from './sync-account';
import { mailbox, syncFixture, type SyncFixture } from './sync-test-support';

let server: ScriptedServer | undefined;
let fx: SyncFixture | undefined;
afterEach(async () => {
  fx?.close();
  fx = undefined;
  await server?.close();
  server = undefined;
});

describe('the live protocol log of a session', () => {
  it('hands on every line at once, numbered 1, 2, 3… as the store keeps it', async () => {
    server = await startScriptedServer({ mailbox: mailbox(4), users: { user: 'secret' } });
    fx = syncFixture(server);
    const store = fx.store;
    const live: NumberedLogLine[] = [];
    let storedWhenFirstRetrSeen: number[] | null = null;
    const r = await fx.sync({
      onLog: (sessionId, line) => {
        live.push(line);
        if (storedWhenFirstRetrSeen === null && line.text.startsWith('RETR '))
          storedWhenFirstRetrSeen = store.sessions.log(sessionId).map((l) => l.seq);
      },
    });
    expect(r.outcome).toBe('ok');
    expect(live.map((l) => l.seq)).toEqual(live.map((_, i) => i + 1));
    const stored = store.sessions.log(r.session!);
    expect(stored.map(({ seq, dir, text }) => ({ seq, dir, text }))).toEqual(
      live.map(({ seq, dir, text }) => ({ seq, dir, text })),
    );
    // The RETR line reached the listener while the store had not been written past the login.
    const retr = live.find((l) => l.text.startsWith('RETR '))!;
    expect(storedWhenFirstRetrSeen).not.toContain(retr.seq);
    expect(live.at(-2)?.text).toBe('QUIT');
    expect(live.at(-1)?.text).toMatch(/^\+OK/);
  });

  it('counts stored messages and accepted DELEs in the progress it reports', async () => {
    server = await startScriptedServer({ mailbox: mailbox(3), users: { user: 'secret' } });
    fx = syncFixture(server);
    const seen: SyncProgress[] = [];
    const r = await fx.sync({ onProgress: (p) => seen.push({ ...p }) });
    expect(r.deleted).toBe(3);
    expect(seen.map((p) => p.retrieved)).toEqual(
      [...seen.map((p) => p.retrieved)].sort((a, b) => a - b),
    );
    expect(seen.at(-1)).toMatchObject({ retrieved: 3, deletesAccepted: 3, sessionId: r.session });
    // Each DELE the server accepted is reported as it happens, not only at the end.
    expect(new Set(seen.map((p) => p.deletesAccepted))).toEqual(new Set([0, 1, 2, 3]));
  });
});
