import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';
import { syntheticMessage } from '../testing/dovecot';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { testServices, type TestServices } from './services-test-support';

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
        allowPlaintextPassword: true,
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

    const live = events
      .filter((e) => e.event === 'log.line')
      .map((e) => e.payload as { text: string });
    expect(live.map((l) => l.text)).toContain('QUIT');
    expect(JSON.stringify(events)).not.toContain('open sesame');
    expect(events.some((e) => e.event === 'mail.new')).toBe(true);
    expect(events.filter((e) => e.event === 'sync.progress').at(-1)?.payload).toMatchObject({
      accountId: account.id,
      messagesDone: 3,
      messagesTotal: 3,
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
        allowPlaintextPassword: true,
      },
      password: 'wrong',
    });
    const [report] = await call<Array<{ error: { kind: string } | null }>>('sync.now', {
      accountId: account.id,
    });
    expect(report?.error?.kind).toBe('credentials');
  });
});
