// The outbox: every message the user sends, stored whole (raw bytes, Message-ID) before any byte
// goes to a server, and the state of its submission. The states only move forward along
//   queued -> sending -> data-ended -> sent | maybe-sent
//   sending | data-ended -> queued  (an error before the end of DATA, or a reply other than 2xx to it)
// so a crash at any moment leaves a row that says exactly what may have reached the server.

import type Database from 'better-sqlite3';
import type { OutboxItem, OutboxStatus } from '../../shared/model/identity';
import { isSameProcessAlive, processStartTime } from './process-alive';
import { StoreError } from './store-error';

export interface EnqueueInput {
  identityId: number;
  /** With its angle brackets, as in the Message-ID header of `raw`. */
  messageId: string;
  raw: Uint8Array;
  envelopeFrom: string;
  envelopeTo: readonly string[];
  subject: string;
}

export interface OutboxRepo {
  /** Stores the message; the same Message-ID again returns the row it has (never a second one). */
  enqueue(input: EnqueueInput): OutboxItem;
  get(id: number): OutboxItem | undefined;
  raw(id: number): Buffer | undefined;
  /** Newest first. */
  list(statuses?: readonly OutboxStatus[]): OutboxItem[];
  /** queued -> sending for this process, in one statement: false when it was not queued. */
  claim(id: number, sessionId: number, pid?: number): boolean;
  /** sending -> data-ended: called BEFORE the end of DATA is written to the server. */
  markDataEnding(id: number): void;
  /** data-ended -> sent: the server answered the end of DATA with 2xx. */
  markSent(id: number, reply: string, refused: readonly string[], sentCopyId: number | null): void;
  /** sending or data-ended -> queued with the reason (it never reached the end of DATA, or the
   *  server answered the end of DATA with a refusal). */
  requeue(id: number, error: string): void;
  /** data-ended -> maybe-sent: no reply to the end of DATA; only the user may resend. */
  markMaybeSent(id: number, error: string): void;
  /** The user's answer for a maybe-sent message: it arrived (sent), or send it again (queued). */
  resolveMaybeSent(id: number, arrived: boolean, sentCopyId: number | null): OutboxItem;
  /** A queued message removed before it was sent. */
  discard(id: number): boolean;
  /**
   * Rows claimed by processes that are gone: sending -> queued, data-ended -> maybe-sent.
   * Returns their sessions (to be marked interrupted).
   */
  recoverAbandoned(): { recovered: number; sessionIds: number[] };
}

interface OutboxDbRow {
  id: number;
  identity_id: number;
  message_id: string;
  size: number;
  envelope_from: string;
  envelope_to: string;
  subject: string;
  status: OutboxStatus;
  claim_pid: number | null;
  attempts: number;
  last_error: string | null;
  last_session_id: number | null;
  final_reply: string | null;
  refused: string;
  sent_copy_id: number | null;
  created_at: number;
  sent_at: number | null;
}

const COLUMNS = `id, identity_id, message_id, size, envelope_from, envelope_to, subject, status, claim_pid,
  attempts, last_error, last_session_id, final_reply, refused, sent_copy_id, created_at, sent_at`;

function toItem(row: OutboxDbRow): OutboxItem {
  return {
    id: row.id,
    identityId: row.identity_id,
    messageId: row.message_id,
    subject: row.subject,
    from: row.envelope_from,
    to: JSON.parse(row.envelope_to) as string[],
    size: row.size,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    finalReply: row.final_reply,
    refused: JSON.parse(row.refused) as string[],
    lastSessionId: row.last_session_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    sentCopyId: row.sent_copy_id,
  };
}

