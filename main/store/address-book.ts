// Every address in the store with how it was used: as sender or recipient of stored mail, and as
// a recipient of the user's own mail (the Sent folder, and the outbox, whose envelope has Bcc).
// Read for address completion; the caller folds, matches and ranks. Mail is read by slices of
// message ids, each with a checksum of which messages it counts, so a caller can read a large
// store a slice at a time and, after a change, read again only the slices whose checksum moved.

import type Database from 'better-sqlite3';

export interface AddressUse {
  address: string;
  name: string;
  /** Messages it appeared in, in mail the user did not send. */
  seen: number;
  /** Messages the user sent (or is sending) to it. */
  sentTo: number;
  /** The newest of those messages' dates, epoch ms. */
  lastAt: number;
}

/** One slice of message ids as address completion counts it. */
export interface AddressSlice {
  /** Ids from slice * 2^bits up to (not including) (slice + 1) * 2^bits. */
  slice: number;
  /** Messages counted in it. */
  messages: number;
  /** Changes when a message in it is counted or no longer counted, or moves in or out of Sent. */
  checksum: number;
}

export interface AddressBook {
  /** Uses in stored mail with an id in [fromId, toId), one row per address (as written) and name. */
  mailUses(fromId: number, toId: number): AddressUse[];
  /** Recipients of every message in the outbox, one row per address. */
  outboxUses(): AddressUse[];
  /**
   * The counted mail by slices of 2^bits ids: the whole store in one pass over an index, no
   * message read; or only ids in [fromId, toId), read by id.
   */
  slices(bits: number, range?: { fromId: number; toId: number }): AddressSlice[];
  /** The highest message id (0 in an empty store). */
  lastId(): number;
  /**
   * A fingerprint of the mail with ids up to `upToId` (what is live, what is in Sent or Drafts)
   * and of the outbox: equal values mean nothing counted there changed. Cheaper than slices().
   */
  probe(upToId: number): string;
  /** Changes whenever anything may have been written (here or by another connection); reads nothing. */
  version(): string;
}

const LIVE = `m.deleted_locally = 0
  AND m.folder_id NOT IN (SELECT id FROM folders WHERE role = 'drafts')`;

// Mail that counts, and whether the user sent it. Sent copies the outbox still holds are counted
// there (with their Bcc), not twice.
const COUNTED = `
  SELECT m.id, m.from_addr, m.from_name, m.to_addrs, m.cc_addrs, m.sort_date AS at,
    m.folder_id IN (SELECT id FROM folders WHERE role = 'sent') AS mine
  FROM messages m
  WHERE ${LIVE} AND m.id NOT IN (SELECT sent_copy_id FROM outbox WHERE sent_copy_id IS NOT NULL)`;

export function createAddressBook(db: Database.Database): AddressBook {
  const mailUses = db.prepare<[number, number], AddressUse>(`
    WITH mail AS (SELECT * FROM (${COUNTED}) WHERE id >= ? AND id < ?),
    used (address, name, at, mine) AS (
      SELECT from_addr, from_name, at, 0 FROM mail WHERE from_addr <> '' AND mine = 0
      UNION ALL
      SELECT json_extract(j.value, '$.address'), json_extract(j.value, '$.name'), at, mine
        FROM mail, json_each(mail.to_addrs) AS j
      UNION ALL
      SELECT json_extract(j.value, '$.address'), json_extract(j.value, '$.name'), at, mine
        FROM mail, json_each(mail.cc_addrs) AS j
    )
    SELECT address, coalesce(name, '') AS name,
      sum(mine = 0) AS seen, sum(mine) AS sentTo, max(coalesce(at, 0)) AS lastAt
    FROM used
    WHERE address IS NOT NULL AND instr(address, '@') > 0
    GROUP BY address, coalesce(name, '')
  `);
  const outboxUses = db.prepare<[], AddressUse>(`
    SELECT min(j.value) AS address, '' AS name, 0 AS seen, count(*) AS sentTo,
      max(o.created_at) AS lastAt
    FROM outbox o, json_each(o.envelope_to) AS j
    WHERE instr(j.value, '@') > 0
    GROUP BY lower(j.value)
  `);
  // A 32-bit hash of each counted id (and whether it is sent) summed. Over the whole store the
  // columns read are all in a partial index: one pass over it, not over the messages.
  const checksums = (range: string) =>
    db.prepare<unknown[], AddressSlice>(`
      SELECT m.id >> ? AS slice, count(*) AS messages,
        sum((m.id * 2654435761
          + (m.folder_id IN (SELECT id FROM folders WHERE role = 'sent')) * 40503) % 4294967311)
          AS checksum
      FROM messages m
      WHERE ${LIVE} ${range}
        AND m.id NOT IN (SELECT sent_copy_id FROM outbox WHERE sent_copy_id IS NOT NULL)
      GROUP BY slice
    `);
  const allSlices = checksums('');
  const someSlices = checksums('AND m.id >= ? AND m.id < ?');
  // '+id' keeps the first pass on a partial index instead of the table's rows.
  const probe = db.prepare<{ upTo: number }, { probe: string }>(`
    SELECT
      (SELECT count(*) || ':' || coalesce(sum((id * 2654435761) % 4294967311), 0)
        FROM messages WHERE deleted_locally = 0 AND +id <= @upTo)
      || '/' || (SELECT group_concat(n, ',') FROM (
        SELECT f.id || ':' || count(m.id) || ':'
          || coalesce(sum((m.id * 2654435761) % 4294967311), 0) AS n
        FROM folders f
        LEFT JOIN messages m ON m.folder_id = f.id AND m.deleted_locally = 0 AND m.id <= @upTo
        WHERE f.role IN ('sent', 'drafts') GROUP BY f.id ORDER BY f.id))
      || '/' || (SELECT count(*) || ':' || coalesce(max(id), 0) || ':'
        || coalesce(sum(sent_copy_id), 0) FROM outbox) AS probe
  `);
  const lastId = db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM messages');
  const changes = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  return {
    mailUses: (fromId, toId) => mailUses.all(fromId, toId),
    outboxUses: () => outboxUses.all(),
    // A bigint, so the shift is computed on integers (a JavaScript number binds as a real).
    slices: (bits, range) =>
      range ? someSlices.all(BigInt(bits), range.fromId, range.toId) : allSlices.all(BigInt(bits)),
    lastId: () => lastId.get()?.id ?? 0,
    probe: (upTo) => probe.get({ upTo })?.probe ?? '',
    version: () =>
      `${String(db.pragma('data_version', { simple: true }))}:${changes.get()?.n ?? 0}`,
  };
}
