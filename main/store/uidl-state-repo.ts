// Per-UIDL bookkeeping between sessions: seen -> committed -> dele-sent (session N) -> gone.
// Never lets a UIDL reach 'dele-sent' unless its message is committed, and never forgets a
// committed UIDL, so a crash at any point loses nothing and stores nothing twice.

import type Database from 'better-sqlite3';
import { baseUidl, derivedUidl } from './derived-uidl';
import { StoreError } from './store-error';

export type UidlStateName = 'seen' | 'committed' | 'dele-sent' | 'gone';

export interface UidlStateRow {
  accountId: number;
  uidl: string;
  state: UidlStateName;
  messageId: number | null;
  contentKey: string | null;
  /** Octets as the server listed them (or as retrieved). */
  size: number | null;
  /** The session that last sent DELE for it. */
  deleSessionId: number | null;
  firstSeenAt: number;
  committedAt: number | null;
  goneAt: number | null;
  // From the stored message (false when there is none), for the retention decision.
  partial: boolean;
  deletedLocally: boolean;
  deleteRequested: boolean;
  fetchRequested: boolean;
  /** The server once listed this UIDL for two or more messages: it never decides a DELE alone. */
  ambiguous: boolean;
  /** SHA-256 of the stored message's bytes (null when there is none). */
  sha256: string | null;
}

/** What a renamed message must match beyond its headers' content key. */
export type LinkMatch = { sha256: string } | { headersOnlyCopy: true } | { wholeCopy: true };

/** A UIDL recorded as another name for an already stored message. */
export interface LinkedMessage {
  messageId: number;
  /** The stored copy is headers only: the body still lives only on the server. */
  partial: boolean;
}

export interface UidlListing {
  uidl: string;
  size?: number | null;
}

export interface UidlStateRepo {
  forAccount(accountId: number): Map<string, UidlStateRow>;
  get(accountId: number, uidl: string): UidlStateRow | undefined;
  /**
   * Records that these UIDLs are on the server now: new ones become 'seen'; 'gone' ones come
   * back ('committed' when their message is stored, else 'seen'); others keep their state.
   */
  markSeen(accountId: number, listing: readonly UidlListing[]): void;
  /** These UIDLs were listed for more than one message: marked ambiguous for good (created 'seen'). */
  markAmbiguous(accountId: number, uidls: readonly string[]): void;
  /** Throws StoreError 'not-committed' (and changes nothing) if any UIDL is not committed. */
  markDeleSent(accountId: number, uidls: readonly string[], sessionId: number): void;
  /** The session ended without UPDATE: its DELEs did not happen. Returns how many went back. */
  revertDeleSent(accountId: number, sessionId: number): number;
  /**
   * These UIDLs are no longer on the server (QUIT +OK after DELE, or they vanished). A message
   * the user asked to delete from the server is then removed here too. Returns how many changed.
   */
  markGone(accountId: number, uidls: readonly string[], at?: number): number;
  /** A committed (or deleted, or gone) UIDL whose message has this content key. */
  findCommittedByContentKey(accountId: number, contentKey: string): UidlStateRow | undefined;
  /**
   * The server renamed a message: if a message with this content key (and, when `match` says so,
   * these exact bytes, or only a headers-only copy, or only a whole one) was committed under a UIDL that is not in `listedUidls`, records `uidl` as committed for
   * that same message, keeping when it was first seen, and returns it; otherwise null (the message
   * is new, retrieve it). A derived key ("uidl sha256:…") counts as listed when its UIDL is.
   */
  linkByContentKey(
    accountId: number,
    uidl: string,
    contentKey: string,
    listedUidls: ReadonlySet<string>,
    match?: LinkMatch,
  ): LinkedMessage | null;
}

interface UidlDbRow {
  account_id: number;
  uidl: string;
  state: string;
  message_id: number | null;
  content_key: string | null;
  size: number | null;
  dele_session_id: number | null;
  first_seen_at: number;
  committed_at: number | null;
  gone_at: number | null;
  partial: number | null;
  deleted_locally: number | null;
  delete_requested: number | null;
  fetch_requested: number | null;
  ambiguous: number;
  sha256: string | null;
}

const SELECT = `SELECT u.account_id, u.uidl, u.state, u.message_id, u.content_key, u.size,
    u.dele_session_id, u.first_seen_at, u.committed_at, u.gone_at, u.ambiguous,
    m.partial, m.deleted_locally, m.delete_requested, m.fetch_requested, m.sha256
  FROM uidl_state u LEFT JOIN messages m ON m.id = u.message_id`;

/** The content-key lookup, exported for its query-plan test. */
export const contentKeySql = SELECT.replace(
  'FROM uidl_state u',
  'FROM uidl_state u INDEXED BY uidl_state_by_content_key',
);

