// Stores one message read from a file (mbox or .eml) into a folder of Local Folders, in ONE
// transaction. Idempotent: a message with the same Message-ID and content hash already in that
// folder is not stored again, so an interrupted import is resumed by running it again.

import type Database from 'better-sqlite3';
import type { ParsedMessage } from '../mime';
import { asBuffer, ftsColumns, isStaged, summaryParams, type MessageBytes } from './commit-message';
import type { StagedBodies } from './staged-bodies';
import { StoreError } from './store-error';

export interface ImportMessageInput {
  folderId: number;
  /** Kept exactly as given: in memory, or (a large message) staged in chunks as it was read. */
  raw: MessageBytes;
  /** Required with a staged body (its bytes are not here to hash). */
  sha256?: string;
  /** With a staged body: the store's adopt, so the message takes the body in its transaction. */
  adopt?: StagedBodies['adopt'];
  parsed: ParsedMessage;
}

export interface ImportMessageResult {
  messageId: number;
  /** false: an identical message was in the folder already. */
  inserted: boolean;
}

export interface MessageImporter {
  importMessage(input: ImportMessageInput): ImportMessageResult;
  /** Whether the folder holds a message with these bytes (sha256, hex): resuming skips it. */
  isImported(folderId: number, sha256: string): boolean;
}

export function createMessageImporter(db: Database.Database, now: () => number): MessageImporter {
  const folderExists = db.prepare<[number], { id: number }>('SELECT id FROM folders WHERE id = ?');
  const same = db.prepare<[number, string, string | null], { id: number }>(
    `SELECT id FROM messages WHERE folder_id = ? AND sha256 = ? AND deleted_locally = 0
       AND message_id IS ? LIMIT 1`,
  );
  // Read: an imported archive is old mail, not news. In Trash it counts as trashed now.
  const insertMessage = db.prepare(`
    INSERT INTO messages (account_id, folder_id, uidl, size, sha256, received_at, read,
      from_name, from_addr, to_addrs, cc_addrs, subject, date, message_id, snippet,
      has_attachments, parse_error, sort_from, sort_subject, trashed_at)
    VALUES (NULL, @folder_id, '', @size, @sha256, @received_at, 1,
      @from_name, @from_addr, @to_addrs, @cc_addrs, @subject, @date, @message_id, @snippet,
      @has_attachments, @parse_error, @sort_from, @sort_subject,
      CASE WHEN (SELECT role FROM folders WHERE id = @folder_id) = 'trash' THEN @received_at END)`);
  const insertRaw = db.prepare<[number, Buffer]>(
    'INSERT INTO message_raw (message_id, raw) VALUES (?, ?)',
  );
  const insertFts = db.prepare<[number, string, string, string]>(
    'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)',
  );

  const withHash = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM messages WHERE folder_id = ? AND sha256 = ? AND deleted_locally = 0 LIMIT 1',
  );

  const importMessage = db.transaction((input: ImportMessageInput): ImportMessageResult => {
    if (!folderExists.get(input.folderId)) {
      throw new StoreError('not-found', `folder ${input.folderId} does not exist`);
    }
    const params = summaryParams(input.raw, input.parsed, input.sha256);
    const existing = same.get(input.folderId, params.sha256, params.message_id);
    if (existing) return { messageId: existing.id, inserted: false };
    const messageId = Number(
      insertMessage.run({ ...params, folder_id: input.folderId, received_at: now() })
        .lastInsertRowid,
    );
    if (!isStaged(input.raw)) insertRaw.run(messageId, asBuffer(input.raw));
    else if (input.adopt) input.adopt(input.raw, messageId);
    else throw new StoreError('integrity', `staged body ${input.raw.blobId} comes without adopt`);
    insertFts.run(messageId, ...ftsColumns(input.parsed));
    return { messageId, inserted: true };
  });

  return {
    importMessage,
    isImported: (folderId, sha256) => withHash.get(folderId, sha256) !== undefined,
  };
}
