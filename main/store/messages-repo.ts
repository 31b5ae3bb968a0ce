// Reads and user-side changes of stored messages: the inbox list, search, one message, its raw bytes.
// Never inserts a message (commit-message.ts does, with its UIDL state) and never hard-deletes one:
// a locally deleted message keeps its row so the sync still knows its UIDL was committed.

import type Database from 'better-sqlite3';
import type { StagedBodies } from './staged-bodies';
import type { MailAddress, MessageSortKey, MessageSummary } from '../../shared/model/message';
import { parseSearch } from './search-query';

export interface MessageListOptions {
  /** Omitted (and no folderId): "All mail", every folder but Trash. */
  accountId?: number;
  /** One folder (Trash too); takes precedence over accountId. */
  folderId?: number;
  /**
   * Words to find in subject, addresses and body text (all of them; the last also as a prefix).
   * Input with no letter or digit in it is no search: the plain list comes back.
   */
  search?: string;
  unreadOnly?: boolean;
  starredOnly?: boolean;
  sort?: MessageSortKey;
  order?: 'asc' | 'desc';
  /** 1…1000, default 200. */
  limit?: number;
  offset?: number;
}

export type MessageCountOptions = Pick<
  MessageListOptions,
  'accountId' | 'folderId' | 'search' | 'unreadOnly' | 'starredOnly'
>;

/** What a list or count query's SQL depends on (never the values). */
export interface QueryShape {
  scope: 'all' | 'account' | 'folder';
  searching: boolean;
  unreadOnly: boolean;
  starredOnly: boolean;
  /** Search operators (search-query.ts): is:read, has:attachment, from: values, before:, after:. */
  readOnly?: boolean;
  hasAttachment?: boolean;
  fromCount?: number;
  before?: boolean;
  after?: boolean;
}

/** One stored message with everything but the raw bytes. */
export interface MessageRecord extends MessageSummary {
  to: MailAddress[];
  cc: MailAddress[];
  messageId: string | null;
  sha256: string;
  contentKey: string | null;
  parseError: string | null;
  deletedLocally: boolean;
  fetchRequested: boolean;
  /** In Trash: the folder it came from (null when that folder is gone). */
  trashedFrom: number | null;
  /** The session that retrieved it (null once that session's log is gone). */
  sessionId: number | null;
}

export interface MessagesRepo {
  list(options?: MessageListOptions): MessageSummary[];
  count(options?: MessageCountOptions): number;
  /** Also returns locally deleted messages; undefined when there is no such id. */
  get(id: number): MessageRecord | undefined;
  /** The exact bytes as retrieved, as one buffer (a large body is joined from its chunks). */
  raw(id: number): Buffer | undefined;
  /** The exact bytes as retrieved, a piece at a time (one chunk of a large body in memory). */
  rawPieces(id: number): Iterable<Buffer> | undefined;
  /** How many octets rawPieces yields, without reading them; undefined when there are none. */
  rawSize(id: number): number | undefined;
  /** Returns how many changed. */
  setRead(ids: readonly number[], read: boolean): number;
  /** Hides them from lists and search (the row stays for the UIDL bookkeeping). Returns how many. */
  deleteLocally(ids: readonly number[]): number;
  /**
   * Marks them for DELE in the account's next session; ones whose UIDL is already gone from the
   * server are deleted locally at once. Returns how many were newly marked or removed.
   */
  requestServerDelete(ids: readonly number[]): number;
  /** Asks the next session to fetch the whole of these headers-only messages. Returns how many. */
  requestFullFetch(ids: readonly number[]): number;
}

export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 1000;

interface SummaryDbRow {
  id: number;
  account_id: number | null;
  folder_id: number;
  flagged: number;
  uidl: string;
  from_name: string;
  from_addr: string;
  subject: string;
  date: number | null;
  received_at: number;
  size: number;
  read: number;
  has_attachments: number;
  snippet: string;
  partial: number;
  delete_requested: number;
}

interface RecordDbRow extends SummaryDbRow {
  to_addrs: string;
  cc_addrs: string;
  message_id: string | null;
  sha256: string;
  content_key: string | null;
  parse_error: string | null;
  deleted_locally: number;
  fetch_requested: number;
  session_id: number | null;
  trashed_from: number | null;
}

