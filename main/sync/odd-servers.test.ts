// Servers that behave oddly, as real ones out there do (issue 8): each case lost, duplicated or
// hung mail before its fix. Every test ends with the invariant (invariant.ts).
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultCapabilities,
  startScriptedServer,
  type ScriptedMessage,
  type ScriptedServer,
  type ScriptedServerOptions,
} from '../testing/scripted-pop3-server';
import { syntheticMessage } from '../testing/dovecot';
import type { AccountSettings } from '../../shared/model/account';
import { storePort } from './store-port';
import { checkInvariant, mailbox, syncFixture, type SyncFixture } from './sync-test-support';

let server: ScriptedServer | undefined;
let fx: SyncFixture | undefined;
afterEach(async () => {
  fx?.close();
  fx = undefined;
  await server?.close();
  server = undefined;
});

const DAY = 86_400_000;

/** Two different messages whose header blocks are byte-for-byte equal. */
function sameHeaders(count: number): ScriptedMessage[] {
  const head = syntheticMessage(1, 100).toString('latin1').split('\r\n\r\n')[0]!;
  return Array.from({ length: count }, (_, i) => ({
    body: Buffer.from(`${head}\r\n\r\nbody number ${i + 1}\r\n`, 'latin1'),
  }));
}

async function setUp(
  messages: ScriptedMessage[],
  settings: Partial<AccountSettings> = {},
  options: Omit<ScriptedServerOptions, 'mailbox'> = {},
): Promise<{ server: ScriptedServer; fx: SyncFixture }> {
  server = await startScriptedServer({
    users: { user: 'secret' },
    ...options,
    mailbox: messages.map((m) => ({ ...m })),
  });
  fx = syncFixture(server, settings);
  return { server, fx };
}

const commands = (s: ScriptedServer, session: number, verb: string) =>
  s.commandsOf(session).filter((c) => c.split(' ')[0] === verb);

const logOf = (f: SyncFixture, session: number | null) =>
  f.store.sessions.log(session!).map((l) => `${l.dir} ${l.text}`);

describe('duplicate UIDLs and equal header keys', () => {
  it('stores two different messages listed under one UIDL once each, and deletes each only after its own commit', async () => {
    const [a, b, c] = mailbox(3);
    const originals = [
      { uid: 'dup', body: a!.body },
      { uid: 'dup', body: b!.body },
      { uid: 'u3', body: c!.body },
    ];
    const { server, fx } = await setUp(originals);
    const r = await fx.sync();
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(r.retrieved).toBe(3);
    expect(server.mailbox()).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/UIDL dup/);
  });

  it('never deletes on an ambiguous UIDL: the message whose RETR failed is fetched in the next session, not deleted', async () => {
    const [a, b] = mailbox(2);
    const originals = [
      { uid: 'dup', body: a!.body },
      { uid: 'dup', body: b!.body },
    ];
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: { errOn: { command: 'RETR', arg: '2', session: 1, text: 'unreadable now' } },
      },
    );
    const first = await fx.sync();
    expect(first.outcome).toBe('partial');
    expect(commands(server, 1, 'DELE')).toEqual(['DELE 1']);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
    // Only the second message is left, alone under the once-ambiguous UIDL.
    const second = await fx.sync();
    expect(commands(server, 2, 'RETR')).toEqual(['RETR 1']);
    expect(second.retrieved).toBe(1);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(server.mailbox()).toEqual([]);
  });

  it('leaves duplicate-UIDL mail on the server in keep mode and stores nothing twice over repeated sessions', async () => {
    const [a, b] = mailbox(2);
    const originals = [
      { uid: 'dup', body: a!.body },
      { uid: 'dup', body: b!.body },
    ];
    const { server, fx } = await setUp(originals, { retention: { mode: 'keep' } });
    expect((await fx.sync()).retrieved).toBe(2);
    const again = await fx.sync();
    expect(again.retrieved).toBe(0);
    expect(again.outcome).toBe('ok');
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(server.mailbox()).toHaveLength(2);
  });

  it('stores both of two messages with equal headers on a server without UIDL, then deletes them', async () => {
    const originals = sameHeaders(2);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        capabilities: defaultCapabilities().filter((c) => c !== 'UIDL'),
      },
    );
    const r = await fx.sync();
    expect(r.retrieved).toBe(2);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(server.mailbox()).toEqual([]);
  });

  it('stores a message whose key already names other bytes under its own key instead of counting a refused commit', async () => {
    const [a, b] = mailbox(2);
    const { server, fx } = await setUp([{ uid: 'x', body: a!.body }], {
      retention: { mode: 'keep' },
    });
    await fx.sync();
    // The server reuses the UIDL for another message (and the first one went away).
    server.setMailbox([{ uid: 'x', body: b!.body }]);
    fx.store.uidl.markGone(fx.accountId, ['x']);
    const r = await fx.sync();
    expect(r.retrieved).toBe(1);
    expect(checkInvariant([a!, b!], server, fx.store, true)).toEqual([]);
  });
});

