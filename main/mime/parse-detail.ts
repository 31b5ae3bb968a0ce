// Parses a whole message for the reader: headers, bodies, the attachment list, one attachment's bytes.
// Never sanitises HTML (the renderer does) and parseDetail never throws: a broken message still opens.

import { addressParser } from 'postal-mime';
import { decodeHeaderBytes, firstHeader, scanHeaders } from './header-scan';
import { inlineImages } from './inline-images';
import { MimeError } from './mime-error';
import type { AttachmentContent, AttachmentInfo, ParsedDetail } from './mime-types';
import {
  type Attachment,
  attachmentBytes,
  describeError,
  headerProblem,
  isInlinePart,
  parseDateMs,
  readMime,
  safeDecodeWords,
  toMailAddress,
  toMailAddresses,
} from './postal-read';

/** Whatever can be shown of a message the parser rejected: its headers and its body as text. */
function fallbackDetail(raw: Uint8Array, parseError: string): ParsedDetail {
  const headers = scanHeaders(raw);
  const from = firstHeader(headers, 'from');
  const text = decodeHeaderBytes(raw);
  const bodyStart = /\r?\n\r?\n/.exec(text);
  return {
    headers,
    from: from ? toMailAddress(addressParser(from)[0]) : null,
    to: toMailAddresses(addressParser(firstHeader(headers, 'to') ?? '')),
    cc: toMailAddresses(addressParser(firstHeader(headers, 'cc') ?? '')),
    replyTo: toMailAddresses(addressParser(firstHeader(headers, 'reply-to') ?? '')),
    subject: safeDecodeWords(firstHeader(headers, 'subject') ?? ''),
    date: parseDateMs(firstHeader(headers, 'date')),
    messageId: firstHeader(headers, 'message-id')?.trim() || null,
    text: bodyStart ? text.slice(bodyStart.index + bodyStart[0].length) : text,
    html: null,
    attachments: [],
    inlineImages: [],
    parseError,
  };
}

/** A part left out of a large message's skeleton: its real size, or null for a part read whole. */
export type ElidedSize = (content: Uint8Array) => number | null;

export async function parseDetail(
  raw: Buffer | Uint8Array,
  elidedSize: ElidedSize = () => null,
): Promise<ParsedDetail> {
  try {
    const email = await readMime(raw);
    const attachments: AttachmentInfo[] = email.attachments.map((attachment, index) => {
      const content = attachmentBytes(attachment);
      return {
        index,
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        size: elidedSize(content) ?? content.byteLength,
        contentId: attachment.contentId ?? null,
        inline: isInlinePart(attachment),
      };
    });
    return {
      headers: email.headers.map((header) => ({ name: header.originalKey, value: header.value })),
      from: toMailAddress(email.from),
      to: toMailAddresses(email.to),
      cc: toMailAddresses(email.cc),
      replyTo: toMailAddresses(email.replyTo),
      subject: email.subject?.trim() ?? '',
      date: parseDateMs(email.date),
      messageId: email.messageId?.trim() || null,
      text: email.text ?? null,
      html: email.html ?? null,
      attachments,
      inlineImages: inlineImages(
        email.html ?? null,
        email.attachments
          .map((attachment) => ({
            contentId: attachment.contentId ?? null,
            mimeType: attachment.mimeType,
            content: attachmentBytes(attachment),
          }))
          // A part too large to read whole is not drawn inline (it stays an attachment).
          .filter((image) => elidedSize(image.content) === null),
      ),
      parseError: headerProblem(email),
    };
  } catch (error) {
    try {
      return fallbackDetail(raw, describeError(error));
    } catch (fallbackError) {
      return {
        headers: [],
        from: null,
        to: [],
        cc: [],
        replyTo: [],
        subject: '',
        date: null,
        messageId: null,
        text: null,
        html: null,
        attachments: [],
        inlineImages: [],
        parseError: `${describeError(error)}; fallback failed too: ${describeError(fallbackError)}`,
      };
    }
  }
}

/** Attachment `index` of a message as parseDetail lists them; throws MimeError if absent. */
export async function attachmentAt(raw: Uint8Array, index: number): Promise<Attachment> {
  let attachments;
  try {
    attachments = (await readMime(raw)).attachments;
  } catch (error) {
    throw new MimeError('no-such-attachment', `message does not parse: ${describeError(error)}`);
  }
  const attachment = Number.isInteger(index) ? attachments[index] : undefined;
  if (!attachment) {
    throw new MimeError(
      'no-such-attachment',
      `attachment ${index} does not exist (the message has ${attachments.length})`,
    );
  }
  return attachment;
}

/** The decoded bytes of attachment `index` as listed by parseDetail; throws MimeError if absent. */
export async function getAttachment(
  raw: Buffer | Uint8Array,
  index: number,
): Promise<AttachmentContent> {
  const attachment = await attachmentAt(raw, index);
  return {
    filename: attachment.filename,
    mimeType: attachment.mimeType,
    content: attachmentBytes(attachment),
  };
}
