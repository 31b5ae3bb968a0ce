// A stored message as the reader, Save As and compose read it: a small one whole, a large one
// (over WHOLE_PARSE_OCTETS, stored in chunks) a chunk at a time, parsed without its large parts and
// its attachments decoded on demand, so no path holds a large message whole.
import { notFound } from '../errors';
import {
  attachmentOfPieces,
  getAttachment,
  parseDetail,
  parseDetailOfPieces,
  WHOLE_PARSE_OCTETS,
  type PendingAttachment,
} from '../mime';
import type { MessageRecord, Store } from '../store';

export interface StoredMessage {
  record: MessageRecord;
  /** Its bytes in order, from the start each time (one chunk of a large body in memory). */
  pieces(): Iterable<Buffer>;
  /** Whether it is read a piece at a time (parsed without its large parts). */
  large: boolean;
}

/** A message the user can still see (not deleted here); throws not-found otherwise. */
export function storedMessage(store: Store, id: number): StoredMessage {
  const record = store.messages.get(id);
  if (!record || record.deletedLocally || !store.messages.rawPieces(id))
    throw notFound(`message ${id}`);
  return {
    record,
    pieces: () => store.messages.rawPieces(id) ?? [],
    large: record.size > WHOLE_PARSE_OCTETS,
  };
}

/** The bytes of a small message as one buffer (never called for a large one). */
function whole(message: StoredMessage): Buffer {
  const all = [...message.pieces()];
  return all.length === 1 ? all[0]! : Buffer.concat(all);
}

/** Its parsed detail: whole for a small message, without its large parts for a large one. */
export async function storedDetail(message: StoredMessage) {
  return message.large ? parseDetailOfPieces(message.pieces) : parseDetail(whole(message));
}

/** Attachment `index`, its bytes written on demand; of a large message decoded from its chunks. */
export async function storedAttachment(
  message: StoredMessage,
  index: number,
): Promise<PendingAttachment> {
  if (message.large) return attachmentOfPieces(message.pieces, index);
  const { filename, mimeType, content } = await getAttachment(whole(message), index);
  return {
    filename,
    mimeType,
    writeTo: async (write) => {
      await write(content);
      return content.byteLength;
    },
  };
}
