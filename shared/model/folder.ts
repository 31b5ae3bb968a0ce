// Folders as the renderer sees them, and what a move hands back so that it can be undone.
import { z } from 'zod';

export type FolderRole = 'inbox' | 'trash' | 'archive' | 'drafts' | 'sent' | 'user';

export interface Folder {
  id: number;
  /** An account's Inbox has its account; Local Folders (Trash, Archive, the user's) have none. */
  accountId: number | null;
  role: FolderRole;
  name: string;
  /** Messages in it (not counting those deleted for good). */
  total: number;
  unread: number;
}

export const FOLDER_NAME_MAX = 200;

export const folderNameSchema = z
  .string()
  .trim()
  .min(1, 'a folder needs a name')
  .max(FOLDER_NAME_MAX)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'no control characters in a folder name');

/** Where one message was before a move: enough to put it back. */
export interface MovedMessage {
  id: number;
  fromFolderId: number;
}

export const movedMessagesSchema = z
  .array(z.strictObject({ id: z.int().positive(), fromFolderId: z.int().positive() }))
  .min(1)
  .max(100_000);

export interface MoveResult {
  /** How many changed folder (those already there are left alone). */
  moved: number;
  /** Hand this to messages.undoMove to put them back. */
  undo: MovedMessage[];
  /** The folder they went to. */
  folderId: number;
}

/**
 * A file sent for import over the contract, as base64: it must fit one bridge frame (4 MiB), so
 * the app takes files up to 2.5 MiB; bigger mbox files go through the command line's `import`.
 */
export const IMPORT_FILE_MAX_BYTES = 2.5 * 1024 * 1024;
export const IMPORT_FILE_MAX_BASE64 = Math.ceil(IMPORT_FILE_MAX_BYTES / 3) * 4;

export interface ImportProgress {
  /** Entries read so far (stored, skipped as duplicates, or unreadable). */
  read: number;
  stored: number;
  duplicates: number;
}

export interface ImportProblem {
  /** The file and, inside an mbox, the entry's position (1-based). */
  source: string;
  reason: string;
}

export interface ImportReport extends ImportProgress {
  problems: ImportProblem[];
}
