// Opens one profile's SQLite database and hangs the repositories off it.
// Never opens a database written by a newer schema, and never leaves a half-migrated one.

import type Database from 'better-sqlite3';
import { createAccountsRepo, type AccountsRepo } from './accounts-repo';
import {
  createMessageCommitter,
  type CommitMessageInput,
  type CommitResult,
  type CompletePartialInput,
} from './commit-message';
import { createMessagesRepo, type MessagesRepo } from './messages-repo';
import { createIdentitiesRepo, type IdentitiesRepo } from './identities-repo';
import { createOutboxRepo, type OutboxRepo } from './outbox-repo';
import { createAddressBook, type AddressBook } from './address-book';
import { createFoldersRepo, type FoldersRepo } from './folders-repo';
import { createMessageMoves, type MessageMoves } from './message-moves';
import { createAccountRemoval, type AccountRemoval } from './account-removal';
import { createMessageImporter, type MessageImporter } from './import-message';
import { createSearchReindex, type SearchReindex } from './search-reindex';
import { createStagedBodies, type StagedBodies } from './staged-bodies';
import { openOwner } from './store-owner';
import { assertNotNewer, latestVersion, migrate, schemaVersion } from './migrate';
import { MIGRATIONS } from './migrations';
import { preparePrivateDatabase } from './private-files';
import { createSessionsRepo, type SessionsRepo } from './sessions-repo';
import { createSettingsRepo, type SettingsRepo } from './settings-repo';
import { sqliteDriver } from './sqlite-driver';
import { raisingStoreErrors, StoreError, sqliteCode } from './store-error';
import { createSyncLocksRepo, type SyncLocksRepo } from './sync-locks-repo';
import { createUidlStateRepo, type UidlStateRepo } from './uidl-state-repo';

export interface StoreOptions {
  /** The clock for every timestamp the store writes (epoch ms). Tests pass a fake one. */
  now?: () => number;
  /** How long to wait for another connection's write lock, ms. */
  busyTimeoutMs?: number;
}

