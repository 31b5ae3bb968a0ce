// Writes a folder as an mboxrd file, one message at a time and each a stored chunk at a time (memory
// bounded by a chunk, not by the largest message), into a temporary file renamed into place at
// the end: never a half-written file.

import { writeFileWhole, type ByteSink } from '../services';
import type { Store } from '../store';
import { mboxEntryOf } from './mboxrd';

/** Writes the mbox entries of a folder's messages to `sink`, oldest first; returns how many. */
export async function writeFolderMbox(
  store: Store,
  folderId: number,
  sink: ByteSink,
): Promise<number> {
  let exported = 0;
  for (const id of store.moves.idsInFolder(folderId)) {
    const record = store.messages.get(id);
    const pieces = store.messages.rawPieces(id);
    if (!record || !pieces) continue;
    for (const part of mboxEntryOf(pieces, record.from?.address ?? '', record.receivedAt))
      await sink(part);
    exported++;
  }
  return exported;
}

export async function exportFolderToFile(
  store: Store,
  folderId: number,
  path: string,
): Promise<{ exported: number }> {
  let exported = 0;
  await writeFileWhole(path, async (sink) => {
    exported = await writeFolderMbox(store, folderId, sink);
  });
  return { exported };
}
