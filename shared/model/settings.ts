// Application-wide preferences (per-account ones live on the account).
import { z } from 'zod';

const settingsFields = {
  /** A desktop notification when new mail arrives. */
  notifyNewMail: z.boolean(),
  /** Check every account when the app starts. */
  syncOnStartup: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** How often a new account is checked, in minutes (each account keeps its own after that). */
  checkIntervalMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** The compose window warns when attachments are over this many megabytes in all. */
  attachmentWarnMegabytes: z.int().min(1).max(25),
  /** Senders whose mail may load remote content without asking. */
  remoteContentSenders: z.array(z.string().trim().toLowerCase().min(1).max(320)).max(10_000),
};

export const settingsSchema = z.strictObject(settingsFields);
export type Settings = z.infer<typeof settingsSchema>;

export const settingsChangesSchema = z.strictObject(settingsFields).partial();
export type SettingsChanges = z.infer<typeof settingsChangesSchema>;

export const defaultSettings: Settings = {
  notifyNewMail: true,
  syncOnStartup: true,
  theme: 'system',
  checkIntervalMinutes: 10,
  attachmentWarnMegabytes: 20,
  remoteContentSenders: [],
};
