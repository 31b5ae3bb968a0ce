// A message as the user writes it: what the renderer hands to main to send or to keep as a draft.
import { z } from 'zod';
import { mailAddressSchema } from './identity';

/** The most one message may carry in attachments (base64 over the bridge is 4/3 of it). */
export const ATTACHMENTS_MAX_OCTETS = 25 * 1024 * 1024;

/** 500 recipients of up to 320 characters each, with names and separators. */
const TYPED_FIELD_MAX = 500 * 600;

export const recipientSchema = z.strictObject({
  name: z.string().trim().max(200).default(''),
  address: mailAddressSchema,
});
export type Recipient = z.output<typeof recipientSchema>;

export const attachmentSchema = z.strictObject({
  filename: z.string().trim().min(1).max(255),
  contentType: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/)
    .default('application/octet-stream'),
  /** The bytes, base64. */
  contentBase64: z
    .string()
    .max(Math.ceil(ATTACHMENTS_MAX_OCTETS / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
export type ComposeAttachment = z.output<typeof attachmentSchema>;

export const composeSchema = z
  .strictObject({
    identityId: z.int().positive(),
    to: z.array(recipientSchema).max(500).default([]),
    cc: z.array(recipientSchema).max(500).default([]),
    bcc: z.array(recipientSchema).max(500).default([]),
    subject: z.string().max(998).default(''),
    body: z.string().max(10_000_000).default(''),
    attachments: z.array(attachmentSchema).max(100).default([]),
    /** The stored message this answers or forwards: threading headers come from it. */
    inReplyTo: z.int().positive().nullable().default(null),
    /** Inline forward: the attachments of this stored message go along, bytes unchanged. */
    attachmentsOf: z.int().positive().nullable().default(null),
    /** Forward these stored messages whole, each as a message/rfc822 attachment. */
    forwardAsAttachment: z.array(z.int().positive()).max(20).default([]),
    /** The draft this replaces once saved or sent. */
    draftId: z.int().positive().nullable().default(null),
    /**
     * Drafts only: To, Cc and Bcc exactly as typed, entries that are not addresses yet included,
     * so that a draft opened again shows what the user wrote.
     */
    typed: z
      .strictObject({
        to: z.string().max(TYPED_FIELD_MAX),
        cc: z.string().max(TYPED_FIELD_MAX),
        bcc: z.string().max(TYPED_FIELD_MAX),
      })
      .optional(),
  })
  .refine(
    (m) =>
      m.attachments.reduce((n, a) => n + (a.contentBase64.length * 3) / 4, 0) <=
      ATTACHMENTS_MAX_OCTETS,
    'attachments are over 25 MB in all',
  );
export type ComposeInput = z.input<typeof composeSchema>;
export type Compose = z.output<typeof composeSchema>;

/** A reply, reply-all or forward prepared by main from a stored message. */
export interface ComposeTemplate {
  kind: 'reply' | 'reply-all' | 'forward';
  identityId: number | null;
  to: Recipient[];
  cc: Recipient[];
  subject: string;
  body: string;
  inReplyTo: number | null;
  /** Forward: the stored message whose attachments go along. */
  attachmentsOf: number | null;
  /** Their names and sizes, to show in the compose window. */
  carriedAttachments: Array<{ filename: string; size: number }>;
}

/** One address offered while the user types in To, Cc or Bcc. */
export interface AddressSuggestion {
  name: string;
  address: string;
  /** Messages the user sent to it. */
  sentTo: number;
  /** Stored messages it appeared in otherwise. */
  seen: number;
}

export const addressQuerySchema = z.strictObject({
  /** What the user typed of one entry: a name, an address, or the start of either. */
  query: z.string().trim().min(1).max(320),
  limit: z.int().min(1).max(50).default(8),
});

/** To, Cc and Bcc as the user typed them. */
export interface TypedRecipients {
  to: string;
  cc: string;
  bcc: string;
}

/** A saved draft opened again, ready to edit: saving replaces it, sending removes it. */
export interface DraftContent {
  draftId: number;
  identityId: number | null;
  /** As typed when Popline saved it; null for a draft from elsewhere (use to/cc then). */
  typed: TypedRecipients | null;
  to: Recipient[];
  cc: Recipient[];
  subject: string;
  body: string;
  /** Its attachments, whole (forwarded messages among them), to go out again unchanged. */
  attachments: Array<ComposeAttachment & { size: number }>;
  /** The stored message it answers, when that is still here. */
  inReplyTo: number | null;
}
