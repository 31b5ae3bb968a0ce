// The one declaration of what the renderer may ask of main: per method, the argument schema
// (checked at run time in main) and the result type. Adding a method is one entry here plus one handler.
import { z } from 'zod';
import {
  accountChangesSchema,
  accountSettingsSchema,
  fingerprint256Schema,
  type Account,
} from '../model/account';
import {
  messageQuerySchema,
  type MessageDetail,
  type MessagePage,
  type MessageSource,
  type SaveAttachmentResult,
} from '../model/message';
import type { ProbeReport } from '../model/probe-report';
import {
  folderNameSchema,
  movedMessagesSchema,
  IMPORT_FILE_MAX_BASE64,
  type Folder,
  type ImportReport,
  type MoveResult,
} from '../model/folder';
import type { ServerDiscovery } from '../model/server-discovery';
import {
  isFetchableImageUrl,
  REMOTE_IMAGE_MAX_URL_LENGTH,
  REMOTE_IMAGE_MAX_URLS,
  type RemoteImage,
} from '../model/remote-image';
import type { SyncOverview, SyncReport } from '../model/sync-status';
import type { LogExport, LogLine, LogSession } from '../model/protocol-log';
import { settingsChangesSchema, type Settings } from '../model/settings';
import type { AppInfo } from '../model/app-info';
import {
  identitySettingsSchema,
  type Identity,
  type OutboxItem,
  type SmtpProbeReport,
} from '../model/identity';
import {
  addressQuerySchema,
  composeSchema,
  type AddressSuggestion,
  type ComposeTemplate,
  type DraftContent,
} from '../model/compose';
import type { MethodName } from './names';

/** A method: its argument schema, and its result type carried as a phantom (never set at run time). */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  arg: A;
  readonly __result?: R;
}

// Curried so that the result type can be named while the schema type is inferred.
const method =
  <R>() =>
  <A extends z.ZodType>(arg: A): MethodSpec<A, R> => ({ arg });

const id = z.int().positive();
const ids = z.array(id).min(1).max(100_000);
const noArgument = z.undefined();
/** A password or OAuth token; never logged, never returned. */
const secret = z.string().min(1).max(4096);

