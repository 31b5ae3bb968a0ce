// Public face of the SQLite store: openStore and the types of its repositories.
// Never export better-sqlite3 handles: everything goes through the repositories.

export { openStore, DEFAULT_BUSY_TIMEOUT_MS } from './open-store';
export type { Store, StoreOptions } from './open-store';
export { StoreError } from './store-error';
export type { StoreErrorKind } from './store-error';
export type {
  AccountRecord,
  AccountServerState,
  AccountUpdate,
  AccountsRepo,
  ServerExpire,
  StoredSecret,
} from './accounts-repo';
export type {
  MessageCountOptions,
  MessageListOptions,
  MessageRecord,
  MessagesRepo,
} from './messages-repo';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './messages-repo';
export type {
  CommitMessageInput,
  CommitResult,
  CompletePartialInput,
  MessageBytes,
} from './commit-message';
export type { BodyStager, StagedBodies, StagedBody } from './staged-bodies';
export { CHUNK_OCTETS } from './staged-bodies';
export type {
  LinkedMessage,
  LinkMatch,
  UidlListing,
  UidlStateName,
  UidlStateRepo,
  UidlStateRow,
} from './uidl-state-repo';
export { baseUidl, derivedUidl } from './derived-uidl';
export type {
  LogDir,
  LogRange,
  StoredLogLine,
  ProtocolLogInput,
  SessionFinish,
  SessionListOptions,
  SessionOutcome,
  SessionProtocol,
  SessionRecord,
  SessionsRepo,
} from './sessions-repo';
export type { SyncLockHolder, SyncLocksRepo } from './sync-locks-repo';
export type { SettingsRepo } from './settings-repo';
export type { AddressBook, AddressSlice, AddressUse } from './address-book';
export type { IdentitiesRepo } from './identities-repo';
export type { EnqueueInput, OutboxRepo } from './outbox-repo';
export { toFtsQuery } from './fts-query';
export { reindexQueuedSearch } from './search-reindex';
export { preparePrivateDatabase, preparePrivateFolder } from './private-files';
