import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../mime';
import { latestVersion } from '../migrate';
import { openStore } from '../open-store';
import { reindexQueuedSearch } from '../search-reindex';
import { accountSettings, tempProfile, type TempProfile } from '../store-test-support';

let profile: TempProfile;
beforeEach(() => {
  profile = tempProfile();
});
afterEach(() => profile.remove());

const mail = (subject: string, body: string) =>
  Buffer.from(
    `From: bob@example.org\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString('base64')}\r\n`,
  );

/** A version-5 database: messages indexed as before 0006, each CJK run one unicode61 token. */
async function version5Store(messages: Record<string, Buffer>): Promise<Record<string, number>> {
  const store = openStore(profile.dbPath);
  const accountId = store.accounts.create(accountSettings()).id;
  const ids: Record<string, number> = {};
  for (const [uidl, raw] of Object.entries(messages)) {
    const parsed = await parseMessage(raw);
    ids[uidl] = store.commitMessage({
      accountId,
      uidl,
      raw,
      sessionId: null,
      parsed,
      contentKey: null,
      partial: false,
    }).messageId;
  }
  store.close();
  const db = new Database(profile.dbPath);
  const rows = db.prepare<[], { id: number; raw: Buffer }>(
    'SELECT message_id AS id, raw FROM message_raw',
  );
  for (const { id, raw } of rows.all()) {
    const parsed = await parseMessage(raw);
    db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(id);
    db.prepare(
      'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)',
    ).run(id, parsed.subject, 'bob@example.org', parsed.bodyText);
  }
  // Back to version 5: without what 0006 and the versions after it added (a new migration adds
  // its undoing here).
  db.exec(
    `DROP TABLE fts_reindex; DROP TABLE raw_chunks; DROP TABLE raw_blobs;
     ALTER TABLE identities DROP COLUMN cert_fingerprint256;
     ALTER TABLE sync_locks DROP COLUMN pid_started; ALTER TABLE outbox DROP COLUMN claim_pid_started;
     PRAGMA user_version = 5;`,
  );
  db.close();
  return ids;
}

describe('migration 0006-cjk-search', () => {
  it('queues only live mail showing CJK, and re-indexing it makes a word inside CJK text findable', async () => {
    const ids = await version5Store({
      ja: mail('図書館のお知らせ', '東京都の新しい図書館は来月開館する予定です。'),
      latin: mail('Quarterly report', 'The planning agenda is attached.'),
      gone: mail('削除済み', '新しい図書館'),
    });
    const db = new Database(profile.dbPath);
    db.prepare('UPDATE messages SET deleted_locally = 1 WHERE id = ?').run(ids.gone);
    db.close();

    const store = openStore(profile.dbPath);
    try {
      expect(store.schemaVersion).toBe(latestVersion());
      expect(store.searchReindex.pending(10).map((entry) => entry.id)).toEqual([ids.ja]);
      expect(store.messages.count({ search: '開館' })).toBe(0);

      expect(await reindexQueuedSearch(store.searchReindex, parseMessage)).toBe(1);
      expect(store.searchReindex.pending(10)).toEqual([]);
      expect(store.messages.list({ search: '開館' }).map((m) => m.id)).toEqual([ids.ja]);
      expect(store.messages.list({ search: 'お知らせ' }).map((m) => m.id)).toEqual([ids.ja]);
      expect(store.messages.list({ search: 'agenda' }).map((m) => m.id)).toEqual([ids.latin]);
      expect(store.messages.count({ search: '大阪' })).toBe(0);
      // The locally deleted one stays out of search.
      expect(store.messages.count({ search: '削除' })).toBe(0);
    } finally {
      store.close();
    }
  });

  it('leaves a message deleted while it was queued out of search', async () => {
    const ids = await version5Store({ ja: mail('会議', '来週の会議室の予約') });
    const store = openStore(profile.dbPath);
    try {
      const queued = store.searchReindex.pending(10);
      const db = new Database(profile.dbPath);
      db.prepare('UPDATE messages SET deleted_locally = 1 WHERE id = ?').run(ids.ja);
      db.close();
      store.searchReindex.reindex(
        await Promise.all(
          queued.map(async ({ id, raw }) => ({ id, parsed: await parseMessage(raw) })),
        ),
      );
      expect(store.messages.count({ search: '会議室' })).toBe(0);
      expect(store.searchReindex.pending(10)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
