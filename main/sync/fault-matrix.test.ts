// The fault matrix: a mailbox of 20 messages, a fault at every point of a session, then one clean
// sync. Nothing may be lost, nothing stored twice, and a message leaves the server only once
// committed.
import { beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedFaults } from '../testing/scripted-pop3-server';
import { checkInvariant, mailbox, syncFixture } from './sync-test-support';

const ORIGINALS = mailbox(20, 3000);
let cleanSessionLength = 0;

beforeAll(async () => {
  // Measure how many lines a clean session sends, so the matrix drops after each of them.
  const server = await startScriptedServer({
    mailbox: ORIGINALS.map((m) => ({ ...m })),
    users: { user: 'secret' },
  });
  const fx = syncFixture(server);
  await fx.sync();
  cleanSessionLength = server.commandsOf(1).length;
  fx.close();
  await server.close();
});

interface Case {
  name: string;
  faults: ScriptedFaults;
}

function cases(): Case[] {
  const out: Case[] = [];
  // 20 RETR + 20 DELE + CAPA, USER, PASS, UIDL, LIST, QUIT: 46 lines; a few more cover re-CAPA.
  for (let k = 1; k <= 48; k++) {
    out.push({ name: `drop on receiving line ${k}`, faults: { dropAfterCommand: k } });
    out.push({ name: `drop after executing line ${k}`, faults: { dropAfterExecuting: k } });
  }
  for (const n of [1, 7, 20])
    out.push({ name: `drop in the middle of RETR ${n}`, faults: { dropMidRetr: n } });
  out.push({ name: 'RETR 9 without terminator', faults: { missingTerminator: 9 } });
  out.push({
    name: '-ERR to DELE 5',
    faults: { errOn: { command: 'DELE', arg: '5', text: 'cannot delete' } },
  });
  out.push({
    name: '-ERR to every DELE',
    faults: { errOn: { command: 'DELE', text: '[SYS/TEMP] busy' } },
  });
  out.push({
    name: '-ERR to QUIT',
    faults: { errOn: { command: 'QUIT', text: 'some deletions failed' } },
  });
  out.push({
    name: '-ERR to RETR 3',
    faults: { errOn: { command: 'RETR', arg: '3', text: 'unreadable' } },
  });
  out.push({
    name: 'garbage instead of a RETR reply',
    faults: { rawOn: { command: 'RETR', arg: '4', bytes: 'garbage\r\n', then: 'close' } },
  });
  return out;
}

describe.each([
  ['pipelining on', true],
  ['pipelining off', false],
])('fault matrix, %s', (_label, pipelining) => {
  it('covers every line of a clean session', () => {
    expect(cleanSessionLength).toBeGreaterThanOrEqual(46);
    expect(cleanSessionLength).toBeLessThanOrEqual(48);
  });

  it.each(cases())('$name: nothing lost, nothing twice', async ({ faults }) => {
    const server = await startScriptedServer({
      mailbox: ORIGINALS.map((m) => ({ ...m })),
      users: { user: 'secret' },
      faults,
    });
    const fx = syncFixture(server);
    try {
      const connectOptions = { pipelining, connectTimeoutMs: 3000, idleTimeoutMs: 1500 };
      const faulty = await fx.sync({ connectOptions });
      await server.idle();
      expect(checkInvariant(ORIGINALS, server, fx.store, false)).toEqual([]);
      // A message may leave the server only if its commit happened first.
      const storedOrOnServer = server.mailbox().length + fx.store.messages.count();
      expect(storedOrOnServer).toBeGreaterThanOrEqual(20);
      if (!faulty.reachedUpdate) expect(faulty.deleted).toBe(0);

      server.setFaults({});
      const clean = await fx.sync({ connectOptions });
      expect(clean.outcome).toBe('ok');
      expect(checkInvariant(ORIGINALS, server, fx.store, true)).toEqual([]);
      expect(server.mailbox()).toEqual([]);
      expect(fx.store.messages.count()).toBe(20);
      // The clean session never downloads again what an earlier one committed.
      const retrs = server.commandsOf(server.sessions).filter((c) => c.startsWith('RETR')).length;
      expect(retrs).toBe(clean.retrieved);
    } finally {
      fx.close();
      await server.close();
    }
  });
});
