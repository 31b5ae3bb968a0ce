// Removing an account, with the user's answer about its mail here: keep it in a folder under
// Local Folders named after the account, or delete it. The server is never touched.

import type Database from 'better-sqlite3';
import type { Folder } from '../../shared/model/folder';
import type { FoldersRepo } from './folders-repo';
import { StoreError } from './store-error';

export interface AccountRemoval {
  /** Returns the folder that now holds its Inbox's mail; null when deleted or there was none. */
  removeAccount(accountId: number, mail: 'keep' | 'delete', folderName: string): Folder | null;
}

export function createAccountRemoval(db: Database.Database, folders: FoldersRepo): AccountRemoval {
  const exists = db.prepare<[number], { id: number }>('SELECT id FROM accounts WHERE id = ?');
  const moveInbox = db.prepare<[number, number]>(
    'UPDATE messages SET folder_id = ? WHERE folder_id = ? AND deleted_locally = 0',
  );
  // Messages already in Trash, Archive or a user folder stay there, without their account.
  const detach = db.prepare<[number]>(
    `UPDATE messages SET account_id = NULL, delete_requested = 0, fetch_requested = 0
     WHERE account_id = ? AND deleted_locally = 0`,
  );
  // Restore-from-Trash would otherwise point at the Inbox that is about to go.
  const repointTrash = db.prepare<[number, number]>(
    'UPDATE messages SET trashed_from = ? WHERE trashed_from = ?',
  );
  const deleteAccount = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?');

  return {
    removeAccount: db.transaction(
      (accountId: number, mail: 'keep' | 'delete', folderName: string): Folder | null => {
        if (!exists.get(accountId)) {
          throw new StoreError('not-found', `account ${accountId} does not exist`);
        }
        let kept: Folder | null = null;
        const inbox = folders.inboxOf(accountId);
        // An empty Inbox leaves no empty folder behind.
        if (mail === 'keep' && inbox.total > 0) {
          kept = folders.create(folders.freeName(folderName));
          moveInbox.run(kept.id, inbox.id);
          repointTrash.run(kept.id, inbox.id);
        }
        if (mail === 'keep') detach.run(accountId);
        // Cascades: its Inbox, its remaining (deleted-here) rows, UIDL state and sessions.
        deleteAccount.run(accountId);
        return kept ? (folders.get(kept.id) ?? kept) : null;
      },
    ),
  };
}
