// Messages as the renderer sees them: list rows, the reader's detail, and the list query.
// Mail HTML here is untrusted and unsanitised; the renderer must sanitise before showing it.
import { z } from 'zod';
import type { InlineImage } from './inline-image';

export interface MailAddress {
  /** Decoded display name, '' when none. */
  name: string;
  /** The addr-spec, '' when the header carried only a name. */
  address: string;
}

export interface MessageSummary {
  id: number;
  /** null: a message of Local Folders alone (imported, or its account was removed). */
  accountId: number | null;
  folderId: number;
  starred: boolean;
  uidl: string;
  from: MailAddress | null;
  subject: string;
  /** Date header, epoch ms; null when missing or unparseable. */
  date: number | null;
  /** When Popline stored it, epoch ms. */
  receivedAt: number;
  /** Size in octets on the server. */
  size: number;
  read: boolean;
  hasAttachments: boolean;
  snippet: string;
  /** Only the headers were fetched (size limit); the body comes on request. */
  headersOnly: boolean;
  /** Marked for deletion from the server in the account's next session. */
  deleteFromServerPending: boolean;
}

export interface HeaderField {
  name: string;
  value: string;
}

export interface AttachmentInfo {
  /** Position in parse order; the key for messages.saveAttachment. */
  index: number;
  filename: string | null;
  mimeType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

export interface MessageDetail extends MessageSummary {
  headers: HeaderField[];
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  messageId: string | null;
  text: string | null;
  /** NOT sanitised. */
  html: string | null;
  attachments: AttachmentInfo[];
  /** The image parts the HTML refers to by cid:, as data: URLs (raster types, bounded sizes). */
  inlineImages: InlineImage[];
  /**
   * For a headers-only message, whether the whole of it can still be asked for ('available'),
   * has been asked for and comes with the account's next session ('requested'), or cannot come
   * because the server no longer has it ('gone'); null for a complete message.
   */
  fullFetch: FullFetchState | null;
  /** Why the message did not parse cleanly; it is stored and shown anyway. */
  parseError: string | null;
}

export type FullFetchState = 'available' | 'requested' | 'gone';

export interface MessageSource {
  id: number;
  /** The stored bytes decoded as UTF-8 (invalid sequences replaced): for viewing. Only the first
   * `shown` octets of a large message: Save As gives all of it. */
  source: string;
  /** Octets of the whole message. */
  size: number;
  /** Octets of it in `source`: less than size when only its head is shown. */
  shown: number;
}

/** starred: starred mail first (descending), each group by date. */
export const messageSortKeys = ['date', 'from', 'subject', 'size', 'starred'] as const;
export type MessageSortKey = (typeof messageSortKeys)[number];

export const MAX_PAGE_SIZE = 1000;

/** C0 (tab, LF, CR excepted), DEL and C1: nothing a user types; NUL would reach SQLite's FTS. */
const SEARCH_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const messageQuerySchema = z.strictObject({
  /** Omitted (and no folderId): all mail but Trash. */
  accountId: z.int().positive().optional(),
  /** One folder; takes precedence over accountId. */
  folderId: z.int().positive().optional(),
  /** Full-text search over subject, addresses and body text. */
  search: z
    .string()
    .max(500)
    .refine((text) => !SEARCH_CONTROL_CHARACTERS.test(text), {
      message: 'search must not contain control characters (tab and line breaks excepted)',
    })
    .optional(),
  unreadOnly: z.boolean().default(false),
  starredOnly: z.boolean().default(false),
  sort: z.enum(messageSortKeys).default('date'),
  order: z.enum(['asc', 'desc']).default('desc'),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(MAX_PAGE_SIZE).default(200),
});
export type MessageQueryInput = z.input<typeof messageQuerySchema>;
export type MessageQuery = z.output<typeof messageQuerySchema>;

export interface MessagePage {
  items: MessageSummary[];
  /** How many messages match the query in all. */
  total: number;
  offset: number;
}

export type SaveAttachmentResult =
  /** Main wrote the file where the user chose (Electron). */
  | { status: 'saved'; path: string }
  /** The user closed the save dialog. */
  | { status: 'cancelled' }
  /**
   * The browser bridge cannot show a native dialog: the bytes wait at a one-time URL
   * (same origin) that the renderer API opens as a browser download.
   */
  | { status: 'download'; url: string; filename: string };
