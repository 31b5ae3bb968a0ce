import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../mime';
import { openStore, type Store } from './open-store';
import { CHUNK_OCTETS } from './staged-bodies';
import { accountSettings, tempProfile, type TempProfile } from './store-test-support';

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

async function commitStaged(raw: Buffer, pieces: number[], uidl = 'u1') {
  const stager = store.stagedBodies.stage(accountId);
  let at = 0;
  for (const n of pieces) {
    stager.append(raw.subarray(at, at + n));
    at += n;
  }
  stager.append(raw.subarray(at));
  const body = stager.finish();
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

  it('removes a body a crashed process left staged when the account stages again, keeping live ones', () => {
    const left = store.stagedBodies.stage(accountId);
    left.append(randomBytes(CHUNK_OCTETS + 10));
    // Another process (after the crash of this one) stages a body for the same account.
    const next = openStore(profile.dbPath);
    try {
      const mine = next.stagedBodies.stage(accountId);
      mine.append(randomBytes(10));
      expect(count('SELECT count(*) AS n FROM raw_blobs')).toBe(1);
      // Staging another while the first is still being written keeps the first.
      next.stagedBodies.stage(accountId).append(randomBytes(10));
      expect(count('SELECT count(*) AS n FROM raw_blobs')).toBe(2);
      expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(0);
      mine.finish();
      expect(count('SELECT count(*) AS n FROM raw_chunks')).toBe(1);
    } finally {
      next.close();
    }
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
