// The account as the user configures it: schemas for what the renderer may send, types for what main returns.
// Never carries a secret back to the renderer (only whether one is stored).
import { z } from 'zod';
import { authMethods, securityModes } from './account-modes';

export { authMethods, securityModes, type AuthMethod, type SecurityMode } from './account-modes';

export const retentionSchema = z.discriminatedUnion('mode', [
  /** Delete from the server in the session that retrieved (the default). */
  z.strictObject({ mode: z.literal('delete') }),
  z.strictObject({ mode: z.literal('keep') }),
  z.strictObject({ mode: z.literal('keep-days'), days: z.int().min(1).max(3650) }),
  z.strictObject({ mode: z.literal('delete-when-deleted-locally') }),
]);
export type Retention = z.infer<typeof retentionSchema>;

/** SHA-256 fingerprint as Node prints it (AB:CD:…) or as 64 bare hex digits. */
export const fingerprint256Schema = z
  .string()
  .regex(/^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/, 'not a SHA-256 fingerprint');

// Without defaults, so that a partial update never resets a field the caller left out.
const accountFields = {
  /** A label for the sidebar; '' shows user@host. */
  name: z.string().trim().max(200),
  host: z.string().trim().min(1).max(253),
  port: z.int().min(1).max(65535),
  security: z.enum(securityModes),
  auth: z.enum(authMethods),
  user: z.string().min(1).max(320),
  /** Allow a clear-text password over an unencrypted connection (security 'none' only). */
  allowInsecurePassword: z.boolean(),
  retention: retentionSchema,
  /** Above this many octets only the headers are fetched; null: no limit. */
  maxMessageSize: z.int().min(1).nullable(),
  checkIntervalSeconds: z
    .int()
    .min(60)
    .max(7 * 24 * 3600),
  /** A certificate the user chose to trust although it does not verify. */
  certFingerprint256: fingerprint256Schema.nullable(),
};

export const DEFAULT_CHECK_INTERVAL_SECONDS = 600;

export const accountSettingsSchema = z.strictObject({
  ...accountFields,
  name: accountFields.name.default(''),
  auth: accountFields.auth.default('auto'),
  allowInsecurePassword: accountFields.allowInsecurePassword.default(false),
  retention: retentionSchema.default({ mode: 'keep-days', days: 14 }),
  maxMessageSize: accountFields.maxMessageSize.default(null),
  checkIntervalSeconds: accountFields.checkIntervalSeconds.default(DEFAULT_CHECK_INTERVAL_SECONDS),
  certFingerprint256: accountFields.certFingerprint256.default(null),
});
/** What the renderer sends (defaults may be left out). */
export type AccountSettingsInput = z.input<typeof accountSettingsSchema>;
/** What main works with after validation. */
export type AccountSettings = z.output<typeof accountSettingsSchema>;

export const accountChangesSchema = z.strictObject(accountFields).partial();
export type AccountChanges = z.infer<typeof accountChangesSchema>;

export interface Account extends AccountSettings {
  id: number;
  /** A password or token is stored for this account. */
  hasSecret: boolean;
  /** The last successful login, epoch ms (LOGIN-DELAY pacing). */
  lastLoginAt: number | null;
  /** The server's LOGIN-DELAY in seconds, as last announced. */
  loginDelaySeconds: number | null;
}
