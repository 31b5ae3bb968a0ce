// POP3 and SMTP sessions and their protocol log: one row per session, one log entry per line.
// Never redacts or rewrites log text: it is stored exactly as the POP3 layer (which redacts) gave it.

import type Database from 'better-sqlite3';

/** 'running' until finish(); the sync layer chooses the final word. */
export type SessionOutcome =
  | 'running'
  | 'ok'
  | 'partial'
  | 'error'
  | 'cancelled'
  | 'interrupted'
  // SMTP: the server answered the end of DATA 2xx / did not take it / never answered it.
  | 'sent'
  | 'not-sent'
  | 'maybe-sent';

/** C: client to server, S: server to client, I: a note by Popline itself. */
export type LogDir = 'C' | 'S' | 'I';

export type SessionProtocol = 'pop3' | 'smtp';

export interface SessionRecord {
  id: number;
  /** null only for an SMTP session of an identity without a POP3 account. */
  accountId: number | null;
  protocol: SessionProtocol;
  /** The sending identity of an SMTP session; null for POP3. */
  identityId: number | null;
  startedAt: number;
  endedAt: number | null;
  outcome: SessionOutcome;
  retrieved: number;
  deleted: number;
  skipped: number;
  errorKind: string | null;
  errorMessage: string | null;
  reachedUpdate: boolean;
  quitReply: string | null;
}

export interface ProtocolLogInput {
  dir: LogDir;
  text: string;
  /** Defaults to now. */
  time?: number;
  /** The line's number as its writer gave it (must grow); defaults to one after the last. */
  seq?: number;
}

/** One stored line of a session's protocol log (the engine's ProtocolLogEntry, numbered and kept). */
export interface StoredLogLine {
  sessionId: number;
  /** 1, 2, 3… within the session. */
  seq: number;
  time: number;
  dir: LogDir;
  text: string;
}

export interface SessionFinish {
  outcome: Exclude<SessionOutcome, 'running'>;
  endedAt?: number;
  retrieved?: number;
  deleted?: number;
  skipped?: number;
  errorKind?: string | null;
  errorMessage?: string | null;
  reachedUpdate: boolean;
  quitReply?: string | null;
}

/** Which lines of a session: seq in (afterSeq, untilSeq], at most `limit` of the first. */
export interface LogRange {
  afterSeq?: number;
  untilSeq?: number;
  limit?: number;
}

export interface SessionListOptions {
  accountId?: number;
  /** Only sessions with a smaller id (paging newest-first). */
  before?: number;
  /** Default 100. */
  limit?: number;
}

export interface SessionsRepo {
  /** A POP3 session of the account. */
  start(accountId: number, at?: number): number;
  /** An SMTP session of the identity (and of its account, if it has one). */
  startSmtp(identityId: number, accountId: number | null, at?: number): number;
  /** Appends in order; seq continues from the last entry of the session. */
  appendLog(sessionId: number, entries: readonly ProtocolLogInput[]): void;
  finish(id: number, result: SessionFinish): void;
  /** Newest first. */
  list(options?: SessionListOptions): SessionRecord[];
  get(id: number): SessionRecord | undefined;
  /** The log of a session in order; a range (by seq) returns only those entries. */
  log(id: number, range?: LogRange): StoredLogLine[];
  /** The newest session (of one account, or of any). */
  last(accountId?: number): SessionRecord | undefined;
  /**
   * POP3 sessions of the account still 'running' belong to a process that died: marks them
   * 'interrupted'. Call it while holding the account's sync lock. Returns how many.
   */
  markInterrupted(accountId: number, at?: number): number;
  /**
   * Forgets finished sessions of the account (and their log lines) that started before
   * `startedBefore`, always keeping the newest `keep`. Returns how many went.
   */
  prune(accountId: number, keep: number, startedBefore: number): number;
}

interface SessionDbRow {
  id: number;
  account_id: number | null;
  protocol: string;
  identity_id: number | null;
  started_at: number;
  ended_at: number | null;
  outcome: string;
  retrieved: number;
  deleted: number;
  skipped: number;
  error_kind: string | null;
  error_message: string | null;
  reached_update: number;
  quit_reply: string | null;
}

function toRecord(row: SessionDbRow): SessionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    protocol: row.protocol as SessionProtocol,
    identityId: row.identity_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome as SessionOutcome,
    retrieved: row.retrieved,
    deleted: row.deleted,
    skipped: row.skipped,
    errorKind: row.error_kind,
    errorMessage: row.error_message,
    reachedUpdate: row.reached_update === 1,
    quitReply: row.quit_reply,
  };
}

