// Schema version 6: search indexes Chinese, Japanese and Korean runs as bigrams (cjk-bigrams.ts).
// Mail indexed before holds each run as one token; it is queued here and re-indexed from its raw
// bytes after start-up (search-reindex.ts), since parsing is async and a migration is not.
// Never edit once shipped.

import type { Migration } from './migration';

const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;

export const cjkSearch: Migration = {
  version: 6,
  name: 'cjk-search',
  up(db) {
    db.function('popline_has_cjk', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' && CJK.test(text) ? 1 : 0,
    );
    // Only live messages whose stored text shows CJK: the rest index exactly as before.
    db.exec(`
      CREATE TABLE fts_reindex (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE
      ) STRICT;
      INSERT INTO fts_reindex (message_id)
        SELECT id FROM messages WHERE deleted_locally = 0 AND popline_has_cjk(
          subject || ' ' || from_name || ' ' || to_addrs || ' ' || cc_addrs || ' ' || snippet);
    `);
  },
};
