import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../mime';
import { latestVersion } from '../migrate';
import { processStartTime } from '../process-alive';
import { CHUNK_OCTETS } from '../staged-bodies';
import { databaseAt, insertAccount, profileForEachTest } from './migration-test-support';

const profile = profileForEachTest();

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const blobs = () => {
  const db = new Database(profile.path, { readonly: true });
  try {
    return db
      .prepare('SELECT id, message_id, owner, owner_pid, owner_started FROM raw_blobs ORDER BY id')
      .all();
  } finally {
    db.close();
  }
};

describe('migration 0009-staged-body-owners', () => {
  it('takes a body staged before it for a leftover, keeps an adopted one, and names the owner of new ones', async () => {
    // A version-8 store: one chunked message (adopted) and one body a process left staged.
    const kept = Buffer.concat([Buffer.from('Subject: kept\r\n\r\n'), randomBytes(CHUNK_OCTETS)]);
    const v8 = databaseAt(8, profile.path);
    const accountId = insertAccount(v8);
    const messageId = Number(
      v8
        .prepare(
          `INSERT INTO messages (account_id, folder_id, uidl, size, sha256, received_at, partial)
           VALUES (?, (SELECT id FROM folders WHERE account_id = ?), 'u-kept', ?, ?, 1, 0)`,
        )
        .run(accountId, accountId, kept.length, sha(kept)).lastInsertRowid,
    );
    const blob = v8.prepare(
      'INSERT INTO raw_blobs (account_id, size, chunks, message_id) VALUES (?, ?, 1, ?)',
    );
    const chunk = v8.prepare('INSERT INTO raw_chunks (blob_id, seq, data) VALUES (?, 0, ?)');
    chunk.run(blob.run(accountId, kept.length, messageId).lastInsertRowid, kept);
    chunk.run(blob.run(accountId, 10, null).lastInsertRowid, randomBytes(10));
    v8.close();

    const store = profile.open();
    expect(store.schemaVersion).toBe(latestVersion());
    expect(blobs()).toEqual([
      { id: 1, message_id: messageId, owner: null, owner_pid: null, owner_started: null },
      { id: 2, message_id: null, owner: null, owner_pid: null, owner_started: null },
    ]);
    expect(store.messages.raw(messageId)?.equals(kept)).toBe(true);

    // Its writer cannot be told alive: the first clean-up removes it, and only it.
    expect(store.stagedBodies.removeLeftovers(accountId)).toBe(1);
    const big = Buffer.concat([Buffer.from('Subject: new\r\n\r\n'), randomBytes(CHUNK_OCTETS)]);
    const stager = store.stagedBodies.stage(accountId);
    stager.append(big);
    expect(blobs()).toEqual([
      expect.objectContaining({ id: 1, message_id: messageId }),
      {
        id: 2,
        message_id: null,
        owner: expect.any(String),
        owner_pid: process.pid,
        owner_started: processStartTime(process.pid),
      },
    ]);
    const { messageId: newId } = store.commitMessage({
      accountId,
      uidl: 'u-new',
      raw: stager.finish(),
      sessionId: null,
      parsed: await parseMessage(big.subarray(0, 100)),
      contentKey: null,
      partial: false,
      sha256: sha(big),
    });
    expect(store.messages.raw(newId)?.equals(big)).toBe(true);
    expect(store.messages.raw(messageId)?.equals(kept)).toBe(true);
  });
});
