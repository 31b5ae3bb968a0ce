// Who sends, and through which SMTP submission server: schemas for what the renderer may send,
// types for what main returns. Never carries a secret back (only whether one of its own is stored).
import { z } from 'zod';
import { securityModes } from './account';

/** An address as a mailbox takes it: local@domain, no spaces, no angle brackets or commas. */
export const mailAddressSchema = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s<>(),;:"@]+@[^\s<>(),;:"@]+\.[^\s<>(),;:"@]+$/, 'not an e-mail address');

export const smtpAuthModes = ['auto', 'none'] as const;

export const identitySettingsSchema = z.strictObject({
  /** The POP3 account it sends for (its user name and password are the defaults); null: none. */
  accountId: z.int().positive().nullable(),
  /** The display name in From. */
  name: z.string().trim().max(200).default(''),
  address: mailAddressSchema,
  smtpHost: z.string().trim().min(1).max(253),
  smtpPort: z.int().min(1).max(65535),
  /** TLS on 465, STARTTLS on 587 (never falls back to clear text), or none (warned). */
  security: z.enum(securityModes),
  /** Allow a password over an unencrypted connection (security 'none' only). */
  allowInsecurePassword: z.boolean().default(false),
  /** 'none': the server takes mail without a login. */
  auth: z.enum(smtpAuthModes).default('auto'),
  /** null: the account's POP3 user name. */
  smtpUser: z.string().min(1).max(320).nullable().default(null),
});
export type IdentitySettingsInput = z.input<typeof identitySettingsSchema>;
export type IdentitySettings = z.output<typeof identitySettingsSchema>;

export interface Identity extends IdentitySettings {
  id: number;
  /** A password of its own is stored; false: the account's POP3 password is used. */
  hasOwnSecret: boolean;
  /** The server certificate the user trusted by its SHA-256 fingerprint; null: none. */
  certFingerprint256?: string | null;
}

/** How one submission went, as the outbox records it. */
export type OutboxStatus = 'queued' | 'sending' | 'data-ended' | 'sent' | 'maybe-sent';

export interface OutboxItem {
  id: number;
  identityId: number;
  messageId: string;
  subject: string;
  /** The envelope sender and recipients (Bcc included). */
  from: string;
  to: string[];
  size: number;
  status: OutboxStatus;
  attempts: number;
  /** Why the last attempt did not send it; null when it did or none was made. */
  lastError: string | null;
  /** The server's reply to the end of DATA once sent. */
  finalReply: string | null;
  /** Recipients the server refused while it took the others. */
  refused: string[];
  lastSessionId: number | null;
  createdAt: number;
  sentAt: number | null;
  /** Its copy in the Sent folder. */
  sentCopyId: number | null;
}

/** What "Test sending" found: connect, EHLO, STARTTLS, AUTH, QUIT; no mail. */
export interface SmtpProbeReport {
  ok: boolean;
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  /** The link was encrypted when credentials went over it. */
  encrypted: boolean;
  /** The greeting and the EHLO keywords as the server gave them. */
  greeting: string | null;
  extensions: string[];
  authMechanisms: string[];
  /** null: no login was tried (auth 'none'). */
  authenticated: boolean | null;
  error: { kind: string; message: string } | null;
  /** The certificate the server showed when it was not trusted: to compare and trust by hand. */
  certificate: { subject: string; fingerprint256: string } | null;
  /** The redacted dialogue. */
  transcript: { dir: 'C' | 'S' | 'I'; text: string }[];
}