describe('headers-only messages', () => {
  it('never deletes a headers-only message whose UIDL changed (re-link by content, TOP offered)', async () => {
    const big = { uid: 'u1', body: syntheticMessage(9, 50_000) };
    const { server, fx } = await setUp([big], { maxMessageSize: 10_000 });
    await fx.sync();
    expect(server.mailbox()).toHaveLength(1);
    server.setMailbox([{ uid: 'u2', body: big.body }]);
    const r = await fx.sync();
    expect(commands(server, 2, 'DELE')).toEqual([]);
    expect(server.mailbox()).toHaveLength(1);
    expect(r.deleted).toBe(0);
    expect(fx.store.messages.count()).toBe(1);
    expect(checkInvariant([big], server, fx.store, false)).toEqual([]);
  });

  it('completes, rather than deletes, a headers-only copy whose renamed message arrives whole (server without TOP)', async () => {
    const big = { uid: 'u1', body: syntheticMessage(9, 50_000) };
    const { server, fx } = await setUp([big], { maxMessageSize: 10_000 });
    await fx.sync();
    // The limit is lifted, the server migrates (new UIDLs) and no longer offers TOP.
    fx.store.accounts.update(fx.accountId, { maxMessageSize: null });
    server.setMailbox([{ uid: 'u2', body: big.body }]);
    const after = await startScriptedServer({
      users: { user: 'secret' },
      mailbox: server.mailbox(),
      capabilities: defaultCapabilities().filter((c) => c !== 'TOP'),
    });
    fx.store.accounts.update(fx.accountId, { port: after.port });
    try {
      await fx.sync();
      expect(commands(after, 1, 'TOP')).toEqual([]);
      expect(checkInvariant([big], after, fx.store, true)).toEqual([]);
      expect(fx.store.messages.count()).toBe(1);
      expect(after.mailbox()).toEqual([]);
    } finally {
      await after.close();
    }
  });
});

describe('a whole message renamed, then fetched headers-only', () => {
  it('links the headers-only fetch to the stored whole copy, so "download in full" stores nothing twice', async () => {
    const big = { uid: 'u1', body: syntheticMessage(9, 50_000) };
    const { server, fx } = await setUp([big], { retention: { mode: 'keep' } });
    await fx.sync();
    // The server renames it; the next session deletes and has a size limit (delete mode: no relink pass).
    server.setMailbox([{ uid: 'u2', body: big.body }]);
    fx.store.accounts.update(fx.accountId, {
      retention: { mode: 'delete' },
      maxMessageSize: 10_000,
    });
    await fx.sync();
    expect(commands(server, 2, 'TOP')).toEqual(['TOP 1 0']);
    expect(commands(server, 2, 'DELE')).toEqual([]);
    expect(fx.store.messages.list({ limit: 10 }).filter((m) => m.headersOnly)).toEqual([]);
    expect(checkInvariant([big], server, fx.store, true)).toEqual([]);
    // No limit now: the link by headers alone is verified by RETR before the DELE.
    fx.store.accounts.update(fx.accountId, { maxMessageSize: null });
    const r = await fx.sync();
    expect(commands(server, 3, 'RETR')).toEqual(['RETR 1']);
    expect(r.deleted).toBe(1);
    expect(fx.store.messages.count()).toBe(1);
    expect(checkInvariant([big], server, fx.store, true)).toEqual([]);
  });

  it("never deletes a different message that shares the stored one's headers on the strength of that link", async () => {
    const [a, b] = sameHeaders(2).map((m, i) => ({
      uid: `u${i + 1}`,
      body: Buffer.concat([m.body, Buffer.from(`${'x'.repeat(20_000)}\r\n`)]),
    }));
    const { server, fx } = await setUp([a!], { retention: { mode: 'keep' } });
    await fx.sync();
    // The first message goes; another with the very same header block arrives, over the limit.
    server.setMailbox([b!]);
    fx.store.accounts.update(fx.accountId, {
      retention: { mode: 'delete' },
      maxMessageSize: 10_000,
    });
    await fx.sync();
    expect(commands(server, 2, 'DELE')).toEqual([]);
    expect(checkInvariant([a!, b!], server, fx.store, false)).toEqual([]);
    await fx.sync();
    expect(commands(server, 3, 'DELE')).toEqual([]);
    expect(server.mailbox()).toHaveLength(1);
    // Without the limit its own bytes are fetched, stored, and only then deleted.
    fx.store.accounts.update(fx.accountId, { maxMessageSize: null });
    await fx.sync();
    expect(commands(server, 4, 'RETR')).toEqual(['RETR 1']);
    expect(server.mailbox()).toEqual([]);
    expect(checkInvariant([a!, b!], server, fx.store, true)).toEqual([]);
  });
});

