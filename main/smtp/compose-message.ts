// Builds the bytes of a message to send with nodemailer's MIME composer: From, To, Cc (Bcc only
// in the envelope), Subject, Date, a stable Message-ID, threading headers, the body as
// format=flowed plain text, attachments, and forwarded messages as message/rfc822 parts.

import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { toFlowed } from './format-flowed';

export interface Mailbox {
  name: string;
  address: string;
}

export interface ComposeParts {
  from: Mailbox;
  to: readonly Mailbox[];
  cc?: readonly Mailbox[];
  bcc?: readonly Mailbox[];
  subject: string;
  body: string;
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
  /** Whole messages forwarded as attachments. */
  forwarded?: ReadonlyArray<{ filename: string; raw: Buffer }>;
  /** The Message-ID (with angle brackets) of the message answered. */
  inReplyTo?: string | null;
  /** Message-IDs of the thread, oldest first. */
  references?: readonly string[];
  date?: Date;
  /** Given when the message was composed before (a draft sent now keeps its id). */
  messageId?: string;
  /**
   * A draft, never sent as it is: Bcc is kept in its header, and Popline's note on what the user
   * typed goes in an X-Popline-Draft header (printable ASCII, already folded).
   */
  draft?: { note: string };
}

export const DRAFT_NOTE_HEADER = 'X-Popline-Draft';

export interface ComposedMessage {
  raw: Buffer;
  messageId: string;
  envelope: { from: string; to: string[] };
}

/** A new Message-ID in the sender's domain: random, so it says nothing about this machine. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.toLowerCase() || 'popline.invalid';
  return `<${randomUUID()}@${domain}>`;
}

const mailbox = (m: Mailbox) => ({ name: m.name, address: m.address });

export async function composeMessage(parts: ComposeParts): Promise<ComposedMessage> {
  const messageId = parts.messageId ?? newMessageId(parts.from.address);
  const composer = new MailComposer({
    from: mailbox(parts.from),
    to: parts.to.map(mailbox),
    cc: (parts.cc ?? []).map(mailbox),
    ...(parts.draft
      ? {
          bcc: (parts.bcc ?? []).map(mailbox),
          headers: { [DRAFT_NOTE_HEADER]: { prepared: true, value: parts.draft.note } },
        }
      : {}),
    subject: parts.subject,
    date: parts.date ?? new Date(),
    messageId,
    inReplyTo: parts.inReplyTo ?? undefined,
    references: parts.references?.length ? [...parts.references] : undefined,
    // No text: the flowed body as the one alternative keeps its format=flowed parameter.
    alternatives: [
      {
        contentType: 'text/plain; charset=utf-8; format=flowed; delsp=no',
        content: toFlowed(parts.body),
      },
    ],
    attachments: [
      ...(parts.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      ...(parts.forwarded ?? []).map((f) => ({
        filename: f.filename,
        contentType: 'message/rfc822',
        // An attachment to open, not text shown inline in the forwarding message.
        contentDisposition: 'attachment' as const,
        content: f.raw,
      })),
    ],
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  if (parts.draft) root.keepBcc = true;
  const raw = await new Promise<Buffer>((resolve, reject) =>
    root.build((error, message) => (error ? reject(error) : resolve(message))),
  );
  const recipients = [...parts.to, ...(parts.cc ?? []), ...(parts.bcc ?? [])].map((m) =>
    m.address.toLowerCase(),
  );
  return {
    raw,
    messageId,
    envelope: { from: parts.from.address, to: [...new Set(recipients)] },
  };
}