export function createOutboxRepo(db: Database.Database, now: () => number): OutboxRepo {
  const byId = db.prepare<[number], OutboxDbRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
  const byMessageId = db.prepare<[string], OutboxDbRow>(
    `SELECT ${COLUMNS} FROM outbox WHERE message_id = ?`,
  );
  const all = db.prepare<[], OutboxDbRow>(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC`);
  const rawOf = db.prepare<[number], { raw: Buffer }>('SELECT raw FROM outbox WHERE id = ?');
  const insert = db.prepare(`INSERT INTO outbox (identity_id, message_id, raw, size,
      envelope_from, envelope_to, subject, created_at)
    VALUES (@identity_id, @message_id, @raw, @size, @envelope_from, @envelope_to, @subject,
      @created_at)`);
  const claimRow = db.prepare<[number, number | null, number, number]>(
    `UPDATE outbox SET status = 'sending', claim_pid = ?, claim_pid_started = ?,
       attempts = attempts + 1,
       last_session_id = ? WHERE id = ? AND status = 'queued'`,
  );
  const dataEnding = db.prepare<[number]>(
    "UPDATE outbox SET status = 'data-ended' WHERE id = ? AND status = 'sending'",
  );
  const sent = db.prepare<[string, string, number | null, number, number]>(
    `UPDATE outbox SET status = 'sent', claim_pid = NULL, claim_pid_started = NULL, final_reply = ?, refused = ?,
       sent_copy_id = ?, sent_at = ?, last_error = NULL
     WHERE id = ? AND status = 'data-ended'`,
  );
  const requeueRow = db.prepare<[string, number]>(
    `UPDATE outbox SET status = 'queued', claim_pid = NULL, claim_pid_started = NULL, last_error = ?
     WHERE id = ? AND status IN ('sending', 'data-ended')`,
  );
  const maybe = db.prepare<[string, number]>(
    `UPDATE outbox SET status = 'maybe-sent', claim_pid = NULL, claim_pid_started = NULL, last_error = ?
     WHERE id = ? AND status = 'data-ended'`,
  );
  const resolveSent = db.prepare<[number | null, number, number]>(
    `UPDATE outbox SET status = 'sent', sent_copy_id = ?, sent_at = ?, last_error = NULL
     WHERE id = ? AND status = 'maybe-sent'`,
  );
  const resolveQueued = db.prepare<[number]>(
    "UPDATE outbox SET status = 'queued', last_error = NULL WHERE id = ? AND status = 'maybe-sent'",
  );
  const discardRow = db.prepare<[number]>("DELETE FROM outbox WHERE id = ? AND status = 'queued'");
  const claimed = db.prepare<
    [],
    {
      id: number;
      status: OutboxStatus;
      claim_pid: number;
      claim_pid_started: number | null;
      last_session_id: number | null;
    }
  >(
    `SELECT id, status, claim_pid, claim_pid_started, last_session_id FROM outbox
     WHERE status IN ('sending', 'data-ended')`,
  );

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toItem(row) : undefined;
  };
  const must = (changes: number, id: number, what: string) => {
    if (changes === 1) return;
    const item = get(id);
    throw new StoreError(
      item ? 'invalid-input' : 'not-found',
      item
        ? `outbox message ${id} is ${item.status}, cannot ${what}`
        : `outbox message ${id} does not exist`,
    );
  };

  return {
    enqueue: db.transaction((input: EnqueueInput): OutboxItem => {
      const existing = byMessageId.get(input.messageId);
      if (existing) return toItem(existing);
      if (input.envelopeTo.length === 0) {
        throw new StoreError('invalid-input', 'a message needs at least one recipient');
      }
      const id = Number(
        insert.run({
          identity_id: input.identityId,
          message_id: input.messageId,
          raw: Buffer.from(input.raw.buffer, input.raw.byteOffset, input.raw.byteLength),
          size: input.raw.byteLength,
          envelope_from: input.envelopeFrom,
          envelope_to: JSON.stringify(input.envelopeTo),
          subject: input.subject,
          created_at: now(),
        }).lastInsertRowid,
      );
      return get(id) as OutboxItem;
    }),
    get,
    raw: (id) => rawOf.get(id)?.raw,
    list(statuses) {
      const rows = all.all().map(toItem);
      return statuses ? rows.filter((r) => statuses.includes(r.status)) : rows;
    },
    claim: (id, sessionId, pid = process.pid) =>
      claimRow.run(pid, processStartTime(pid), sessionId, id).changes === 1,
    markDataEnding: (id) => must(dataEnding.run(id).changes, id, 'end DATA'),
    markSent: (id, reply, refused, sentCopyId) =>
      must(sent.run(reply, JSON.stringify(refused), sentCopyId, now(), id).changes, id, 'be sent'),
    requeue: (id, error) => must(requeueRow.run(error, id).changes, id, 'be queued again'),
    markMaybeSent: (id, error) => must(maybe.run(error, id).changes, id, 'be maybe-sent'),
    resolveMaybeSent: db.transaction((id: number, arrived: boolean, sentCopyId: number | null) => {
      const changes = arrived
        ? resolveSent.run(sentCopyId, now(), id).changes
        : resolveQueued.run(id).changes;
      must(changes, id, 'be resolved');
      return get(id) as OutboxItem;
    }),
    discard: (id) => discardRow.run(id).changes === 1,
    recoverAbandoned: db.transaction(() => {
      const sessionIds: number[] = [];
      let recovered = 0;
      for (const row of claimed.all()) {
        if (isSameProcessAlive(row.claim_pid, row.claim_pid_started)) continue;
        if (row.status === 'sending') {
          requeueRow.run('interrupted before the end of the message was sent', row.id);
        } else {
          maybe.run(
            'interrupted after the end of the message was sent, before the server answered',
            row.id,
          );
        }
        recovered++;
        if (row.last_session_id !== null) sessionIds.push(row.last_session_id);
      }
      return { recovered, sessionIds };
    }),
  };
}
