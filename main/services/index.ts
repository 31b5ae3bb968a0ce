// The main process's operations, one per user intent; IPC handlers and the CLI call these.
export { createServices } from './services';
export { createAccountsService, type AccountsService, type ConnectionTarget } from './accounts';
export type { DiscoverFn, FetchImagesFn, ProbeFn, Services, ServicesOptions } from './services';
export type { ByteSink, Platform, SaveFileRequest } from './platform';
export { bytesWriter, piecesWriter, safeFileName } from './platform';
export { streamSink, writeFileWhole } from './write-file-whole';
export { storedAttachment, storedDetail, storedMessage } from './stored-message';
export type { StoredMessage } from './stored-message';
export { createEventBus, type AnyEventListener, type EventBus } from './event-bus';
export { readSettings, writeSettings } from './settings';
export type { RunSync, SyncHooks } from './sync-runner';