const SUMMARY_COLUMNS = `m.id, m.account_id, m.folder_id, m.flagged, m.uidl, m.from_name, m.from_addr, m.subject, m.date,
  m.received_at, m.size, m.read, m.has_attachments, m.snippet, m.partial, m.delete_requested`;

// The ORDER BY terms of each sort key must match its index's columns exactly.
const SORT_TERMS: Record<MessageSortKey, readonly string[]> = {
  date: ['m.sort_date'],
  from: ['m.sort_from'],
  subject: ['m.sort_subject'],
  size: ['m.size'],
  starred: ['m.flagged', 'm.sort_date'],
};

function toSummary(row: SummaryDbRow): MessageSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    folderId: row.folder_id,
    starred: row.flagged === 1,
    uidl: row.uidl,
    from: row.from_name || row.from_addr ? { name: row.from_name, address: row.from_addr } : null,
    subject: row.subject,
    date: row.date,
    receivedAt: row.received_at,
    size: row.size,
    read: row.read === 1,
    hasAttachments: row.has_attachments === 1,
    snippet: row.snippet,
    headersOnly: row.partial === 1,
    deleteFromServerPending: row.delete_requested === 1,
  };
}

function toRecord(row: RecordDbRow): MessageRecord {
  return {
    ...toSummary(row),
    to: JSON.parse(row.to_addrs) as MailAddress[],
    cc: JSON.parse(row.cc_addrs) as MailAddress[],
    messageId: row.message_id,
    sha256: row.sha256,
    contentKey: row.content_key,
    parseError: row.parse_error,
    deletedLocally: row.deleted_locally === 1,
    fetchRequested: row.fetch_requested === 1,
    sessionId: row.session_id,
    trashedFrom: row.trashed_from,
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** WHERE of a list or count query; its shape depends only on which filters are on. */
function where(shape: QueryShape): string {
  // Each scope's terms match the partial indexes' WHERE (migration 0002) so they can be used.
  const terms = ['m.deleted_locally = 0'];
  if (shape.scope === 'folder') terms.push('m.folder_id = @folderId');
  else terms.push('m.trashed_at IS NULL');
  if (shape.scope === 'account') terms.push('m.account_id = @accountId');
  if (shape.unreadOnly) terms.push('m.read = 0');
  if (shape.starredOnly) terms.push('m.flagged = 1');
  if (shape.readOnly) terms.push('m.read = 1');
  if (shape.hasAttachment) terms.push('m.has_attachments = 1');
  for (let i = 0; i < (shape.fromCount ?? 0); i++)
    terms.push(
      `(m.from_name LIKE @from${i} ESCAPE '\\' OR m.from_addr LIKE @from${i} ESCAPE '\\')`,
    );
  if (shape.before) terms.push('m.sort_date < @before');
  if (shape.after) terms.push('m.sort_date >= @after');
  // The matches become one in-memory rowid set (built from the FTS index alone), and the sort
  // index is walked until a page is full. The unary + keeps SQLite from turning this around
  // into one table lookup per match plus a sort, which costs 100+ ms for a common word.
  if (shape.searching) {
    terms.push('+m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)');
  }
  return terms.join(' AND ');
}

export function listSql(shape: QueryShape, sort: MessageSortKey, order: 'asc' | 'desc'): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `SELECT ${SUMMARY_COLUMNS} FROM messages m
    WHERE ${where(shape)}
    ORDER BY ${[...SORT_TERMS[sort], 'm.id'].map((term) => `${term} ${dir}`).join(', ')}
    LIMIT @limit OFFSET @offset`;
}

export function countSql(shape: QueryShape): string {
  return `SELECT count(*) AS n FROM messages m WHERE ${where(shape)}`;
}

export function createMessagesRepo(db: Database.Database, staged: StagedBodies): MessagesRepo {
  // A handful of query shapes (filters x sort x order), each prepared once on first use.
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  const filterParams = (options: MessageCountOptions) => {
    const search = options.search === undefined ? null : parseSearch(options.search);
    const match = search?.match ?? null;
    const params: Record<string, unknown> = {};
    let scope: QueryShape['scope'] = 'all';
    if (options.folderId !== undefined) {
      scope = 'folder';
      params.folderId = options.folderId;
    } else if (options.accountId !== undefined) {
      scope = 'account';
      params.accountId = options.accountId;
    }
    if (match !== null) params.match = match;
    search?.from.forEach((value, i) => {
      params[`from${i}`] = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    });
    if (search?.before != null) params.before = search.before;
    if (search?.after != null) params.after = search.after;
    const shape: QueryShape = {
      scope,
      searching: match !== null,
      unreadOnly: options.unreadOnly === true || search?.read === false,
      starredOnly: options.starredOnly === true || search?.starred === true,
      readOnly: search?.read === true,
      hasAttachment: search?.hasAttachment === true,
      fromCount: search?.from.length ?? 0,
      before: search?.before != null,
      after: search?.after != null,
    };
    return { params, shape };
  };

  const byId = db.prepare<[number], RecordDbRow>(
    `SELECT ${SUMMARY_COLUMNS}, m.to_addrs, m.cc_addrs, m.message_id, m.sha256, m.content_key,
       m.parse_error, m.deleted_locally, m.fetch_requested, m.session_id, m.trashed_from
     FROM messages m WHERE m.id = ?`,
  );
  const rawOf = db.prepare<[number], { raw: Buffer }>(
    'SELECT raw FROM message_raw WHERE message_id = ?',
  );
  const rawPieces = (id: number): Iterable<Buffer> | undefined => {
    const row = rawOf.get(id);
    if (row) return [row.raw];
    return staged.isChunked(id) ? staged.chunks(id) : undefined;
  };
  // length() of a blob reads its size from the record, not its (overflow) pages.
  const rawSizeOf = db.prepare<[number, number], { n: number }>(
    `SELECT length(raw) AS n FROM message_raw WHERE message_id = ?
     UNION ALL SELECT size FROM raw_blobs WHERE message_id = ?`,
  );
  // Ids travel as one JSON array: one prepared statement serves any number of them.
  const setRead = db.prepare<[number, string, number]>(
    `UPDATE messages SET read = ? WHERE id IN (SELECT value FROM json_each(?)) AND read <> ?`,
  );
  const deleteLocally = db.prepare<[string]>(
    `UPDATE messages SET deleted_locally = 1
     WHERE id IN (SELECT value FROM json_each(?)) AND deleted_locally = 0`,
  );
  const deleteWhereServerCopyGone = db.prepare<[string]>(
    `UPDATE messages SET deleted_locally = 1
     WHERE id IN (SELECT value FROM json_each(?)) AND deleted_locally = 0
       AND NOT EXISTS (SELECT 1 FROM uidl_state u WHERE u.message_id = messages.id
                       AND u.state IN ('seen', 'committed', 'dele-sent'))`,
  );
  const markDelete = db.prepare<[string]>(
    `UPDATE messages SET delete_requested = 1
     WHERE id IN (SELECT value FROM json_each(?)) AND deleted_locally = 0 AND delete_requested = 0`,
  );
  const markFetch = db.prepare<[string]>(
    `UPDATE messages SET fetch_requested = 1
     WHERE id IN (SELECT value FROM json_each(?)) AND partial = 1 AND fetch_requested = 0`,
  );

  return {
    list(options = {}) {
      const { params, shape } = filterParams(options);
      const sql = listSql(shape, options.sort ?? 'date', options.order ?? 'desc');
      const rows = cached(sql).all({
        ...params,
        limit: clampLimit(options.limit),
        offset: Math.max(0, Math.trunc(options.offset ?? 0)),
      }) as SummaryDbRow[];
      return rows.map(toSummary);
    },
    count(options = {}) {
      const { params, shape } = filterParams(options);
      return (cached(countSql(shape)).get(params) as { n: number }).n;
    },
    get(id) {
      const row = byId.get(id);
      return row ? toRecord(row) : undefined;
    },
    raw: (id) =>
      rawOf.get(id)?.raw ??
      (staged.isChunked(id) ? Buffer.concat([...staged.chunks(id)]) : undefined),
    rawPieces,
    rawSize: (id) => rawSizeOf.get(id, id)?.n,
    setRead: (ids, read) => setRead.run(read ? 1 : 0, JSON.stringify(ids), read ? 1 : 0).changes,
    deleteLocally: (ids) => deleteLocally.run(JSON.stringify(ids)).changes,
    requestServerDelete: db.transaction((ids: readonly number[]) => {
      const json = JSON.stringify(ids);
      const removed = deleteWhereServerCopyGone.run(json).changes;
      return removed + markDelete.run(json).changes;
    }),
    requestFullFetch: (ids) => markFetch.run(JSON.stringify(ids)).changes,
  };
}
