// Every address in the store with how it was used: as sender or recipient of stored mail, and as
// a recipient of the user's own mail (the Sent folder, and the outbox, whose envelope has Bcc).
// Read for address completion; the caller folds, matches and ranks. Mail is read in id order
// from a given id on, so a caller can add what arrived since its last read instead of reading
// 100,000 messages again.

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

export interface AddressBookState {
  /** The highest message id. */
  maxId: number;
  /** Messages here (not deleted, not drafts): if only mail after maxId was added, this grew by as many. */
  live: number;
  /** Changes whenever the outbox gains or loses a message. */
  outbox: string;
}

export interface AddressBook {
  /** Uses in stored mail with an id above `afterId` (0: all), one row per address and name. */
  mailUses(afterId: number): AddressUse[];
  /** Recipients of every message in the outbox, one row per address. */
  outboxUses(): AddressUse[];
  state(): AddressBookState;
  /** Messages here (as counted in state().live) with an id above `afterId`. */
  liveAfter(afterId: number): number;
}

const LIVE = `m.deleted_locally = 0
  AND m.folder_id NOT IN (SELECT id FROM folders WHERE role = 'drafts')`;

export function createAddressBook(db: Database.Database): AddressBook {
  // Sent copies the outbox still holds are counted there (with their Bcc), not twice.
  const mailUses = db.prepare<[number], AddressUse>(`
    WITH mail AS (
      SELECT m.from_addr, m.from_name, m.to_addrs, m.cc_addrs, m.sort_date AS at,
        m.folder_id IN (SELECT id FROM folders WHERE role = 'sent') AS mine
      FROM messages m
      WHERE m.id > ? AND ${LIVE}
        AND m.id NOT IN (SELECT sent_copy_id FROM outbox WHERE sent_copy_id IS NOT NULL)
    ),
    used (address, name, at, mine) AS (
      SELECT from_addr, from_name, at, 0 FROM mail WHERE from_addr <> '' AND mine = 0
      UNION ALL
      SELECT json_extract(j.value, '$.address'), json_extract(j.value, '$.name'), at, mine
        FROM mail, json_each(mail.to_addrs) AS j
      UNION ALL
      SELECT json_extract(j.value, '$.address'), json_extract(j.value, '$.name'), at, mine
        FROM mail, json_each(mail.cc_addrs) AS j
    )
    SELECT min(address) AS address, coalesce(name, '') AS name,
      sum(mine = 0) AS seen, sum(mine) AS sentTo, max(coalesce(at, 0)) AS lastAt
    FROM used
    WHERE address IS NOT NULL AND instr(address, '@') > 0
    GROUP BY lower(address), coalesce(name, '')
  `);
  const outboxUses = db.prepare<[], AddressUse>(`
    SELECT min(j.value) AS address, '' AS name, 0 AS seen, count(*) AS sentTo,
      max(o.created_at) AS lastAt
    FROM outbox o, json_each(o.envelope_to) AS j
    WHERE instr(j.value, '@') > 0
    GROUP BY lower(j.value)
  `);
  const state = db.prepare<[], AddressBookState>(`
    SELECT (SELECT coalesce(max(id), 0) FROM messages) AS maxId,
      (SELECT count(*) FROM messages m WHERE ${LIVE}) AS live,
      (SELECT coalesce(max(id), 0) || ':' || count(*) FROM outbox) AS outbox
  `);
  const liveAfter = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM messages m WHERE m.id > ? AND ${LIVE}`,
  );
  return {
    mailUses: (afterId) => mailUses.all(afterId),
    outboxUses: () => outboxUses.all(),
    state: () => state.get() as AddressBookState,
    liveAfter: (afterId) => liveAfter.get(afterId)?.n ?? 0,
  };
}
