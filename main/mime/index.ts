// Public face of MIME parsing: summary for the store, detail and attachments for the reader.
// Never import postal-mime from outside this folder; go through these functions.

export { parseMessage, BODY_TEXT_CAP, SNIPPET_LENGTH, SUMMARY_PARSE_LIMIT } from './parse-message';
export { createParsePool, parseInWorker } from './parse-pool';
export type { ParsePool, ParsePoolOptions } from './parse-pool';
export { parseDetail, getAttachment } from './parse-detail';
export {
  attachmentOfPieces,
  parseDetailOfPieces,
  writeAttachmentOfPieces,
  WHOLE_PARSE_OCTETS,
} from './large-detail';
export type { MessagePieces, PendingAttachment } from './large-detail';
export { MimeError } from './mime-error';
export type { MimeErrorKind } from './mime-error';
export type {
  AttachmentContent,
  AttachmentInfo,
  HeaderField,
  MailAddress,
  ParsedDetail,
  ParsedMessage,
} from './mime-types';
export { sniffImageType } from './inline-images';