describe('a UIDL seen but never committed, gone and back', () => {
  it.each([['delete'], ['keep']] as const)(
    'is fetched as new under %s, and never deleted before it is stored',
    async (mode) => {
      const originals = mailbox(2);
      const { server, fx } = await setUp(
        originals,
        { retention: { mode } },
        {
          faults: { errOn: { command: 'RETR', arg: '2', session: 1 } },
        },
      );
      await fx.sync();
      const m2 = server.mailbox().find((m) => m.uid === 'm2')!;
      // It vanishes for one session, then comes back.
      server.setMailbox(server.mailbox().filter((m) => m.uid !== 'm2'));
      await fx.sync();
      server.setMailbox([...server.mailbox(), m2]);
      const r = await fx.sync();
      expect(commands(server, 3, 'RETR')).toHaveLength(1);
      expect(r.retrieved).toBe(1);
      expect(r.outcome).toBe('ok');
      expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    },
  );

  it('closes without QUIT, row finished and socket closed, when the DELE bookkeeping cannot be written', async () => {
    const originals = mailbox(2);
    const { server, fx } = await setUp(originals);
    const real = storePort(fx.store);
    const r = await fx.sync({
      port: {
        ...real,
        markDeleSent() {
          throw new Error('disk I/O error');
        },
      },
    });
    await server.idle();
    expect(r.outcome).toBe('error');
    expect(commands(server, 1, 'QUIT')).toEqual([]);
    expect(server.mailbox()).toHaveLength(2);
    expect(
      logOf(fx, r.session).some((l) => /^I no QUIT: the deletions could not be recorded/.test(l)),
    ).toBe(true);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });
});

describe('connection lost between commands', () => {
  it('is never "ok": the log says the connection was lost and no QUIT was sent', async () => {
    const originals = mailbox(1);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: { rawOn: { command: 'DELE', bytes: '+OK deleted\r\n', then: 'close' } },
      },
    );
    const r = await fx.sync();
    expect(r.outcome).toBe('error');
    expect(r.reachedUpdate).toBe(false);
    expect(r.deleted).toBe(0);
    expect(
      logOf(fx, r.session).some((l) => /^I no (reply to )?QUIT: connection lost/.test(l)),
    ).toBe(true);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
    server.setFaults({});
    expect((await fx.sync()).outcome).toBe('ok');
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });
});