export const contract = {
  'app.info': method<AppInfo>()(noArgument),

  'accounts.list': method<Account[]>()(noArgument),
  'accounts.add': method<Account>()(
    z.strictObject({
      account: accountSettingsSchema,
      password: secret,
      /** The user agreed to store the password without an OS keyring. */
      allowWeakSecretStorage: z.boolean().default(false),
    }),
  ),
  'accounts.update': method<Account>()(
    z.strictObject({
      id,
      changes: accountChangesSchema,
      /** A new password; omitted keeps the stored one. */
      password: secret.optional(),
      allowWeakSecretStorage: z.boolean().default(false),
    }),
  ),
  /** Its mail here is kept in a Local Folders folder named after it unless `mail` is 'delete'. */
  'accounts.remove': method<{ keptIn: Folder | null }>()(
    z.strictObject({ id, mail: z.enum(['keep', 'delete']).default('keep') }),
  ),
  'accounts.testConnection': method<ProbeReport>()(
    z.union([
      /** A saved account, with its stored password. */
      z.strictObject({ id }),
      /** A draft from the account form, before it is saved. */
      z.strictObject({ account: accountSettingsSchema, password: secret }),
    ]),
  ),
  /**
   * Set-up by e-mail address: finds the POP3 server (SRV records, then the usual names), and
   * tries the password only on the best one whose certificate verifies. Saves nothing.
   */
  'accounts.discover': method<ServerDiscovery>()(
    z.strictObject({
      address: z.string().trim().min(3).max(320),
      password: secret,
      /** The user trusted this server's certificate after an earlier look-up found it untrusted. */
      trust: z
        .strictObject({
          host: z.string().min(1).max(253),
          port: z.int().min(1).max(65535),
          fingerprint256: fingerprint256Schema,
        })
        .optional(),
    }),
  ),

  /** Runs the sync now and answers when it ends (progress comes as events); all accounts without an id. */
  'sync.now': method<SyncReport[]>()(z.strictObject({ accountId: id.optional() })),
  'sync.status': method<SyncOverview>()(noArgument),

  'messages.list': method<MessagePage>()(messageQuerySchema),
  'messages.detail': method<MessageDetail>()(z.strictObject({ id })),
  'messages.raw': method<MessageSource>()(z.strictObject({ id })),
  'messages.markRead': method<{ updated: number }>()(z.strictObject({ ids, read: z.boolean() })),
  /** Removes them here; the server copy goes only with retention 'delete-when-deleted-locally'. */
  'messages.deleteLocally': method<{ deleted: number }>()(z.strictObject({ ids })),
  /** Marks them: the account's next session sends DELE (and removes them here after QUIT +OK). */
  'messages.deleteFromServer': method<{ marked: number }>()(z.strictObject({ ids })),
  /**
   * Asks for the whole of headers-only messages (over the account's size limit): the account's
   * next session retrieves them and replaces the headers-only copy. Others are left as they are.
   */
  'messages.fetchFull': method<{ marked: number }>()(z.strictObject({ ids })),
  /**
   * Fetches remote images of a message the user chose to see with remote content, so that the
   * renderer never contacts a remote origin: each comes back as a raster data: URL or an error.
   */
  'messages.remoteImages': method<{ images: RemoteImage[] }>()(
    z.strictObject({
      id,
      urls: z
        .array(
          z
            .string()
            .max(REMOTE_IMAGE_MAX_URL_LENGTH)
            .refine(isFetchableImageUrl, 'must be an http or https URL'),
        )
        .min(1)
        .max(REMOTE_IMAGE_MAX_URLS),
    }),
  ),
  'messages.saveAttachment': method<SaveAttachmentResult>()(
    z.strictObject({ id, index: z.int().min(0) }),
  ),
  /** Moves them to a folder; the result's `undo` puts them back (messages.undoMove). */
  'messages.move': method<MoveResult>()(z.strictObject({ ids, folderId: id })),
  /** Delete as the user means it: into Trash, undoable; nothing is deleted here yet. */
  'messages.moveToTrash': method<MoveResult>()(z.strictObject({ ids })),
  'messages.undoMove': method<{ restored: number }>()(
    z.strictObject({ moves: movedMessagesSchema }),
  ),
  /** Only messages in Trash, after the user confirmed: they count as deleted here from now. */
  'messages.deleteForever': method<{ deleted: number }>()(z.strictObject({ ids })),
  'messages.setStarred': method<{ updated: number }>()(
    z.strictObject({ ids, starred: z.boolean() }),
  ),
  /** "Save as…": the message's exact stored bytes as an .eml file. */
  'messages.saveAs': method<SaveAttachmentResult>()(z.strictObject({ id })),

  /** Each account's Inbox, then Local Folders (Trash, Archive, the user's), with counts. */
  'folders.list': method<Folder[]>()(noArgument),
  'folders.create': method<Folder>()(z.strictObject({ name: folderNameSchema })),
  'folders.rename': method<Folder>()(z.strictObject({ id, name: folderNameSchema })),
  /** A user folder; mail in it goes to Trash first. */
  'folders.remove': method<{ movedToTrash: number }>()(z.strictObject({ id })),
  /** After the user confirmed: everything in Trash is deleted here for good. */
  'folders.emptyTrash': method<{ deleted: number }>()(noArgument),
  /** The folder as one mboxrd file, through a save dialog (or a download in the browser). */
  'folders.exportMbox': method<SaveAttachmentResult>()(z.strictObject({ id })),
  /**
   * One file the user picked (mbox or .eml), base64, into a folder: idempotent, so a file sent
   * again after an interruption stores only what is missing.
   */
  'folders.importFile': method<ImportReport>()(
    z.strictObject({
      id,
      name: z.string().min(1).max(500),
      base64: z.base64().max(IMPORT_FILE_MAX_BASE64),
    }),
  ),

  /** Newest first; `before` pages on by session id. */
  'log.sessions': method<LogSession[]>()(
    z.strictObject({
      accountId: id.optional(),
      before: id.optional(),
      limit: z.int().min(1).max(1000).default(100),
    }),
  ),
  /**
   * A session's lines with seq in (afterSeq, untilSeq], at most `limit` of them: the whole log,
   * only what is newer than what the caller has, or a gap the live events left.
   */
  'log.lines': method<LogLine[]>()(
    z.strictObject({
      sessionId: id,
      afterSeq: z.int().min(0).optional(),
      untilSeq: z.int().min(0).optional(),
      limit: z.int().min(1).max(100_000).optional(),
    }),
  ),
  'log.export': method<LogExport>()(z.strictObject({ sessionId: id })),

  'settings.get': method<Settings>()(noArgument),
  'settings.set': method<Settings>()(settingsChangesSchema),

  /** Who sends, through which SMTP server; at most one per account. */
  'identities.list': method<Identity[]>()(noArgument),
  /** Creates or updates (by account); a password of its own is kept in the same vault. */
  'identities.save': method<Identity>()(
    z.strictObject({
      identity: identitySettingsSchema,
      /** A password for SMTP only; omitted: the account's POP3 one (or the one stored before). */
      password: secret.optional(),
      /** The server certificate the user trusted by fingerprint (it does not verify otherwise). */
      certFingerprint256: fingerprint256Schema.optional(),
    }),
  ),
  /** "Test sending": connect, EHLO, STARTTLS, AUTH, QUIT; no mail is sent. */
  'identities.test': method<SmtpProbeReport>()(
    z.union([
      z.strictObject({ id }),
      z.strictObject({
        identity: identitySettingsSchema,
        password: secret.optional(),
        /** Trust exactly this certificate (the one trusted before, or one being trusted now). */
        certFingerprint256: fingerprint256Schema.optional(),
      }),
    ]),
  ),
  /** A reply, reply-all or forward of a stored message, ready to edit. */
  'compose.template': method<ComposeTemplate>()(
    z.strictObject({ id, kind: z.enum(['reply', 'reply-all', 'forward']) }),
  ),
  /**
   * Commits the whole message to the outbox, then submits it: 'sent' only on the server's 2xx to
   * the end of DATA; 'queued' (with the error) to retry; 'maybe-sent' asks the user.
   */
  'compose.send': method<OutboxItem>()(composeSchema),
  /** Keeps it in Drafts (replacing the draft it was opened from). */
  'compose.saveDraft': method<{ draftId: number }>()(composeSchema),
  /** A draft in Drafts, opened again to edit: saving replaces it, sending removes it. */
  'compose.openDraft': method<DraftContent>()(z.strictObject({ id })),
  /** Completion in To, Cc and Bcc: stored and sent-to addresses matching the typed words. */
  'compose.completeAddress': method<AddressSuggestion[]>()(addressQuerySchema),
  'outbox.list': method<OutboxItem[]>()(noArgument),
  /** Submits a queued message again. */
  'outbox.retry': method<OutboxItem>()(z.strictObject({ id })),
  /** The user's word on a maybe-sent message: it arrived, or send it again now. */
  'outbox.resolve': method<OutboxItem>()(z.strictObject({ id, arrived: z.boolean() })),
} satisfies { [K in MethodName]: MethodSpec };

export type Contract = typeof contract;
