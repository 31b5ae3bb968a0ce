// Writes a folder as an mboxrd file, one message at a time (memory bounded by the largest
// message), into a temporary file renamed into place at the end: never a half-written file.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Store } from '../store';
import { mboxEntry } from './mboxrd';

/** The mbox entries of a folder's messages, oldest first. */
export function* folderAsMbox(store: Store, folderId: number): Generator<Buffer[]> {
  for (const id of store.moves.idsInFolder(folderId)) {
    const record = store.messages.get(id);
    const raw = store.messages.raw(id);
    if (!record || !raw) continue;
    yield mboxEntry(raw, record.from?.address ?? '', record.receivedAt);
  }
}

export async function exportFolderToFile(
  store: Store,
  folderId: number,
  path: string,
): Promise<{ exported: number }> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  let exported = 0;
  try {
    for (const parts of folderAsMbox(store, folderId)) {
      for (const part of parts) {
        if (!out.write(part)) await once(out, 'drain');
      }
      exported++;
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
    return { exported };
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** The whole folder as one mbox in memory: for a save dialog or a browser download. */
export function folderMboxBytes(store: Store, folderId: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of folderAsMbox(store, folderId)) parts.push(...entry);
  return Buffer.concat(parts);
}
