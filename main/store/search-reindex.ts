// Re-indexes the mail migration 0006 queued (indexed before CJK runs became bigrams) from its raw
// bytes, a few messages per transaction, so search finds words inside CJK text in old mail too.

import type Database from 'better-sqlite3';
import type { ParsedMessage } from '../mime';
import { ftsColumns } from './commit-message';

/** Messages parsed per round; each round's writes are one short transaction. */
const ROUND = 20;

export interface SearchReindex {
  /** Up to `limit` queued messages with their raw bytes, oldest id first. */
  pending(limit: number): { id: number; raw: Buffer }[];
  /** Writes the message's search entry from `parsed` (unless deleted since) and dequeues it. */
  reindex(entries: { id: number; parsed: ParsedMessage }[]): void;
}

export function createSearchReindex(db: Database.Database): SearchReindex {
  const pending = db.prepare<[number], { id: number; raw: Buffer }>(`
    SELECT q.message_id AS id, r.raw FROM fts_reindex q
      JOIN message_raw r ON r.message_id = q.message_id
    ORDER BY q.message_id LIMIT ?`);
  const live = db.prepare<[number], { deleted_locally: number }>(
    'SELECT deleted_locally FROM messages WHERE id = ?',
  );
  const deleteFts = db.prepare<[number]>('DELETE FROM messages_fts WHERE rowid = ?');
  const insertFts = db.prepare<[number, string, string, string]>(
    'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)',
  );
  const dequeue = db.prepare<[number]>('DELETE FROM fts_reindex WHERE message_id = ?');
  const reindex = db.transaction((entries: { id: number; parsed: ParsedMessage }[]) => {
    for (const { id, parsed } of entries) {
      dequeue.run(id);
      // Deleted or moved out of search while it was being parsed: its entry stays gone.
      if (live.get(id)?.deleted_locally !== 0) continue;
      deleteFts.run(id);
      insertFts.run(id, ...ftsColumns(parsed));
    }
  });
  return { pending: (limit) => pending.all(limit), reindex };
}

/** Works the queue down to empty; returns how many messages were re-indexed. */
export async function reindexQueuedSearch(
  queue: SearchReindex,
  parse: (raw: Buffer) => Promise<ParsedMessage>,
): Promise<number> {
  let done = 0;
  for (;;) {
    const round = queue.pending(ROUND);
    if (round.length === 0) return done;
    const entries = [];
    for (const { id, raw } of round) entries.push({ id, parsed: await parse(raw) });
    queue.reindex(entries);
    done += entries.length;
  }
}
