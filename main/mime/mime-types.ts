// The shapes MIME parsing hands to the store, the sync and the reader: plain data, no parser objects.
// Never carries anything that needs the raw bytes to be interpreted again by the caller.

import type { InlineImage } from '../../shared/model/inline-image';
import type { AttachmentInfo, HeaderField, MailAddress } from '../../shared/model/message';

// The renderer sees these exact shapes, so they are declared once, in the shared contract.
export type { AttachmentInfo, HeaderField, InlineImage, MailAddress };

/** What the store keeps of a message besides its raw bytes: enough for lists, search and sort. */
export interface ParsedMessage {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Epoch ms from the Date header, null when missing or unparseable. */
  date: number | null;
  messageId: string | null;
  /** About 200 characters of body text, whitespace collapsed. */
  snippet: string;
  hasAttachments: boolean;
  /** Body text for the full-text index, capped (see BODY_TEXT_CAP). */
  bodyText: string;
  /** Why the message could not be parsed cleanly; null when it parsed. */
  parseError: string | null;
}

/** What the reader shows of one message, parsed from its raw bytes (the IPC layer adds the
 * stored summary to make the contract's MessageDetail). html is NOT sanitised: the renderer must. */
export interface ParsedDetail {
  headers: HeaderField[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  date: number | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Image parts the HTML refers to by cid:, as data: URLs (see inline-images.ts). */
  inlineImages: InlineImage[];
  parseError: string | null;
}

export interface AttachmentContent {
  filename: string | null;
  mimeType: string;
  content: Uint8Array;
}