describe('odd listings', () => {
  it('asks for the UIDL of a message whose line in the listing is malformed, and syncs the others', async () => {
    const originals = mailbox(3);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: {
          rawOn: { command: 'UIDL', arg: '', bytes: '+OK\r\n1 m1\r\n2 two words\r\n3 m3\r\n.\r\n' },
        },
      },
    );
    const r = await fx.sync();
    expect(server.commandsOf(1)).toContain('UIDL 2');
    expect(r.outcome).toBe('ok');
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('leaves on the server, named in a warning, a message with no usable UIDL; the others proceed', async () => {
    const originals = mailbox(3);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: {
          rawOn: [
            { command: 'UIDL', arg: '', bytes: '+OK\r\n1 m1\r\n2 two words\r\n3 m3\r\n.\r\n' },
            { command: 'UIDL', arg: '2', bytes: '+OK 2 two words\r\n' },
          ],
        },
      },
    );
    const r = await fx.sync();
    expect(r.outcome).toBe('partial');
    expect(r.warnings.join('\n')).toMatch(/message 2 has no usable UIDL/);
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m2']);
    expect(r.retrieved).toBe(2);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });

  it('leaves a message with a malformed LIST line on the server, named in a warning; the others proceed', async () => {
    const originals = mailbox(3);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: {
          rawOn: { command: 'LIST', arg: '', bytes: '+OK\r\n1 2079\r\n2 lots\r\n3 2079\r\n.\r\n' },
        },
      },
    );
    const r = await fx.sync();
    expect(r.outcome).toBe('partial');
    expect(r.warnings.join('\n')).toMatch(/LIST line "2 lots" is malformed/);
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m2']);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });

  it('fetches the messages a short UIDL listing leaves out', async () => {
    const originals = mailbox(3);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: { rawOn: { command: 'UIDL', arg: '', bytes: '+OK\r\n1 m1\r\n.\r\n' } },
      },
    );
    const r = await fx.sync();
    expect(r.retrieved).toBe(3);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('takes a huge LIST size as a hint, not an allocation', async () => {
    const originals = mailbox(1);
    const { server, fx } = await setUp(
      originals,
      {},
      {
        faults: {
          rawOn: { command: 'LIST', arg: '', bytes: '+OK\r\n1 99999999999999999999\r\n.\r\n' },
        },
      },
    );
    const r = await fx.sync();
    expect(r.errors).toEqual([]);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('tries UIDL when CAPA does not list it, instead of hashing headers', async () => {
    const originals = mailbox(2);
    const { server, fx } = await setUp(
      originals,
      { retention: { mode: 'keep' } },
      {
        capabilities: ['USER', 'PIPELINING'],
        supports: { uidl: true, top: true },
      },
    );
    await fx.sync();
    expect(commands(server, 1, 'UIDL')).toEqual(['UIDL']);
    expect(commands(server, 1, 'TOP')).toEqual([]);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });
});

describe('EXPIRE 0', () => {
  const expireZero = { capabilities: [...defaultCapabilities(), 'EXPIRE 0'], expireZero: true };

  it('sends no TOP: a message over the size limit stays on the server, untouched, with a warning', async () => {
    const originals = [{ body: syntheticMessage(1, 1000) }, { body: syntheticMessage(2, 50_000) }];
    const { server, fx } = await setUp(originals, { maxMessageSize: 10_000 }, expireZero);
    const r = await fx.sync();
    expect(commands(server, 1, 'TOP')).toEqual([]);
    expect(server.mailbox().map((m) => m.uid)).toEqual(['m2']);
    expect(r.outcome).toBe('partial');
    expect(r.warnings.join('\n')).toMatch(/message 2.*EXPIRE 0/);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
  });

  it('closes without QUIT when something it read was not stored, so the server expunges nothing', async () => {
    const originals = mailbox(3);
    const { server, fx } = await setUp(originals, { retention: { mode: 'keep' } }, expireZero);
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
    await server.idle();
    expect(commands(server, 1, 'QUIT')).toEqual([]);
    expect(server.mailbox()).toHaveLength(3);
    expect(logOf(fx, r.session).some((l) => /^I no QUIT: .*EXPIRE 0.*message\(s\) 2/.test(l))).toBe(
      true,
    );
    expect(r.warnings.join('\n')).toMatch(/EXPIRE 0/);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);
    expect((await fx.sync()).reachedUpdate).toBe(true);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('identifies messages by their content after RETR when the server has no UIDL either', async () => {
    const originals = sameHeaders(2);
    const { server, fx } = await setUp(
      originals,
      { retention: { mode: 'keep' } },
      {
        ...expireZero,
        capabilities: [...defaultCapabilities().filter((c) => c !== 'UIDL'), 'EXPIRE 0'],
      },
    );
    const r = await fx.sync();
    expect(commands(server, 1, 'TOP')).toEqual([]);
    expect(r.reachedUpdate).toBe(true);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });
});

describe('keep-days', () => {
  it('counts from when the message was first seen, not from its late commit', async () => {
    const originals = mailbox(1);
    const { server, fx } = await setUp(
      originals,
      { retention: { mode: 'keep-days', days: 3 } },
      {
        faults: { errOn: { command: 'RETR', session: 1 } },
      },
    );
    await fx.sync();
    fx.clock.advance(2 * DAY);
    expect((await fx.sync()).retrieved).toBe(1);
    fx.clock.advance(1 * DAY);
    const r = await fx.sync();
    expect(r.deleted).toBe(1);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });
});