export interface Store {
  readonly path: string;
  readonly schemaVersion: number;
  readonly accounts: AccountsRepo;
  readonly messages: MessagesRepo;
  readonly uidl: UidlStateRepo;
  readonly sessions: SessionsRepo;
  readonly locks: SyncLocksRepo;
  readonly settings: SettingsRepo;
  readonly folders: FoldersRepo;
  /** Who sends through which SMTP server. */
  readonly identities: IdentitiesRepo;
  /** Messages being sent: whole before submission, and how far each submission got. */
  readonly outbox: OutboxRepo;
  /** Addresses of stored and sent mail, for completion. */
  readonly addressBook: AddressBook;
  /** Moves between folders, Trash and undo, deleting for good, stars. */
  readonly moves: MessageMoves;
  /** Removes an account, keeping its mail in a local folder or deleting it. */
  readonly removeAccount: AccountRemoval['removeAccount'];
  /** Stores a message read from a file into a folder; idempotent per Message-ID + content. */
  readonly importMessage: MessageImporter['importMessage'];
  readonly isImported: MessageImporter['isImported'];
  /** Mail indexed before CJK search (migration 0006), to re-index from its raw bytes. */
  readonly searchReindex: SearchReindex;
  /** Large bodies written in chunks as they arrive, adopted by their message's commit. */
  readonly stagedBodies: StagedBodies;
  /** Row + raw bytes + search entry + UIDL 'committed' in one transaction; idempotent per UIDL. */
  commitMessage(input: CommitMessageInput): CommitResult;
  /** Replaces a headers-only copy with the whole message; false if it was complete already. */
  completePartial(input: CompletePartialInput): boolean;
  /** Runs fn in one transaction (nested calls become savepoints). For bulk work. */
  batch<T>(fn: () => T): T;
  /**
   * Runs fn in one transaction in which batch() and the message commit run inline, without
   * savepoints of their own: a throw anywhere in fn undoes all of it. For work that is retried
   * with savepoints when it throws (each savepoint costs a statement journal and FTS flush).
   */
  allOrNothing<T>(fn: () => T): T;
  /**
   * 'deferred': commits survive a crash of this process but wait for the OS to reach the disk
   * (no fsync each); 'full' (the default): every commit is fsynced. The sync defers during a
   * session; 'barrier' for the write before QUIT fsyncs everything before it, like 'full', but
   * leaves the checkpoint (copying the WAL into the database) until 'full' after QUIT's reply.
   */
  durability(mode: Durability): void;
  /** Releases this Store's sync locks and closes the connection. Safe to call twice. */
  close(): void;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function applyPragmas(db: Database.Database, busyTimeoutMs: number): void {
  // Another process (the CLI, the bridge) may hold the write lock for a moment: wait, don't fail.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: with NORMAL a commit survives a crash of this process but not a power cut,
  // and the sync sends DELE (and QUIT) right after a commit returns. A power cut then could cost
  // the only copy of a message the server has already deleted. FULL syncs the WAL at every
  // commit: about 0.2 ms per message on the build machines, the price of "committed" meaning kept.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A message's commit touches some twenty index b-trees and the full-text index; with SQLite's
  // 2 MiB default their pages fall out of the cache between messages and are read again.
  db.pragma(`cache_size = ${CACHE_SIZE_KIB}`);
  // Each message of a grouped commit runs in a savepoint, whose journal holds the pages it changes
  // (some 25 index pages); past 64 KiB SQLite moves that journal to a temporary file, created and
  // deleted per message. Kept in memory it costs a copy: about half a commit's CPU in bench:sync.
  db.pragma('temp_store = MEMORY');
}

/** The page cache, in KiB as SQLite takes it (negative): grown into only as pages are used. */
export const CACHE_SIZE_KIB = -16 * 1024;
/** The page cache while a sync defers: its raw bytes pass through the cache once and are never
 * read again, so a bigger cache only fills with them (16 MiB of a sync's peak RSS in bench:sync);
 * the index pages every commit touches are used more recently and stay. */
export const SYNC_CACHE_SIZE_KIB = -4 * 1024;
/** WAL pages between automatic checkpoints: SQLite's default, and the sync's until QUIT. */
export const WAL_CHECKPOINT_PAGES = { full: 1000, deferred: 8192, barrier: 8192 } as const;

export type Durability = keyof typeof WAL_CHECKPOINT_PAGES;

/** See Store.durability. */
export function setDurability(db: Database.Database, mode: Durability): void {
  db.pragma(`synchronous = ${mode === 'deferred' ? 'NORMAL' : 'FULL'}`);
  // Each checkpoint fsyncs the WAL and the database: while syncing, fewer and larger ones (at
  // most 32 MiB of WAL at 4 KiB pages), and none in the write QUIT waits for.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES[mode]}`);
  db.pragma(`cache_size = ${mode === 'full' ? CACHE_SIZE_KIB : SYNC_CACHE_SIZE_KIB}`);
}

export function openStore(path: string, options: StoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  // Mail is private: 0700 folder, 0600 files, before SQLite writes a byte (not for :memory:).
  if (path !== ':memory:' && path !== '') preparePrivateDatabase(path);
  const db = new (sqliteDriver())(path);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    // Checked before anything is written, so a newer database is left exactly as it was.
    assertNotNewer(db, latestVersion(MIGRATIONS));
    applyPragmas(db, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    if (sqliteCode(error) === 'SQLITE_NOTADB') {
      throw new StoreError('not-a-database', `${path} is not a SQLite database`, { cause: error });
    }
    throw error;
  }

  const owner = openOwner();
  const locks = createSyncLocksRepo(db, owner.id, now);
  const stagedBodies = createStagedBodies(db, owner);
  // Depth of allOrNothing calls: inside one, nested transactions run inline.
  let inline = 0;
  const committer = createMessageCommitter(db, now, stagedBodies, () => inline > 0);
  const folders = createFoldersRepo(db, now);
  const importer = createMessageImporter(db, now);
  let closed = false;

  const typed = raisingStoreErrors;
  return typed({
    path,
    schemaVersion: schemaVersion(db),
    accounts: typed(createAccountsRepo(db, now)),
    messages: typed(createMessagesRepo(db, stagedBodies)),
    stagedBodies: typed(stagedBodies),
    uidl: typed(createUidlStateRepo(db, now)),
    sessions: typed(createSessionsRepo(db, now)),
    locks: typed(locks),
    settings: typed(createSettingsRepo(db)),
    folders: typed(folders),
    identities: typed(createIdentitiesRepo(db, now)),
    outbox: typed(createOutboxRepo(db, now)),
    addressBook: typed(createAddressBook(db)),
    moves: typed(createMessageMoves(db, now)),
    removeAccount: createAccountRemoval(db, folders).removeAccount,
    importMessage: importer.importMessage,
    isImported: importer.isImported,
    searchReindex: createSearchReindex(db),
    commitMessage: committer.commitMessage,
    completePartial: committer.completePartial,
    batch: <T>(fn: () => T): T => (inline > 0 ? fn() : db.transaction(fn)()),
    allOrNothing: <T>(fn: () => T): T =>
      db.transaction(() => {
        inline++;
        try {
          return fn();
        } finally {
          inline--;
        }
      })(),
    durability: (mode) => setDurability(db, mode),
    close() {
      if (closed) return;
      closed = true;
      // Its staged bodies are leftovers from now on: nothing can adopt them any more.
      owner.close();
      try {
        locks.releaseAll();
      } finally {
        db.close();
      }
    },
  });
}