export function createSessionsRepo(db: Database.Database, now: () => number): SessionsRepo {
  const insert = db.prepare<[number, number]>(
    'INSERT INTO sessions (account_id, started_at) VALUES (?, ?)',
  );
  const insertSmtp = db.prepare<[number, number | null, number]>(
    "INSERT INTO sessions (protocol, identity_id, account_id, started_at) VALUES ('smtp', ?, ?, ?)",
  );
  const lastSeq = db.prepare<[number], { seq: number }>(
    'SELECT coalesce(max(seq), 0) AS seq FROM protocol_log WHERE session_id = ?',
  );
  const insertLog = db.prepare<[number, number, number, string, string]>(
    'INSERT INTO protocol_log (session_id, seq, time, dir, text) VALUES (?, ?, ?, ?, ?)',
  );
  const update = db.prepare(`
    UPDATE sessions SET ended_at = @ended_at, outcome = @outcome, retrieved = @retrieved,
      deleted = @deleted, skipped = @skipped, error_kind = @error_kind,
      error_message = @error_message, reached_update = @reached_update, quit_reply = @quit_reply
    WHERE id = @id`);
  const byId = db.prepare<[number], SessionDbRow>('SELECT * FROM sessions WHERE id = ?');
  const listAll = db.prepare<[number, number], SessionDbRow>(
    'SELECT * FROM sessions WHERE id < ? ORDER BY id DESC LIMIT ?',
  );
  const listAccount = db.prepare<[number, number, number], SessionDbRow>(
    'SELECT * FROM sessions WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
  );
  const logOf = db.prepare<
    [number, number, number, number],
    { session_id: number; seq: number; time: number; dir: string; text: string }
  >(
    'SELECT * FROM protocol_log WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  );
  const interrupt = db.prepare<[number, number]>(
    `UPDATE sessions SET outcome = 'interrupted', ended_at = ?
     WHERE account_id = ? AND outcome = 'running' AND protocol = 'pop3'`,
  );

  const prune = db.prepare<[number, number, number, number]>(
    `DELETE FROM sessions WHERE account_id = ? AND outcome <> 'running' AND started_at < ?
       AND id NOT IN (SELECT id FROM sessions WHERE account_id = ?
                      ORDER BY started_at DESC, id DESC LIMIT ?)`,
  );
  const list = (options: SessionListOptions = {}) => {
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const limit = Math.max(1, Math.trunc(options.limit ?? 100));
    const rows =
      options.accountId === undefined
        ? listAll.all(before, limit)
        : listAccount.all(options.accountId, before, limit);
    return rows.map(toRecord);
  };

  return {
    start: (accountId, at) => Number(insert.run(accountId, at ?? now()).lastInsertRowid),
    startSmtp: (identityId, accountId, at) =>
      Number(insertSmtp.run(identityId, accountId, at ?? now()).lastInsertRowid),
    appendLog: db.transaction((sessionId: number, entries: readonly ProtocolLogInput[]) => {
      let seq = lastSeq.get(sessionId)?.seq ?? 0;
      const at = now();
      for (const entry of entries) {
        seq = entry.seq ?? seq + 1;
        insertLog.run(sessionId, seq, entry.time ?? at, entry.dir, entry.text);
      }
    }),
    finish(id, result) {
      update.run({
        id,
        ended_at: result.endedAt ?? now(),
        outcome: result.outcome,
        retrieved: result.retrieved ?? 0,
        deleted: result.deleted ?? 0,
        skipped: result.skipped ?? 0,
        error_kind: result.errorKind ?? null,
        error_message: result.errorMessage ?? null,
        reached_update: result.reachedUpdate ? 1 : 0,
        quit_reply: result.quitReply ?? null,
      });
    },
    list,
    get(id) {
      const row = byId.get(id);
      return row ? toRecord(row) : undefined;
    },
    log: (id, range = {}) =>
      logOf
        .all(
          id,
          range.afterSeq ?? 0,
          range.untilSeq ?? Number.MAX_SAFE_INTEGER,
          range.limit === undefined ? -1 : Math.max(0, Math.trunc(range.limit)),
        )
        .map((row) => ({
          sessionId: row.session_id,
          seq: row.seq,
          time: row.time,
          dir: row.dir as LogDir,
          text: row.text,
        })),
    last: (accountId) => list({ accountId, limit: 1 })[0],
    markInterrupted: (accountId, at) => interrupt.run(at ?? now(), accountId).changes,
    prune: (accountId, keep, startedBefore) =>
      prune.run(accountId, startedBefore, accountId, keep).changes,
  };
}
