// messages.*: the list, the reader, the source, flags, moves (Trash and undo), deletions,
// attachments and Save as.
// Never talks to the POP3 server here: deleteFromServer and fetchFull only mark, the next session
// acts. remoteImages fetches a visible message's remote images the user asked for, for the reader.
import type { FullFetchState, MessageDetail } from '../../../shared/model/message';
import type { Services } from '../../services';
import type { MessageRecord } from '../../store';
import { urlsInHtml } from '../../remote-content';
import {
  piecesWriter,
  safeFileName,
  storedAttachment,
  storedDetail,
  storedMessage,
} from '../../services';
import type { HandlerGroup } from './handler-group';

/** What "View source" shows of a message at most: its head; Save As gives all of it. */
export const SOURCE_HEAD_OCTETS = 512 * 1024;

/** The first `octets` of pieces (fewer when they end first), reading no further. */
function headOf(pieces: Iterable<Uint8Array>, octets: number): Buffer {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (length >= octets) break;
    const part = piece.subarray(0, octets - length);
    parts.push(part);
    length += part.byteLength;
  }
  return Buffer.concat(parts);
}

export function messagesHandlers(services: Services): HandlerGroup<'messages'> {
  const { store } = services;

  /** The reader's parse: whole for a small message, without its large parts for a large one. */
  const detailOf = async (id: number) => {
    const message = storedMessage(store, id);
    return { record: message.record, parsed: await storedDetail(message) };
  };

  const fullFetchState = (record: MessageRecord): FullFetchState | null => {
    if (!record.headersOnly) return null;
    // Its account removed: nothing can fetch the rest any more.
    if (record.accountId === null) return 'gone';
    if (store.uidl.get(record.accountId, record.uidl)?.state === 'gone') return 'gone';
    return record.fetchRequested ? 'requested' : 'available';
  };

  return {
    'messages.list': (query) => ({
      items: store.messages.list(query),
      total: store.messages.count(query),
      offset: query.offset,
    }),

    'messages.detail': async ({ id }) => {
      const { record, parsed } = await detailOf(id);
      const detail: MessageDetail = {
        id: record.id,
        accountId: record.accountId,
        folderId: record.folderId,
        starred: record.starred,
        uidl: record.uidl,
        from: parsed.from ?? record.from,
        subject: parsed.subject || record.subject,
        date: parsed.date ?? record.date,
        receivedAt: record.receivedAt,
        size: record.size,
        read: record.read,
        hasAttachments: record.hasAttachments,
        snippet: record.snippet,
        headersOnly: record.headersOnly,
        deleteFromServerPending: record.deleteFromServerPending,
        headers: parsed.headers,
        to: parsed.to,
        cc: parsed.cc,
        replyTo: parsed.replyTo,
        messageId: parsed.messageId ?? record.messageId,
        text: parsed.text,
        html: parsed.html,
        attachments: parsed.attachments,
        inlineImages: parsed.inlineImages,
        fullFetch: fullFetchState(record),
        parseError: record.parseError ?? parsed.parseError,
      };
      return detail;
    },

    'messages.raw': ({ id }) => {
      const head = headOf(storedMessage(store, id).pieces(), SOURCE_HEAD_OCTETS);
      const size = store.messages.rawSize(id) ?? head.length;
      return { id, source: new TextDecoder('utf-8').decode(head), size, shown: head.length };
    },

    'messages.markRead': ({ ids, read }) => ({ updated: store.messages.setRead(ids, read) }),

    'messages.deleteLocally': ({ ids }) => ({ deleted: store.messages.deleteLocally(ids) }),

    'messages.deleteFromServer': ({ ids }) => ({
      marked: store.messages.requestServerDelete(ids),
    }),

    'messages.fetchFull': ({ ids }) => ({ marked: store.messages.requestFullFetch(ids) }),

    'messages.remoteImages': async ({ id, urls }) => {
      // Only for a message the user can see, only URLs its HTML mentions; the fetcher refuses
      // private addresses and checks every redirect again.
      const { parsed } = await detailOf(id);
      const mentioned = urlsInHtml(parsed.html ?? '');
      const wanted = urls.filter((url) => mentioned.has(url));
      const fetched = new Map(
        (await services.fetchImages(wanted)).map((image) => [image.url, image]),
      );
      const images = urls.map(
        (url) => fetched.get(url) ?? { url, error: 'not-in-message' as const },
      );
      return { images };
    },

    'messages.move': ({ ids, folderId }) => store.moves.move(ids, folderId),
    'messages.moveToTrash': ({ ids }) => store.moves.move(ids, store.folders.trash().id),
    'messages.undoMove': ({ moves }) => ({ restored: store.moves.undoMove(moves) }),
    'messages.deleteForever': ({ ids }) => ({ deleted: store.moves.deleteForever(ids) }),
    'messages.setStarred': ({ ids, starred }) => ({
      updated: store.moves.setFlagged(ids, starred),
    }),

    'messages.saveAs': ({ id }) => {
      const { record, pieces } = storedMessage(store, id);
      return services.platform.saveFile({
        suggestedName: safeFileName(record.subject ? `${record.subject}.eml` : '', 'message.eml'),
        mimeType: 'message/rfc822',
        writeTo: piecesWriter(pieces),
      });
    },

    'messages.saveAttachment': async ({ id, index }) => {
      const attachment = await storedAttachment(storedMessage(store, id), index);
      return services.platform.saveFile({
        suggestedName: safeFileName(attachment.filename, `attachment-${index + 1}`),
        mimeType: attachment.mimeType,
        writeTo: async (sink) => {
          await attachment.writeTo(sink);
        },
      });
    },
  };
}
