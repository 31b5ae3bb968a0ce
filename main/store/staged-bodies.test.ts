import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../mime';
import { openStore, type Store } from './open-store';
import { processStartTime } from './process-alive';
import { CHUNK_OCTETS, type StagedBody } from './staged-bodies';
import {
  accountSettings,
  startChildProcess,
  tempProfile,
  type TempProfile,
} from './store-test-support';

let profile: TempProfile;
let store: Store;
let accountId: number;
beforeEach(() => {
  profile = tempProfile();
  store = openStore(profile.dbPath);
  accountId = store.accounts.create(accountSettings()).id;
});
afterEach(() => {
  store.close();
  profile.remove();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function count(sql: string): number {
  const db = new Database(profile.dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The pseudo account imports stage under (main/mailbox/import-mail.ts). */
const IMPORTS = 0;

/** Commits the staged body as a message of the account, its bytes `raw`. */
async function commitBody(raw: Buffer, body: StagedBody, uidl = `u-${body.blobId}`) {
  return store.commitMessage({
    accountId,
    uidl,
    raw: body,
    sessionId: null,
    parsed: await parseMessage(raw.subarray(0, 4096)),
    contentKey: null,
    partial: false,
    sha256: sha(raw),
  });
}

async function commitStaged(raw: Buffer, pieces: number[], uidl = 'u1') {
  const stager = store.stagedBodies.stage(accountId);
  let at = 0;
  for (const n of pieces) {
    stager.append(raw.subarray(at, at + n));
    at += n;
  }
  stager.append(raw.subarray(at));
  return commitBody(raw, stager.finish(), uidl);
}

describe('staged bodies', () => {
  it('stores a body in chunks and reads it back byte for byte, whatever the appends cut', async () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: big\r\n\r\n'),
      randomBytes(2 * CHUNK_OCTETS + 12345),
    ]);
    // Appends that end one octet before, exactly at and one after a chunk's end.
    const { messageId } = await commitStaged(raw, [CHUNK_OCTETS - 1, 1, 2, CHUNK_OCTETS - 3, 7]);
    expect(store.messages.raw(messageId)?.equals(raw)).toBe(true);
    const pieces = [...(store.messages.rawPieces(messageId) ?? [])];
    expect(pieces.map((p) => p.length)).toEqual([
      CHUNK_OCTETS,
      CHUNK_OCTETS,
      raw.length - 2 * CHUNK_OCTETS,
    ]);
    expect(store.messages.get(messageId)?.size).toBe(raw.length);
    expect(count('SELECT count(*) AS n FROM message_raw')).toBe(0);
  });

  it('is adopted once: a second commit of the same staged body is refused and stores nothing', async () => {
    const raw = Buffer.concat([Buffer.from('Subject: twice\r\n\r\n'), randomBytes(1000)]);
    const stager = store.stagedBodies.stage(accountId);
    stager.append(raw);
    const body = stager.finish();
    const input = {
      accountId,
      raw: body,
      sessionId: null,
      parsed: await parseMessage(raw),
      contentKey: null,
      partial: false,
      sha256: sha(raw),
    };
    store.commitMessage({ ...input, uidl: 'a' });
    expect(() => store.commitMessage({ ...input, uidl: 'b' })).toThrow(/adopted already/);
    expect(store.messages.count()).toBe(1);
    // A size that is not what was staged is refused too.
    const other = store.stagedBodies.stage(accountId);
    other.append(raw);
    const wrong = { ...other.finish(), size: raw.length + 1 };
    expect(() => store.commitMessage({ ...input, raw: wrong, uidl: 'c' })).toThrow(
      /not \d+ octets/,
    );
    expect(store.messages.count()).toBe(1);
  });

  it('removes a body a closed Store left staged when the account stages again, keeping live ones', () => {
    const left = openStore(profile.dbPath);
    left.stagedBodies.stage(accountId).append(randomBytes(CHUNK_OCTETS + 10));
    // Closed without adopting or discarding it, as a crash ends a Store: nothing can adopt it now.
    left.close();
    const mine = store.stagedBodies.stage(accountId);
    mine.append(randomBytes(10));
    expect(count('SELECT count(*) AS n FROM raw_blobs')).toBe(1);
    // Staging another while the first is still being written keeps the first.
    store.stagedBodies.stage(accountId).append(randomBytes(10));
    expect(count('SELECT count(*) AS n FROM raw_blobs')).toBe(2);
    expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(0);
    mine.finish();
    expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(1);
  });

  it('keeps the body another open Store is staging for imports (no lock there) and lets it be adopted whole', async () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: first\r\n\r\n'),
      randomBytes(2 * CHUNK_OCTETS + 99),
    ]);
    const first = store.stagedBodies.stage(IMPORTS);
    first.append(raw.subarray(0, CHUNK_OCTETS + 5));
    // The CLI's import in another process, on its own connection, stages and looks for leftovers.
    const other = openStore(profile.dbPath);
    try {
      const second = other.stagedBodies.stage(IMPORTS);
      second.append(randomBytes(CHUNK_OCTETS + 1));
      expect(other.stagedBodies.removeLeftovers(IMPORTS)).toBe(0);
      first.append(raw.subarray(CHUNK_OCTETS + 5));
      // And the other way round: this one's next body leaves the other's alone.
      store.stagedBodies.stage(IMPORTS).discard();
      expect(store.stagedBodies.removeLeftovers(IMPORTS)).toBe(0);
      expect(second.finish().size).toBe(CHUNK_OCTETS + 1);

      const { messageId } = await commitBody(raw, first.finish());
      expect(store.messages.raw(messageId)?.equals(raw)).toBe(true);
      expect(count('SELECT count(*) AS n FROM raw_blobs WHERE message_id IS NULL')).toBe(1);
    } finally {
      other.close();
    }
  });

  it('keeps a live process’s staged body, and removes it once that process has died', async () => {
    const child = startChildProcess('staging-child.ts', [profile.dbPath, String(IMPORTS)]);
    try {
      await child.next();
      const theirs = Number((await child.send(`stage ${CHUNK_OCTETS + 3}`)).split(' ')[1]);
      const raw = Buffer.concat([Buffer.from('Subject: mine\r\n\r\n'), randomBytes(CHUNK_OCTETS)]);
      const mine = store.stagedBodies.stage(IMPORTS);
      mine.append(raw.subarray(0, 100));
      expect(count(`SELECT count(*) AS n FROM raw_chunks WHERE blob_id = ${theirs}`)).toBe(2);
      // The other process staging again (its stage() clears leftovers first) keeps this one's.
      expect(await child.send('stage 10')).toMatch(/^staged \d+$/);
      expect(await child.send('leftovers')).toBe('removed 0');
      mine.append(raw.subarray(100));
      const { messageId } = await commitBody(raw, mine.finish());
      expect(store.messages.raw(messageId)?.equals(raw)).toBe(true);
      expect(store.stagedBodies.removeLeftovers(IMPORTS)).toBe(0);

      child.child.stdin.write('crash\n');
      await child.exited;
      // Its pid is gone: both of its bodies are leftovers now, and only they go.
      expect(store.stagedBodies.removeLeftovers(IMPORTS)).toBe(2);
      expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(2);
      expect(store.messages.raw(messageId)?.equals(raw)).toBe(true);
    } finally {
      child.child.kill();
    }
  });

  it('takes a body whose process id now names a process started later for a leftover', () => {
    // Linux says when a process started; the build machines and CI are Linux.
    expect(processStartTime(process.pid)).toEqual(expect.any(Number));
    store.stagedBodies.stage(IMPORTS).append(randomBytes(10));
    expect(store.stagedBodies.removeLeftovers(IMPORTS)).toBe(0);
    // As if a process that started earlier, and is gone, had staged it under this process's pid.
    const db = new Database(profile.dbPath);
    db.prepare('UPDATE raw_blobs SET owner_started = owner_started - 1').run();
    db.close();
    expect(store.stagedBodies.removeLeftovers(IMPORTS)).toBe(1);
  });

  it('a discarded body leaves no chunks; a message deleted for good takes its chunks along', async () => {
    const stager = store.stagedBodies.stage(accountId);
    stager.append(randomBytes(CHUNK_OCTETS + 1));
    stager.discard();
    expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(0);
    const raw = Buffer.concat([Buffer.from('Subject: gone\r\n\r\n'), randomBytes(CHUNK_OCTETS)]);
    const { messageId } = await commitStaged(raw, []);
    expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(2);
    const db = new Database(profile.dbPath);
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM messages WHERE id = ?').run(messageId);
    db.close();
    expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(0);
    expect(count('SELECT count(*) AS n FROM raw_blobs')).toBe(0);
  });
});