function toRow(row: UidlDbRow): UidlStateRow {
  return {
    accountId: row.account_id,
    uidl: row.uidl,
    state: row.state as UidlStateName,
    messageId: row.message_id,
    contentKey: row.content_key,
    size: row.size,
    deleSessionId: row.dele_session_id,
    firstSeenAt: row.first_seen_at,
    committedAt: row.committed_at,
    goneAt: row.gone_at,
    partial: row.partial === 1,
    deletedLocally: row.deleted_locally === 1,
    deleteRequested: row.delete_requested === 1,
    fetchRequested: row.fetch_requested === 1,
    ambiguous: row.ambiguous === 1,
    sha256: row.sha256,
  };
}

export function createUidlStateRepo(db: Database.Database, now: () => number): UidlStateRepo {
  const forAccount = db.prepare<[number], UidlDbRow>(`${SELECT} WHERE u.account_id = ?`);
  const one = db.prepare<[number, string], UidlDbRow>(
    `${SELECT} WHERE u.account_id = ? AND u.uidl = ?`,
  );
  // Without ANALYZE statistics SQLite prefers the primary key (a scan of the account's every UIDL
  // per call, 2 ms at 50,000): name the index.
  const byContentKey = db.prepare<[number, string], UidlDbRow>(
    `${contentKeySql} WHERE u.account_id = ? AND u.content_key = ? AND u.message_id IS NOT NULL
       AND u.state IN ('committed', 'dele-sent', 'gone')
     ORDER BY u.committed_at, u.uidl`,
  );
  // Nothing to link unless the name already stands for a stored message (a listed UIDL is only
  // 'seen' until its commit) or the key is known: for new mail, nearly every message a sync
  // retrieves, one read of two indexes instead of a transaction and four reads.
  const mayLink = db
    .prepare<[number, string, number, string], number>(
      `SELECT EXISTS (SELECT 1 FROM uidl_state WHERE account_id = ? AND uidl = ?
                        AND message_id IS NOT NULL AND state <> 'seen')
           OR EXISTS (SELECT 1 FROM uidl_state INDEXED BY uidl_state_by_content_key
                      WHERE account_id = ? AND content_key = ?)`,
    )
    .pluck();
  const whenKnown =
    (linkTx: UidlStateRepo['linkByContentKey']): UidlStateRepo['linkByContentKey'] =>
    (accountId, uidl, contentKey, listedUidls, match) =>
      mayLink.get(accountId, uidl, accountId, contentKey) === 1
        ? linkTx(accountId, uidl, contentKey, listedUidls, match)
        : null;
  // In an UPSERT's SET, column names are the row's old values: the CASEs read the prior state.
  const seen = db.prepare(`
    INSERT INTO uidl_state (account_id, uidl, state, size, first_seen_at)
    VALUES (@account_id, @uidl, 'seen', @size, @now)
    ON CONFLICT (account_id, uidl) DO UPDATE SET
      size = coalesce(excluded.size, size),
      state = CASE WHEN state <> 'gone' THEN state
                   WHEN message_id IS NULL THEN 'seen' ELSE 'committed' END,
      gone_at = CASE WHEN state = 'gone' THEN NULL ELSE gone_at END,
      -- A stored message's key listed again after it left: maybe another message with the same
      -- key (header keys, reused UIDLs); only its bytes may vouch for it from now on.
      ambiguous = CASE WHEN state = 'gone' AND message_id IS NOT NULL THEN 1 ELSE ambiguous END`);
  const stateOf = db.prepare<[number, string], { state: string }>(
    'SELECT state FROM uidl_state WHERE account_id = ? AND uidl = ?',
  );
  const deleSent = db.prepare<[number, number, string]>(
    `UPDATE uidl_state SET state = 'dele-sent', dele_session_id = ?
     WHERE account_id = ? AND uidl = ?`,
  );
  const revert = db.prepare<[number, number]>(
    `UPDATE uidl_state SET state = 'committed'
     WHERE account_id = ? AND dele_session_id = ? AND state = 'dele-sent'`,
  );
  const gone = db.prepare<[number, number, string]>(
    `UPDATE uidl_state SET state = 'gone', gone_at = ?
     WHERE account_id = ? AND uidl = ? AND state <> 'gone'`,
  );
  // Only when no other name of the message is still on the server.
  const removeRequested = db.prepare<[number, string]>(
    `UPDATE messages SET deleted_locally = 1, delete_requested = 0
     WHERE delete_requested = 1
       AND id IN (SELECT message_id FROM uidl_state
                  WHERE account_id = ? AND uidl IN (SELECT value FROM json_each(?)))
       AND NOT EXISTS (SELECT 1 FROM uidl_state o WHERE o.message_id = messages.id
                       AND o.state <> 'gone')`,
  );
  // A renamed message keeps its first-seen and commit times: keep-days does not restart.
  const link = db.prepare(`
    INSERT INTO uidl_state (account_id, uidl, state, message_id, content_key, size,
      first_seen_at, committed_at)
    VALUES (@account_id, @uidl, 'committed', @message_id, @content_key, @size, @first_seen,
      @committed)
    ON CONFLICT (account_id, uidl) DO UPDATE SET
      state = 'committed', message_id = excluded.message_id, content_key = excluded.content_key,
      first_seen_at = min(first_seen_at, excluded.first_seen_at),
      committed_at = excluded.committed_at, gone_at = NULL`);
  const ambiguous = db.prepare(`
    INSERT INTO uidl_state (account_id, uidl, state, first_seen_at, ambiguous)
    VALUES (@account_id, @uidl, 'seen', @now, 1)
    ON CONFLICT (account_id, uidl) DO UPDATE SET ambiguous = 1`);
  const renameMessage = db.prepare<[string, number]>('UPDATE messages SET uidl = ? WHERE id = ?');

  const get = (accountId: number, uidl: string) => {
    const row = one.get(accountId, uidl);
    return row ? toRow(row) : undefined;
  };

  return {
    forAccount(accountId) {
      return new Map(forAccount.all(accountId).map((row) => [row.uidl, toRow(row)]));
    },
    get,
    markSeen: db.transaction((accountId: number, listing: readonly UidlListing[]) => {
      const at = now();
      for (const entry of listing) {
        // A size the server made up (beyond 2^53) is no size at all.
        const size = Number.isSafeInteger(entry.size) ? entry.size : null;
        seen.run({ account_id: accountId, uidl: entry.uidl, size, now: at });
      }
    }),
    markAmbiguous: db.transaction((accountId: number, uidls: readonly string[]) => {
      const at = now();
      for (const uidl of uidls) ambiguous.run({ account_id: accountId, uidl, now: at });
    }),
    markDeleSent: db.transaction(
      (accountId: number, uidls: readonly string[], sessionId: number) => {
        const refused = uidls.filter((uidl) => {
          const state = stateOf.get(accountId, uidl)?.state;
          return state !== 'committed' && state !== 'dele-sent';
        });
        if (refused.length > 0) {
          throw new StoreError(
            'not-committed',
            `refusing DELE bookkeeping for UIDLs not committed: ${refused.join(', ')}`,
          );
        }
        for (const uidl of uidls) deleSent.run(sessionId, accountId, uidl);
      },
    ),
    revertDeleSent: (accountId, sessionId) => revert.run(accountId, sessionId).changes,
    markGone: db.transaction((accountId: number, uidls: readonly string[], at?: number) => {
      const when = at ?? now();
      let changed = 0;
      for (const uidl of uidls) changed += gone.run(when, accountId, uidl).changes;
      removeRequested.run(accountId, JSON.stringify(uidls));
      return changed;
    }),
    findCommittedByContentKey(accountId, contentKey) {
      const row = byContentKey.get(accountId, contentKey);
      return row ? toRow(row) : undefined;
    },
    linkByContentKey: whenKnown(
      db.transaction(
        (
          accountId: number,
          uidl: string,
          contentKey: string,
          listedUidls: ReadonlySet<string>,
          match?: LinkMatch,
        ): LinkedMessage | null => {
          const fits = (sha: string | null, partial: boolean) =>
            match === undefined ||
            ('sha256' in match
              ? !partial && sha === match.sha256
              : 'wholeCopy' in match
                ? !partial
                : partial);
          const taken = (
            row: UidlStateRow | undefined,
          ): row is UidlStateRow & { messageId: number } =>
            row !== undefined && row.messageId !== null && row.state !== 'seen';
          const current = get(accountId, uidl);
          if (taken(current)) {
            if (fits(current.sha256, current.partial))
              return { messageId: current.messageId, partial: current.partial };
            // The name already stands for other bytes: these are linked under their derived key.
            if (match === undefined || !('sha256' in match)) return null;
            uidl = derivedUidl(uidl, match.sha256);
            const derived = get(accountId, uidl);
            if (taken(derived))
              return fits(derived.sha256, derived.partial)
                ? { messageId: derived.messageId, partial: derived.partial }
                : null;
          }
          const candidate = byContentKey
            .all(accountId, contentKey)
            .find(
              (row) =>
                row.uidl !== uidl &&
                !listedUidls.has(baseUidl(row.uidl)) &&
                fits(row.sha256, row.partial === 1),
            );
          if (!candidate || candidate.message_id === null) return null;
          link.run({
            account_id: accountId,
            uidl,
            message_id: candidate.message_id,
            content_key: contentKey,
            size: candidate.size,
            first_seen: candidate.first_seen_at,
            committed: candidate.committed_at ?? now(),
          });
          renameMessage.run(uidl, candidate.message_id);
          return { messageId: candidate.message_id, partial: candidate.partial === 1 };
        },
      ),
    ),
  };
}
