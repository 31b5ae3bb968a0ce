// The shapes MIME parsing hands to the store, the sync and the reader: plain data, no parser objects.
// Never carries anything that needs the raw bytes to be interpreted again by the caller.

export interface MailAddress {
  /** Decoded display name, '' when the header gave none. */
  name: string;
  /** The addr-spec, '' for a display name without an address (it happens). */
  address: string;
}

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

export interface HeaderField {
  name: string;
  /** Unfolded, otherwise as sent (encoded words left encoded). */
  value: string;
}

export interface AttachmentInfo {
  /** Position in parse order; the key for getAttachment. */
  index: number;
  filename: string | null;
  mimeType: string;
  /** Decoded size in bytes. */
  size: number;
  contentId: string | null;
  /** Shown in the body (Content-Disposition inline or referenced by cid:) rather than listed. */
  inline: boolean;
}

/** Everything the reader shows for one message. html is NOT sanitised: the renderer must. */
export interface MessageDetail {
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
  parseError: string | null;
}

export interface AttachmentContent {
  filename: string | null;
  mimeType: string;
  content: Uint8Array;
}
