// Every address in the store with how it was used: as sender or recipient of stored mail, and as
// a recipient of the user's own mail (the Sent folder, and the outbox, whose envelope has Bcc).
// Read for address completion; the caller folds, matches and ranks.

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

export interface AddressBook {
  /** One row per address and name as written; the same address may come with several names. */
  uses(): AddressUse[];
  /** Changes whenever mail or the outbox gains or loses a message: a cache key for uses(). */
  version(): string;
}

export function createAddressBook(db: Database.Database): AddressBook {
  // Sent copies the outbox still holds are counted there (with their Bcc), not twice.
  const uses = db.prepare<[], AddressUse>(`
    WITH own AS (SELECT id FROM folders WHERE role = 'sent'),
    skip AS (SELECT id FROM folders WHERE role = 'drafts'),
    mail AS (
      SELECT m.id, m.from_addr, m.from_name, m.to_addrs, m.cc_addrs, m.sort_date AS at,
        m.folder_id IN (SELECT id FROM own) AS mine
      FROM messages m
      WHERE m.deleted_locally = 0 AND m.folder_id NOT IN (SELECT id FROM skip)
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
      UNION ALL
      SELECT j.value, '', o.created_at, 1 FROM outbox o, json_each(o.envelope_to) AS j
    )
    SELECT min(address) AS address, coalesce(name, '') AS name,
      sum(mine = 0) AS seen, sum(mine) AS sentTo, max(coalesce(at, 0)) AS lastAt
    FROM used
    WHERE address IS NOT NULL AND address <> '' AND instr(address, '@') > 0
    GROUP BY lower(address), coalesce(name, '')
  `);
  const version = db.prepare<[], { v: string }>(`
    SELECT (SELECT coalesce(max(id), 0) FROM messages) || ':' ||
      (SELECT count(*) FROM messages WHERE deleted_locally = 0) || ':' ||
      (SELECT coalesce(max(id), 0) FROM outbox) || ':' ||
      (SELECT count(*) FROM outbox) AS v
  `);
  return {
    uses: () => uses.all(),
    version: () => version.get()?.v ?? '',
  };
}
