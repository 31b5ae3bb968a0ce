// The one-session sync: import from 'main/sync'.
export { emptySyncResult, syncAccount } from './sync-account';
export type { SyncDeps, SyncIssue, SyncIssueKind, SyncProgress, SyncResult } from './sync-types';
export { storePort } from './store-port';
export { planSession } from './plan';
export type { SyncPlan } from './plan';
export type { SyncPort, SyncAccount } from './sync-port';
export type { NumberedLogLine } from './session-log';
export { authOptionsOf, connectOptionsOf, type LoginSettings } from './login-options';
