// The folders table: each account's Inbox, and Local Folders (Trash, Archive, Drafts, Sent, the
// user's own).
// Never deletes mail: removing a folder that holds messages moves them to Trash first.

import type Database from 'better-sqlite3';
import type { Folder, FolderRole } from '../../shared/model/folder';
import { StoreError, sqliteCode } from './store-error';

export interface FoldersRepo {
  /** Account Inboxes (in account order), then Trash, Archive and user folders by name. */
  list(): Folder[];
  get(id: number): Folder | undefined;
  inboxOf(accountId: number): Folder;
  trash(): Folder;
  archive(): Folder;
  drafts(): Folder;
  sent(): Folder;
  /** A user folder under Local Folders. Throws 'duplicate-folder' or 'invalid-input'. */
  create(name: string): Folder;
  /** Only user folders. Throws 'not-found', 'invalid-input' or 'duplicate-folder'. */
  rename(id: number, name: string): Folder;
  /** Only user folders; its messages go to Trash first. Returns how many went there. */
  remove(id: number): { movedToTrash: number };
  /** A free local folder name: `base`, else `base (2)`, `base (3)`, … */
  freeName(base: string): string;
}

interface FolderDbRow {
  id: number;
  account_id: number | null;
  role: FolderRole;
  name: string;
  total: number;
  unread: number;
}

const ORDER = `ORDER BY f.account_id IS NULL, f.account_id,
  CASE f.role WHEN 'inbox' THEN 0 WHEN 'trash' THEN 1 WHEN 'archive' THEN 2 WHEN 'drafts' THEN 3
    WHEN 'sent' THEN 4 ELSE 5 END,
  f.name COLLATE NOCASE, f.id`;

// Counts come from the per-folder partial indexes (live messages, and live unread ones).
const SELECT = `SELECT f.id, f.account_id, f.role, f.name,
    (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND m.deleted_locally = 0) AS total,
    (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND m.deleted_locally = 0
       AND m.read = 0) AS unread
  FROM folders f`;

function toFolder(row: FolderDbRow): Folder {
  return {
    id: row.id,
    accountId: row.account_id,
    role: row.role,
    name: row.name,
    total: row.total,
    unread: row.unread,
  };
}

export function checkFolderName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new StoreError(
      'invalid-input',
      'a folder name is 1 to 200 characters, without control characters',
    );
  }
  return trimmed;
}

export function createFoldersRepo(db: Database.Database, now: () => number): FoldersRepo {
  const all = db.prepare<[], FolderDbRow>(`${SELECT} ${ORDER}`);
  const byId = db.prepare<[number], FolderDbRow>(`${SELECT} WHERE f.id = ?`);
  const inbox = db.prepare<[number], FolderDbRow>(
    `${SELECT} WHERE f.account_id = ? AND f.role = 'inbox'`,
  );
  const special = db.prepare<[string], FolderDbRow>(`${SELECT} WHERE f.role = ?`);
  const insert = db.prepare<[string, number]>(
    "INSERT INTO folders (role, name, created_at) VALUES ('user', ?, ?)",
  );
  const setName = db.prepare<[string, number]>('UPDATE folders SET name = ? WHERE id = ?');
  const deleteRow = db.prepare<[number]>('DELETE FROM folders WHERE id = ?');
  const localNameTaken = db.prepare<[string], { id: number }>(
    'SELECT id FROM folders WHERE account_id IS NULL AND name = ? COLLATE NOCASE',
  );
  const toTrash = db.prepare<[number, number, number]>(
    `UPDATE messages SET folder_id = ?, trashed_at = ?, trashed_from = NULL
     WHERE folder_id = ? AND deleted_locally = 0`,
  );
  // Rows deleted for good still name their folder: they follow it to Trash, out of sight.
  const hiddenToTrash = db.prepare<[number, number]>(
    'UPDATE messages SET folder_id = ? WHERE folder_id = ? AND deleted_locally = 1',
  );

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toFolder(row) : undefined;
  };
  const must = (row: FolderDbRow | undefined, what: string): Folder => {
    if (!row) throw new StoreError('integrity', `${what} folder is missing`);
    return toFolder(row);
  };
  const userFolder = (id: number): Folder => {
    const folder = get(id);
    if (!folder) throw new StoreError('not-found', `folder ${id} does not exist`);
    if (folder.role !== 'user') {
      throw new StoreError('invalid-input', `${folder.name} is not a folder of yours to change`);
    }
    return folder;
  };
  const translate = (error: unknown, name: string): never => {
    if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new StoreError('duplicate-folder', `a folder named ${name} exists already`, {
        cause: error,
      });
    }
    throw error;
  };
  const trash = () => must(special.get('trash'), 'the Trash');

  return {
    list: () => all.all().map(toFolder),
    get,
    inboxOf: (accountId) => must(inbox.get(accountId), `account ${accountId}'s Inbox`),
    trash,
    archive: () => must(special.get('archive'), 'the Archive'),
    drafts: () => must(special.get('drafts'), 'the Drafts'),
    sent: () => must(special.get('sent'), 'the Sent'),
    create(name) {
      const clean = checkFolderName(name);
      try {
        return get(Number(insert.run(clean, now()).lastInsertRowid)) as Folder;
      } catch (error) {
        return translate(error, clean);
      }
    },
    rename: db.transaction((id: number, name: string): Folder => {
      userFolder(id);
      const clean = checkFolderName(name);
      try {
        setName.run(clean, id);
      } catch (error) {
        translate(error, clean);
      }
      return get(id) as Folder;
    }),
    remove: db.transaction((id: number) => {
      userFolder(id);
      const trashId = trash().id;
      const moved = toTrash.run(trashId, now(), id).changes;
      hiddenToTrash.run(trashId, id);
      deleteRow.run(id);
      return { movedToTrash: moved };
    }),
    freeName(base) {
      const clean = checkFolderName(base.slice(0, 190));
      for (let n = 1; ; n++) {
        const candidate = n === 1 ? clean : `${clean} (${n})`;
        if (!localNameTaken.get(candidate)) return candidate;
      }
    },
  };
}
