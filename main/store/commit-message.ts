// Stores one retrieved message: its row (in its account's Inbox), raw bytes, search entry and UIDL
// state, in ONE transaction.
// Never stores a UIDL twice: committing an already committed UIDL returns the message it has.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ParsedMessage } from '../mime';
import { cjkIndexText } from './cjk-bigrams';
import type { StagedBodies, StagedBody } from './staged-bodies';
import { StoreError, sqliteCode } from './store-error';

export interface CommitMessageInput {
  accountId: number;
  uidl: string;
  /** The exact bytes as retrieved (dot-unstuffed; kept untouched), or a body staged in chunks. */
  raw: MessageBytes;
  /** The session that retrieved it. */
  sessionId: number | null;
  parsed: ParsedMessage;
  contentKey: string | null;
  /** Only the headers were fetched (size limit). */
  partial: boolean;
  /** Defaults to now. */
  receivedAt?: number;
  /** SHA-256 of raw (hex) when the caller already has it: hashed here otherwise. */
  sha256?: string;
}

export interface CommitResult {
  messageId: number;
  /** false: the UIDL was already committed and nothing was stored. */
  inserted: boolean;
}

export interface CompletePartialInput {
  messageId: number;
  raw: MessageBytes;
  sessionId: number | null;
  parsed: ParsedMessage;
  /** SHA-256 of raw (hex) when the caller already has it: hashed here otherwise. */
  sha256?: string;
}

/** A message's bytes: in memory, or staged in the store as they arrived (large bodies). */
export type MessageBytes = Uint8Array | StagedBody;

export function isStaged(bytes: MessageBytes): bytes is StagedBody {
  return !(bytes instanceof Uint8Array);
}

export function octetsOf(bytes: MessageBytes): number {
  return isStaged(bytes) ? bytes.size : bytes.byteLength;
}

export interface MessageCommitter {
  commitMessage(input: CommitMessageInput): CommitResult;
  /**
   * Replaces a headers-only copy with the whole message (same id, read flag kept).
   * Returns false when the message is already complete. Throws StoreError 'not-found'.
   */
  completePartial(input: CompletePartialInput): boolean;
}

/** What the search index holds for a message: names and addresses as words. */
export function addressText(parsed: ParsedMessage): string {
  return [parsed.from, ...parsed.to, ...parsed.cc]
    .flatMap((address) => (address ? [address.name, address.address] : []))
    .filter(Boolean)
    .join(' ');
}

/** The search index's row for a message: subject, addresses, body, with CJK runs as bigrams. */
export function ftsColumns(parsed: ParsedMessage): [string, string, string] {
  return [
    cjkIndexText(parsed.subject),
    cjkIndexText(addressText(parsed)),
    cjkIndexText(parsed.bodyText),
  ];
}

/** Case- and accent-folded, so 'Émile' sorts with 'emile' and not after 'zed'. */
export function sortKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-US').trim();
}

export function summaryParams(raw: MessageBytes, parsed: ParsedMessage, sha256?: string) {
  if (isStaged(raw) && sha256 === undefined)
    throw new StoreError('integrity', `staged body ${raw.blobId} comes without its SHA-256`);
  return {
    sort_from: sortKey(parsed.from?.name || parsed.from?.address || ''),
    sort_subject: sortKey(parsed.subject),
    size: octetsOf(raw),
    sha256:
      sha256 ??
      createHash('sha256')
        .update(raw as Uint8Array)
        .digest('hex'),
    from_name: parsed.from?.name ?? '',
    from_addr: parsed.from?.address ?? '',
    to_addrs: JSON.stringify(parsed.to),
    cc_addrs: JSON.stringify(parsed.cc),
    subject: parsed.subject,
    date: parsed.date,
    message_id: parsed.messageId,
    snippet: parsed.snippet,
    has_attachments: parsed.hasAttachments ? 1 : 0,
    parse_error: parsed.parseError,
  };
}

