// Large messages: past STAGE_OCTETS a body goes to the store in chunks as it arrives. Its bytes
// come back exact wherever a chunk or the switch to chunks falls (inside a CRLF, right after a
// dot-stuffed line), and a drop mid-body leaves no message and no chunks behind.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_OCTETS, openStore } from '../store';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { STAGE_OCTETS } from './read-message';
import { checkInvariant, sha, syncFixture, type SyncFixture } from './sync-test-support';

let server: ScriptedServer | null = null;
let fx: SyncFixture | null = null;
afterEach(async () => {
  fx?.close();
  await server?.close();
  fx = null;
  server = null;
});

/**
 * A message of about `total` octets whose CRLF straddles each offset in `crlfAt` (CR just before
 * it) and whose line at each offset in `dotAt` starts with a dot (stuffed on the wire).
 */
function craftedMessage(total: number, crlfAt: number[], dotAt: number[]): Buffer {
  const parts: string[] = [
    'From: Big <big@example.test>\r\nTo: user@example.test\r\nSubject: crafted large\r\n\r\n',
  ];
  let length = parts[0]!.length;
  const line = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  // Filler lines of 3 to 78 octets until the next line starts exactly at `at`.
  const fillTo = (at: number) => {
    while (at - length > 0) {
      const gap = at - length;
      const n = gap >= 81 ? 78 : gap <= 78 ? gap : gap - 40;
      line(`${'x'.repeat(Math.max(1, n - 2))}\r\n`.slice(0, Math.max(3, n)));
    }
    if (length !== at) throw new Error(`cannot start a line at ${at}`);
  };
  const marks = [
    ...crlfAt.map((at) => ({ at: at - 1 - 10, kind: 'crlf' as const })),
    ...dotAt.map((at) => ({ at, kind: 'dot' as const })),
  ].sort((a, b) => a.at - b.at);
  for (const mark of marks) {
    fillTo(mark.at);
    // 10 octets then CR at at-1 and LF at at; or a line that starts with a dot.
    line(mark.kind === 'crlf' ? '0123456789\r\n' : '.dotted line\r\n');
  }
  fillTo(total);
  return Buffer.from(parts.join(''), 'latin1');
}

function countRows(path: string, sql: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('large bodies stored in chunks', () => {
  it('stores a large body byte-exact across chunk boundaries inside a CRLF and after a dot-stuffed line, then deletes it', async () => {
    const body = craftedMessage(
      STAGE_OCTETS + 3 * CHUNK_OCTETS + 777,
      [CHUNK_OCTETS, STAGE_OCTETS, STAGE_OCTETS + 2 * CHUNK_OCTETS],
      [2 * CHUNK_OCTETS, STAGE_OCTETS + CHUNK_OCTETS, STAGE_OCTETS + 3 * CHUNK_OCTETS],
    );
    expect(body.subarray(CHUNK_OCTETS - 1, CHUNK_OCTETS + 1).toString()).toBe('\r\n');
    expect(body[2 * CHUNK_OCTETS]).toBe(0x2e);
    const small = { body: Buffer.from('Subject: small\r\n\r\n.hello\r\n') };
    const originals = [{ body }, small];
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    fx = syncFixture(server);
    const result = await fx.sync();
    expect(result.errors).toEqual([]);
    expect(result.retrieved).toBe(2);
    const [large] = fx.store.messages.list({ search: 'crafted' });
    expect(large).toBeDefined();
    const stored = fx.store.messages.raw(large!.id);
    expect(stored?.length).toBe(body.length);
    expect(sha(stored!)).toBe(sha(body));
    expect(fx.store.stagedBodies.isChunked(large!.id)).toBe(true);
    const pieces = [...(fx.store.messages.rawPieces(large!.id) ?? [])].map((p) => p.length);
    expect(pieces.slice(0, -1).every((n) => n === CHUNK_OCTETS)).toBe(true);
    expect(server.mailbox()).toEqual([]);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(
      countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_blobs WHERE message_id IS NULL'),
    ).toBe(0);
  });

  it('a drop in the middle of a chunked RETR stores nothing and leaves no chunks; the next session stores it once', async () => {
    const body = craftedMessage(STAGE_OCTETS + 4 * CHUNK_OCTETS, [], [STAGE_OCTETS]);
    const originals = [{ body }];
    server = await startScriptedServer({
      mailbox: originals.map((m) => ({ ...m })),
      faults: { dropMidRetr: { message: 1, afterOctets: STAGE_OCTETS + 2 * CHUNK_OCTETS + 5 } },
    });
    fx = syncFixture(server);
    await fx.sync();
    expect(fx.store.messages.count()).toBe(0);
    expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_chunks')).toBe(0);
    expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_blobs')).toBe(0);
    expect(server.mailbox()).toHaveLength(1);
    expect(checkInvariant(originals, server, fx.store, false)).toEqual([]);

    server.setFaults({});
    fx.clock.advance(60_000);
    await fx.sync();
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    expect(server.mailbox()).toEqual([]);
    expect(
      countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_blobs WHERE message_id IS NULL'),
    ).toBe(0);
  });

  it('a body a crashed process left half-staged is removed when the next sync of that account starts, even one with small mail only', async () => {
    const originals = [{ body: Buffer.from('Subject: small\r\n\r\nhello\r\n') }];
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    fx = syncFixture(server);
    // The crashed process: it staged two chunks, then ended without adopting or discarding them.
    const crashed = openStore(fx.profile.dbPath);
    crashed.stagedBodies.stage(fx.accountId).append(Buffer.alloc(2 * CHUNK_OCTETS, 0x61));
    crashed.close();
    expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_chunks')).toBe(2);

    await fx.sync();
    expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_chunks')).toBe(0);
    expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_blobs')).toBe(0);
    expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
  });

  it('removes a body a crashed import left staged when any account’s sync starts, keeping one another import is still staging', async () => {
    const originals = [{ body: Buffer.from('Subject: small\r\n\r\nhello\r\n') }];
    server = await startScriptedServer({ mailbox: originals.map((m) => ({ ...m })) });
    fx = syncFixture(server);
    // Imports stage under account 0: one import ended mid-body, another is still reading its own.
    const imports = 0;
    const importing = openStore(fx.profile.dbPath);
    try {
      importing.stagedBodies.stage(imports).append(Buffer.alloc(CHUNK_OCTETS, 0x62));
      const crashed = openStore(fx.profile.dbPath);
      crashed.stagedBodies.stage(imports).append(Buffer.alloc(2 * CHUNK_OCTETS, 0x61));
      crashed.close();
      expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_chunks')).toBe(3);

      await fx.sync();
      expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_blobs')).toBe(1);
      expect(countRows(fx.profile.dbPath, 'SELECT count(*) AS n FROM raw_chunks')).toBe(1);
      expect(checkInvariant(originals, server, fx.store, true)).toEqual([]);
    } finally {
      importing.close();
    }
  });
});
