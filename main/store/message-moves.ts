// Moving messages between folders, Trash and its undo, deleting for good, and the star.
// "Deleted here" (deleted_locally, what the sync's retention reads) is set only when a message
// leaves Trash for good; entering Trash is an ordinary, undoable move.

import type Database from 'better-sqlite3';
import type { MovedMessage, MoveResult } from '../../shared/model/folder';
import { StoreError } from './store-error';

export interface MessageMoves {
  /** Moves live messages to the folder; ones already there are left out. Throws 'not-found'. */
  move(ids: readonly number[], folderId: number): MoveResult;
  /** Puts each message back where it was, if it and its folder still exist. Returns how many. */
  undoMove(moves: readonly MovedMessage[]): number;
  /** Removes messages in Trash for good (others are left alone). Returns how many. */
  deleteForever(ids: readonly number[]): number;
  /** Removes everything in Trash for good. Returns how many. */
  emptyTrash(): number;
  /** Returns how many changed. */
  setFlagged(ids: readonly number[], flagged: boolean): number;
  /** The live messages of a folder, oldest first (for export). */
  idsInFolder(folderId: number): number[];
  /** Which folder each of these live messages is in. */
  foldersOf(ids: readonly number[]): MovedMessage[];
}

export function createMessageMoves(db: Database.Database, now: () => number): MessageMoves {
  const folderRole = db.prepare<[number], { role: string }>(
    'SELECT role FROM folders WHERE id = ?',
  );
  const trashId = db.prepare<[], { id: number }>("SELECT id FROM folders WHERE role = 'trash'");
  const where = db.prepare<[string, number], { id: number; folder_id: number }>(
    `SELECT id, folder_id FROM messages
     WHERE id IN (SELECT value FROM json_each(?)) AND deleted_locally = 0 AND folder_id <> ?
     ORDER BY id`,
  );
  const foldersOf = db.prepare<[string], { id: number; folder_id: number }>(
    `SELECT id, folder_id FROM messages
     WHERE id IN (SELECT value FROM json_each(?)) AND deleted_locally = 0 ORDER BY id`,
  );
  // Into Trash: remember when and from where. Out of Trash: forget both.
  const moveOne = db.prepare<{ id: number; folder: number; trash: number; now: number }>(
    `UPDATE messages SET folder_id = @folder,
       trashed_at = CASE WHEN @folder = @trash THEN @now END,
       trashed_from = CASE WHEN @folder = @trash THEN folder_id END
     WHERE id = @id AND deleted_locally = 0`,
  );
  // With an account the row stays (its UIDL bookkeeping needs it) and counts as deleted here;
  // a message of Local Folders alone has nothing to keep and goes with its bytes.
  const forgetAccountless = db.prepare<[string, number]>(
    `DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))
       AND folder_id = ? AND deleted_locally = 0 AND account_id IS NULL`,
  );
  const markDeleted = db.prepare<[string, number]>(
    `UPDATE messages SET deleted_locally = 1, trashed_at = NULL, trashed_from = NULL
     WHERE id IN (SELECT value FROM json_each(?)) AND folder_id = ? AND deleted_locally = 0`,
  );
  const inTrash = db.prepare<[number], { id: number }>(
    'SELECT id FROM messages WHERE folder_id = ? AND deleted_locally = 0',
  );
  const setFlagged = db.prepare<[number, string, number]>(
    `UPDATE messages SET flagged = ? WHERE id IN (SELECT value FROM json_each(?)) AND flagged <> ?`,
  );
  const idsInFolder = db.prepare<[number], { id: number }>(
    'SELECT id FROM messages WHERE folder_id = ? AND deleted_locally = 0 ORDER BY id',
  );

  const trash = (): number => {
    const row = trashId.get();
    if (!row) throw new StoreError('integrity', 'the Trash folder is missing');
    return row.id;
  };

  const deleteForever = db.transaction((ids: readonly number[]): number => {
    const json = JSON.stringify(ids);
    const t = trash();
    return forgetAccountless.run(json, t).changes + markDeleted.run(json, t).changes;
  });

  return {
    move: db.transaction((ids: readonly number[], folderId: number): MoveResult => {
      if (!folderRole.get(folderId)) {
        throw new StoreError('not-found', `folder ${folderId} does not exist`);
      }
      const t = trash();
      const undo: MovedMessage[] = [];
      for (const row of where.all(JSON.stringify(ids), folderId)) {
        moveOne.run({ id: row.id, folder: folderId, trash: t, now: now() });
        undo.push({ id: row.id, fromFolderId: row.folder_id });
      }
      return { moved: undo.length, undo, folderId };
    }),
    undoMove: db.transaction((moves: readonly MovedMessage[]): number => {
      const t = trash();
      let restored = 0;
      for (const { id, fromFolderId } of moves) {
        if (!folderRole.get(fromFolderId)) continue;
        restored += moveOne.run({ id, folder: fromFolderId, trash: t, now: now() }).changes;
      }
      return restored;
    }),
    deleteForever,
    emptyTrash: db.transaction(() => deleteForever(inTrash.all(trash()).map((row) => row.id))),
    setFlagged: (ids, flagged) =>
      setFlagged.run(flagged ? 1 : 0, JSON.stringify(ids), flagged ? 1 : 0).changes,
    idsInFolder: (folderId) => idsInFolder.all(folderId).map((row) => row.id),
    foldersOf: (ids) =>
      foldersOf
        .all(JSON.stringify(ids))
        .map((row) => ({ id: row.id, fromFolderId: row.folder_id })),
  };
}
