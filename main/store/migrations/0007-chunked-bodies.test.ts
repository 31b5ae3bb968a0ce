import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../mime';
import { CHUNK_OCTETS } from '../staged-bodies';
import { accountSettings } from '../store-test-support';
import { databaseAt, profileForEachTest } from './migration-test-support';

const profile = profileForEachTest();

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('migration 0007-chunked-bodies', () => {
  it('keeps mail stored whole in message_raw readable byte for byte, and chunks new large bodies beside it', async () => {
    // A version-6 store with one message, its bytes in message_raw (odd octets included).
    const old = Buffer.concat([Buffer.from('Subject: old\r\n\r\n'), randomBytes(70_000)]);
    const v6 = databaseAt(6, profile.path);
    v6.prepare(
      `INSERT INTO accounts (host, port, security, user, created_at)
       VALUES ('pop.example.org', 995, 'tls', 'ann', 1)`,
    ).run();
    const messageId = Number(
      v6
        .prepare(
          `INSERT INTO messages (account_id, folder_id, uidl, size, sha256, received_at, partial)
           VALUES (1, (SELECT id FROM folders WHERE account_id = 1), 'u-old', ?, ?, 1, 0)`,
        )
        .run(old.length, sha(old)).lastInsertRowid,
    );
    v6.prepare('INSERT INTO message_raw (message_id, raw) VALUES (?, ?)').run(messageId, old);
    v6.close();

    const store = profile.open();
    expect(store.schemaVersion).toBeGreaterThanOrEqual(7);
    expect(store.messages.raw(messageId)?.equals(old)).toBe(true);
    expect([...(store.messages.rawPieces(messageId) ?? [])]).toHaveLength(1);

    const big = Buffer.concat([Buffer.from('Subject: new\r\n\r\n'), randomBytes(CHUNK_OCTETS + 5)]);
    const stager = store.stagedBodies.stage(1);
    stager.append(big);
    const { messageId: newId } = store.commitMessage({
      accountId: 1,
      uidl: 'u-new',
      raw: stager.finish(),
      sessionId: null,
      parsed: await parseMessage(big.subarray(0, 100)),
      contentKey: null,
      partial: false,
      sha256: sha(big),
    });
    expect(store.messages.raw(newId)?.equals(big)).toBe(true);
    expect(store.messages.raw(messageId)?.equals(old)).toBe(true);
  });

  it('runs on a fresh store as on an upgraded one', () => {
    const store = profile.open();
    const accountId = store.accounts.create(accountSettings()).id;
    expect(() => store.stagedBodies.stage(accountId).finish()).not.toThrow();
  });
});
