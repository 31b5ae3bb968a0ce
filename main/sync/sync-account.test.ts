import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultCapabilities,
  startScriptedServer,
  type ScriptedServer,
} from '../testing/scripted-pop3-server';
import { syntheticMessage } from '../testing/dovecot';
import { storePort } from './store-port';
import {
  checkInvariant,
  mailbox,
  sha,
  storedCounts,
  syncFixture,
  type SyncFixture,
} from './sync-test-support';

let server: ScriptedServer | undefined;
let fx: SyncFixture | undefined;
afterEach(async () => {
  fx?.close();
  fx = undefined;
  await server?.close();
  server = undefined;
});

const verbs = (lines: string[]) => lines.map((l) => l.split(' ')[0]);

describe('one-session sync', () => {
  it('retrieves, deletes only committed messages and quits, all in ONE login', async () => {
    const originals = mailbox(5);
    server = await startScriptedServer({
      mailbox: originals.map((m) => ({ ...m })),
      users: { user: 'secret' },
    });
    fx = syncFixture(server);
    const r = await fx.sync();
    expect(r.outcome).toBe('ok');
    expect(r.retrieved).toBe(5);
    expect(r.deleted).toBe(5);
    expect(r.reachedUpdate).toBe(true);
    expect(server.sessions).toBe(1);
    expect(server.mailbox()).toEqual([]);
    const cmds = server.commandsOf(1);
    // Every DELE n comes after RETR n in the same session; QUIT is last.
    for (let n = 1; n <= 5; n++) {
      expect(cmds.indexOf(`RETR ${n}`)).toBeGreaterThanOrEqual(0);
      expect(cmds.indexOf(`DELE ${n}`)).toBeGreaterThan(cmds.indexOf(`RETR ${n}`));
    }
    expect(cmds.at(-1)).toBe('QUIT');
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('stores the exact bytes and keeps a protocol log ending in QUIT and its +OK, password redacted', async () => {
    const originals = mailbox(2);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'hunter2-secret' } });
    fx = syncFixture(server, {}, 'hunter2-secret');
    const r = await fx.sync();
    const log = fx.store.sessions.log(r.session!);
    const text = log.map((l) => `${l.dir} ${l.text}`);
    expect(text.join('\n')).not.toContain('hunter2-secret');
    expect(text).toContain('C PASS ********');
    expect(text.at(-2)).toBe('C QUIT');
    expect(text.at(-1)).toMatch(/^S \+OK/);
    expect(text.some((t) => /^S <[\d,]+ octets>$/.test(t))).toBe(true);
    const stored = [...storedCounts(fx.store).keys()].sort();
    expect(stored).toEqual(originals.map((m) => sha(m.body)).sort());
    const session = fx.store.sessions.get(r.session!);
    expect(session?.reachedUpdate).toBe(true);
    expect(session?.quitReply).toMatch(/^\+OK/);
  });

  it('does not DELE a message whose commit failed, and still quits', async () => {
    const originals = mailbox(3);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'secret' } });
    fx = syncFixture(server);
    const real = storePort(fx.store);
    const r = await fx.sync({
      port: {
        ...real,
        commit(args) {
          if (args.uidl === 'm2') throw new Error('disk full');
          return real.commit(args);
        },
      },
    });
    expect(r.outcome).toBe('error');
    const cmds = server.commandsOf(1);
    expect(cmds).not.toContain('DELE 2');
    expect(cmds.at(-1)).toBe('QUIT');
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
    const again = await fx.sync();
    expect(again.outcome).toBe('ok');
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(server.mailbox()).toEqual([]);
  });

  it('re-sends DELE after a dropped session without downloading again', async () => {
    const originals = mailbox(4);
    server = await startScriptedServer({
      mailbox: originals,
      users: { user: 'secret' },
      faults: { errOn: { command: 'QUIT', session: 1, text: 'cannot update' } },
    });
    fx = syncFixture(server);
    const first = await fx.sync();
    expect(first.reachedUpdate).toBe(false);
    expect(first.deleted).toBe(0);
    expect(server.mailbox()).toHaveLength(4);
    const second = await fx.sync();
    expect(second.outcome).toBe('ok');
    expect(verbs(server.commandsOf(2))).not.toContain('RETR');
    expect(server.commandsOf(2).filter((c) => c.startsWith('DELE'))).toHaveLength(4);
    expect(second.deleted).toBe(4);
    expect(server.mailbox()).toEqual([]);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('leaves mail on the server in keep mode and never downloads it twice', async () => {
    const originals = mailbox(3);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'secret' } });
    fx = syncFixture(server, { retention: { mode: 'keep' } });
    expect((await fx.sync()).retrieved).toBe(3);
    const second = await fx.sync();
    expect(second.retrieved).toBe(0);
    expect(second.skipped).toBe(3);
    expect(verbs(server.commandsOf(2))).not.toContain('RETR');
    expect(server.mailbox()).toHaveLength(3);
  });

  it('deletes from the server what the user asked for, in the next session', async () => {
    server = await startScriptedServer({ mailbox: mailbox(3), users: { user: 'secret' } });
    fx = syncFixture(server, { retention: { mode: 'keep' } });
    await fx.sync();
    const [first] = fx.store.messages.list({ limit: 1, sort: 'date', order: 'asc' });
    fx.store.messages.requestServerDelete([first!.id]);
    const r = await fx.sync();
    expect(r.deleted).toBe(1);
    expect(server.mailbox()).toHaveLength(2);
  });

  it('fetches only the headers of a message over the size limit and never deletes it by policy', async () => {
    const big = syntheticMessage(99, 50_000);
    server = await startScriptedServer({
      mailbox: [{ body: syntheticMessage(1, 1000) }, { body: big }],
      users: { user: 'secret' },
    });
    fx = syncFixture(server, { maxMessageSize: 10_000 });
    const r = await fx.sync();
    expect(r.retrieved).toBe(2);
    expect(server.commandsOf(1)).toContain('TOP 2 0');
    expect(server.commandsOf(1)).not.toContain('RETR 2');
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m2']);
    const partial = fx.store.messages.list({ limit: 10 }).find((m) => m.headersOnly);
    expect(partial).toBeDefined();
    fx.store.messages.requestFullFetch([partial!.id]);
    await fx.sync();
    expect(server.commandsOf(2)).toContain('RETR 1');
    expect(sha(fx.store.messages.raw(partial!.id)!)).toBe(sha(big));
    expect(server.mailbox()).toEqual([]);
  });

  it('paces logins by LOGIN-DELAY: too early returns the next allowed time without connecting', async () => {
    const caps = [...defaultCapabilities(), 'LOGIN-DELAY 300'];
    server = await startScriptedServer({
      mailbox: mailbox(1),
      users: { user: 'secret' },
      capabilities: caps,
    });
    fx = syncFixture(server);
    const first = await fx.sync();
    expect(first.nextAllowedLogin).toBe(fx.clock.now() + 300_000);
    fx.clock.advance(120_000);
    const early = await fx.sync();
    expect(early.outcome).toBe('too-early');
    expect(early.nextAllowedLogin).toBe(first.nextAllowedLogin);
    expect(server.sessions).toBe(1);
    fx.clock.advance(181_000);
    expect((await fx.sync()).outcome).toBe('ok');
    expect(server.sessions).toBe(2);
  });

  it('treats [LOGIN-DELAY] as retry-later, never as a wrong password', async () => {
    server = await startScriptedServer({
      mailbox: mailbox(1),
      users: { user: 'secret' },
      faults: { errOn: { command: 'PASS', text: '[LOGIN-DELAY] wait 5 minutes' } },
    });
    fx = syncFixture(server);
    const r = await fx.sync();
    expect(r.outcome).toBe('error');
    expect(r.errors[0]?.kind).toBe('login-delay');
    expect(r.nextAllowedLogin).toBe(fx.clock.now() + 300_000);
    expect((await fx.sync()).outcome).toBe('too-early');
    expect(server.sessions).toBe(1);
  });

  it.each([
    ['[IN-USE] locked', 'in-use'],
    ['[SYS/TEMP] later', 'sys-temp'],
    ['[AUTH] bad password', 'auth'],
  ])('classifies PASS -ERR %s as %s', async (text, kind) => {
    server = await startScriptedServer({
      mailbox: mailbox(1),
      users: { user: 'secret' },
      faults: { errOn: { command: 'PASS', text } },
    });
    fx = syncFixture(server);
    const r = await fx.sync();
    expect(r.errors[0]?.kind).toBe(kind);
    expect(server.mailbox()).toHaveLength(1);
  });

  it('syncs a server without UIDL by header hash, without downloading twice', async () => {
    const caps = defaultCapabilities().filter((c) => c !== 'UIDL');
    server = await startScriptedServer({
      mailbox: mailbox(3),
      users: { user: 'secret' },
      capabilities: caps,
      faults: { errOn: { command: 'UIDL', text: 'not implemented' } },
    });
    fx = syncFixture(server, { retention: { mode: 'keep' } });
    const first = await fx.sync();
    expect(first.retrieved).toBe(3);
    const log = fx.store.sessions.log(first.session!).map((l) => l.text);
    expect(log.some((t) => /does not implement UIDL/.test(t))).toBe(true);
    const second = await fx.sync();
    expect(second.retrieved).toBe(0);
    expect(verbs(server.commandsOf(2))).not.toContain('RETR');
  });

  it('recognises messages whose UIDLs the server changed and imports no duplicates', async () => {
    const originals = mailbox(4);
    server = await startScriptedServer({
      mailbox: originals.map((m, i) => ({ uid: `old-${i}`, body: m.body })),
      users: { user: 'secret' },
    });
    fx = syncFixture(server, { retention: { mode: 'keep' } });
    await fx.sync();
    server.setMailbox([
      ...originals.map((m, i) => ({ uid: `new-${i}`, body: m.body })),
      { uid: 'new-x', body: syntheticMessage(500) },
    ]);
    const r = await fx.sync();
    expect(r.retrieved).toBe(1);
    expect(server.commandsOf(2).filter((c) => c.startsWith('RETR'))).toEqual(['RETR 5']);
    const counts = storedCounts(fx.store);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(5);
    const log = fx.store.sessions.log(r.session!).map((l) => l.text);
    expect(log.some((t) => /changed its UIDLs/.test(t))).toBe(true);
  });

  it('refuses a second concurrent sync of the same account', async () => {
    server = await startScriptedServer({
      mailbox: mailbox(2),
      users: { user: 'secret' },
      faults: { slowReplyMs: 30 },
    });
    fx = syncFixture(server);
    const [a, b] = await Promise.all([fx.sync(), fx.sync()]);
    expect([a.outcome, b.outcome].sort()).toEqual(['busy', 'ok']);
    expect(server.sessions).toBe(1);
  });

  it('warns when the server expires mail sooner than the account keeps it', async () => {
    const caps = [...defaultCapabilities(), 'EXPIRE 0'];
    server = await startScriptedServer({
      mailbox: mailbox(1),
      users: { user: 'secret' },
      capabilities: caps,
    });
    fx = syncFixture(server, { retention: { mode: 'keep' } });
    const r = await fx.sync();
    expect(r.warnings.join()).toMatch(/EXPIRE 0/);
  });

  it('reports progress in messages and octets', async () => {
    const originals = mailbox(3, 4000);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'secret' } });
    fx = syncFixture(server);
    const seen: Array<{ messagesDone: number; octetsDone: number; octetsTotal: number }> = [];
    await fx.sync({ onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(last.messagesDone).toBe(3);
    expect(last.octetsDone).toBe(last.octetsTotal);
    expect(last.octetsTotal).toBe(originals.reduce((s, m) => s + m.body.length, 0));
  });

  it('closes a session a killed process left running, with a closing log line', async () => {
    server = await startScriptedServer({ mailbox: mailbox(2), users: { user: 'secret' } });
    fx = syncFixture(server);
    const orphan = fx.store.sessions.start(fx.accountId);
    const r = await fx.sync();
    expect(r.outcome).toBe('ok');
    expect(fx.store.sessions.get(orphan)?.outcome).toBe('interrupted');
    const last = fx.store.sessions.log(orphan).at(-1);
    expect(last?.dir).toBe('I');
    expect(last?.text).toMatch(/interrupted/);
  });

  it('asks for a password it does not have without connecting', async () => {
    server = await startScriptedServer({ mailbox: mailbox(1), users: { user: 'secret' } });
    fx = syncFixture(server);
    const r = await fx.sync({ secret: () => null });
    expect(r.errors[0]?.kind).toBe('no-secret');
    expect(server.sessions).toBe(0);
  });
});

describe('issues carry the kind of what failed', () => {
  it("reports a SQLite failure of a commit as a 'store' issue", async () => {
    const originals = mailbox(2);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'secret' } });
    fx = syncFixture(server);
    const saboteur = new Database(fx.profile.dbPath);
    saboteur.exec(`CREATE TRIGGER fail_m2 BEFORE INSERT ON messages WHEN NEW.uidl = 'm2'
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    saboteur.close();
    const r = await fx.sync();
    expect(r.outcome).toBe('error');
    expect(r.errors[0]).toMatchObject({ kind: 'store', message: 'disk on fire' });
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });

  it("reports a bug as 'internal' even when its words mention the database", async () => {
    const originals = mailbox(1);
    server = await startScriptedServer({ mailbox: originals, users: { user: 'secret' } });
    fx = syncFixture(server);
    const real = storePort(fx.store);
    const r = await fx.sync({
      port: {
        ...real,
        commit() {
          throw new TypeError('database handle used after release');
        },
      },
    });
    expect(r.outcome).toBe('error');
    expect(r.errors[0]).toMatchObject({ kind: 'internal' });
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });
});
