import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';
import { syntheticMessage } from '../testing/dovecot';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { testServices, type TestServices } from '../testing/test-services';

// "Get mail" through the contract with the real one-session sync, against the scripted server.
let server: ScriptedServer;
let t: TestServices;
const events: Array<{ event: EventName; payload: unknown }> = [];

beforeAll(async () => {
  server = await startScriptedServer({
    users: { ann: 'open sesame' },
    mailbox: [1, 2, 3].map((i) => ({ body: syntheticMessage(i, 1024) })),
  });
  t = testServices({ runSync: 'real' });
  t.services.events.onAny((event, payload) => events.push({ event, payload }));
});

afterAll(async () => {
  await t.cleanup();
  await server.close();
});

async function call<T>(method: string, arg?: unknown): Promise<T> {
  const result = (await t.dispatch(method, arg, { transport: 'electron' })) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('sync.now with the real sync', () => {
  it('retrieves, deletes in the same session, and logs it through QUIT with the password redacted', async () => {
    const account = await call<{ id: number }>('accounts.add', {
      account: {
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        auth: 'user',
        user: 'ann',
        allowInsecurePassword: true,
        // Delete mode, not the 14-day keep new accounts get by default.
        retention: { mode: 'delete' },
      },
      password: 'open sesame',
    });
    const [report] = await call<
      Array<{ retrieved: number; deleted: number; error: unknown; session: number }>
    >('sync.now', { accountId: account.id });
    expect(report).toMatchObject({ retrieved: 3, deleted: 3, error: null });
    expect(server.mailbox()).toEqual([]);
    expect(server.sessions).toBe(1);

    const page = await call<{ total: number }>('messages.list', { accountId: account.id });
    expect(page.total).toBe(3);

    const [session] = await call<Array<{ id: number; reachedUpdate: boolean }>>('log.sessions', {
      accountId: account.id,
    });
    expect(session).toMatchObject({ id: report?.session, reachedUpdate: true });
    const lines = await call<Array<{ dir: string; text: string }>>('log.lines', {
      sessionId: session?.id,
    });
    const said = lines.map((l) => `${l.dir}: ${l.text}`);
    expect(said).toContain('C: PASS ********');
    const quit = said.indexOf('C: QUIT');
    expect(quit).toBeGreaterThan(said.findLastIndex((l) => l.startsWith('C: DELE')));
    expect(said[quit + 1]).toMatch(/^S: \+OK/);

    // Every line reached the renderer live, numbered as stored, QUIT and its reply included.
    const live = events
      .filter((e) => e.event === 'log.appended')
      .flatMap(
        (e) => (e.payload as { lines: Array<{ seq: number; dir: string; text: string }> }).lines,
      );
    expect(live.map((l) => `${l.seq} ${l.dir}: ${l.text}`)).toEqual(
      lines.map((l, i) => `${i + 1} ${l.dir}: ${l.text}`),
    );
    expect(live.map((l) => l.text)).toContain('QUIT');
    const stored = events.filter((e) => e.event === 'mail.stored');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.reduce((n, e) => n + (e.payload as { count: number }).count, 0)).toBe(3);
    // Announced before the sync is reported ended.
    const lastStored = events.lastIndexOf(stored.at(-1)!);
    const idle = events.findIndex(
      (e, i) =>
        i > lastStored &&
        e.event === 'account.status' &&
        (e.payload as { state: { phase: string } }).state.phase === 'idle',
    );
    expect(idle).toBeGreaterThan(lastStored);
    expect(JSON.stringify(events)).not.toContain('open sesame');
    expect(events.some((e) => e.event === 'mail.new')).toBe(true);
    expect(events.filter((e) => e.event === 'sync.progress').at(-1)?.payload).toMatchObject({
      accountId: account.id,
      sessionId: session?.id,
      messagesDone: 3,
      messagesTotal: 3,
      retrieved: 3,
      deletesAccepted: 3,
    });
  });

  it('reports a rejected password as a credentials error', async () => {
    const account = await call<{ id: number }>('accounts.add', {
      account: {
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        auth: 'user',
        user: 'bob',
        allowInsecurePassword: true,
        // Delete mode, not the 14-day keep new accounts get by default.
        retention: { mode: 'delete' },
      },
      password: 'wrong',
    });
    const [report] = await call<Array<{ error: { kind: string } | null }>>('sync.now', {
      accountId: account.id,
    });
    expect(report?.error?.kind).toBe('credentials');
  });
});

describe('a message over the size limit, asked for in full', () => {
  let big: ScriptedServer;
  let s: TestServices;

  beforeAll(async () => {
    big = await startScriptedServer({
      users: { dan: 'pw' },
      mailbox: [
        { uid: 'small', body: syntheticMessage(1, 1024) },
        { uid: 'large', body: syntheticMessage(2, 40 * 1024) },
      ],
    });
    s = testServices({ runSync: 'real' });
  });

  afterAll(async () => {
    await s.cleanup();
    await big.close();
  });

  async function callS<T>(method: string, arg?: unknown): Promise<T> {
    const result = (await s.dispatch(method, arg, { transport: 'electron' })) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  }

  it('stays on the server headers-only, then comes whole in the next session and is deleted there', async () => {
    const account = await callS<{ id: number }>('accounts.add', {
      account: {
        host: '127.0.0.1',
        port: big.port,
        security: 'none',
        auth: 'user',
        user: 'dan',
        allowInsecurePassword: true,
        // Delete mode, not the 14-day keep new accounts get by default.
        retention: { mode: 'delete' },
        maxMessageSize: 10 * 1024,
      },
      password: 'pw',
    });
    const [first] = await callS<Array<{ retrieved: number; deleted: number }>>('sync.now', {
      accountId: account.id,
    });
    expect(first).toMatchObject({ retrieved: 2, deleted: 1 });
    // Delete mode never deletes a headers-only copy: the body exists only on the server.
    expect(big.mailbox().map((m) => m.uid)).toEqual(['large']);
    expect(big.commandsOf(1)).toContain('TOP 2 0');

    const page = await callS<{ items: Array<{ id: number; uidl: string; headersOnly: boolean }> }>(
      'messages.list',
      { accountId: account.id },
    );
    const large = page.items.find((m) => m.uidl === 'large');
    expect(large?.headersOnly).toBe(true);
    expect(await callS('messages.detail', { id: large?.id })).toMatchObject({
      fullFetch: 'available',
    });

    expect(await callS('messages.fetchFull', { ids: [large?.id] })).toEqual({ marked: 1 });
    const [second] = await callS<Array<{ retrieved: number; deleted: number; error: unknown }>>(
      'sync.now',
      { accountId: account.id },
    );
    expect(second).toMatchObject({ retrieved: 1, deleted: 1, error: null });
    const said = big.commandsOf(2);
    expect(said).toContain('RETR 1');
    expect(said.indexOf('DELE 1')).toBeGreaterThan(said.indexOf('RETR 1'));
    expect(said.at(-1)).toBe('QUIT');
    expect(big.mailbox()).toEqual([]);

    const whole = await callS<{ headersOnly: boolean; fullFetch: unknown; size: number }>(
      'messages.detail',
      { id: large?.id },
    );
    expect(whole).toMatchObject({ headersOnly: false, fullFetch: null });
    const raw = await callS<{ size: number }>('messages.raw', { id: large?.id });
    expect(raw.size).toBeGreaterThan(40 * 1024);
    expect((await callS<{ total: number }>('messages.list', { accountId: account.id })).total).toBe(
      2,
    );
  });
});