/** better-sqlite3 binds Buffers as BLOBs; a view over the same memory costs no copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const ALREADY_COMMITTED = new Set(['committed', 'dele-sent', 'gone']);

export function createMessageCommitter(
  db: Database.Database,
  now: () => number,
  staged?: StagedBodies,
  /** True while an enclosing all-or-nothing transaction makes the commit's own savepoint moot. */
  inline: () => boolean = () => false,
): MessageCommitter {
  const stateOf = db.prepare<[number, string], { state: string; message_id: number | null }>(
    'SELECT state, message_id FROM uidl_state WHERE account_id = ? AND uidl = ?',
  );
  const insertMessage = db.prepare(`
    INSERT INTO messages (account_id, folder_id, uidl, session_id, size, sha256, received_at,
      partial, from_name, from_addr, to_addrs, cc_addrs, subject, date, message_id, snippet,
      has_attachments, parse_error, content_key, sort_from, sort_subject)
    VALUES (@account_id,
      (SELECT id FROM folders WHERE account_id = @account_id AND role = 'inbox'),
      @uidl, @session_id, @size, @sha256, @received_at, @partial,
      @from_name, @from_addr, @to_addrs, @cc_addrs, @subject, @date, @message_id, @snippet,
      @has_attachments, @parse_error, @content_key, @sort_from, @sort_subject)`);
  const insertRaw = db.prepare<[Buffer, number]>(
    'INSERT INTO message_raw (raw, message_id) VALUES (?, ?)',
  );
  const insertFts = db.prepare<[number, string, string, string]>(
    'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)',
  );
  const deleteFts = db.prepare<[number]>('DELETE FROM messages_fts WHERE rowid = ?');
  const upsertState = db.prepare(`
    INSERT INTO uidl_state (account_id, uidl, state, message_id, content_key, size,
      first_seen_at, committed_at)
    VALUES (@account_id, @uidl, 'committed', @message_id, @content_key, @size, @now, @now)
    ON CONFLICT (account_id, uidl) DO UPDATE SET
      state = 'committed', message_id = excluded.message_id,
      content_key = excluded.content_key, size = coalesce(uidl_state.size, excluded.size),
      committed_at = excluded.committed_at, gone_at = NULL`);
  const partialOf = db.prepare<[number], { partial: number; deleted_locally: number }>(
    'SELECT partial, deleted_locally FROM messages WHERE id = ?',
  );
  const replaceSummary = db.prepare(`
    UPDATE messages SET session_id = @session_id, size = @size, sha256 = @sha256, partial = 0,
      fetch_requested = 0, from_name = @from_name, from_addr = @from_addr, to_addrs = @to_addrs,
      cc_addrs = @cc_addrs, subject = @subject, date = @date, message_id = @message_id,
      snippet = @snippet, has_attachments = @has_attachments, parse_error = @parse_error,
      sort_from = @sort_from, sort_subject = @sort_subject
    WHERE id = @id`);
  const replaceRaw = db.prepare<[Buffer, number]>(
    'UPDATE message_raw SET raw = ? WHERE message_id = ?',
  );
  const dropRaw = db.prepare<[number]>('DELETE FROM message_raw WHERE message_id = ?');
  // A staged body becomes the message's in this transaction; in-memory bytes go to message_raw.
  const storeBytes = (messageId: number, raw: MessageBytes, replacing: boolean) => {
    if (!isStaged(raw)) {
      (replacing ? replaceRaw : insertRaw).run(asBuffer(raw), messageId);
      return;
    }
    if (!staged) throw new StoreError('integrity', 'this store cannot adopt staged bodies');
    if (replacing) dropRaw.run(messageId);
    staged.adopt(raw, messageId);
  };

  const commitOne = (input: CommitMessageInput): CommitResult => {
    const existing = stateOf.get(input.accountId, input.uidl);
    if (existing && ALREADY_COMMITTED.has(existing.state)) {
      if (existing.message_id === null) {
        throw new StoreError(
          'integrity',
          `UIDL ${input.uidl} of account ${input.accountId} is ${existing.state} without a message`,
        );
      }
      return { messageId: existing.message_id, inserted: false };
    }
    const at = now();
    let messageId: number;
    try {
      messageId = Number(
        insertMessage.run({
          ...summaryParams(input.raw, input.parsed, input.sha256),
          account_id: input.accountId,
          uidl: input.uidl,
          session_id: input.sessionId,
          received_at: input.receivedAt ?? at,
          partial: input.partial ? 1 : 0,
          content_key: input.contentKey,
        }).lastInsertRowid,
      );
    } catch (error) {
      // No account means no Inbox either: folder_id comes out NULL.
      const code = sqliteCode(error);
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
        throw new StoreError(
          'not-found',
          `account ${input.accountId} or session ${input.sessionId} does not exist`,
          { cause: error },
        );
      }
      throw error;
    }
    storeBytes(messageId, input.raw, false);
    insertFts.run(messageId, ...ftsColumns(input.parsed));
    upsertState.run({
      account_id: input.accountId,
      uidl: input.uidl,
      message_id: messageId,
      content_key: input.contentKey,
      size: octetsOf(input.raw),
      now: at,
    });
    return { messageId, inserted: true };
  };

  const completeOne = (input: CompletePartialInput): boolean => {
    const row = partialOf.get(input.messageId);
    if (!row) throw new StoreError('not-found', `message ${input.messageId} does not exist`);
    if (row.partial === 0) return false;
    replaceSummary.run({
      ...summaryParams(input.raw, input.parsed, input.sha256),
      id: input.messageId,
      session_id: input.sessionId,
    });
    storeBytes(input.messageId, input.raw, true);
    deleteFts.run(input.messageId);
    // A message deleted locally stays out of search.
    if (row.deleted_locally === 0) {
      insertFts.run(input.messageId, ...ftsColumns(input.parsed));
    }
    return true;
  };

  const commitTx = db.transaction(commitOne);
  const completeTx = db.transaction(completeOne);
  return {
    commitMessage: (input) => (inline() ? commitOne(input) : commitTx(input)),
    completePartial: (input) => (inline() ? completeOne(input) : completeTx(input)),
  };
}
