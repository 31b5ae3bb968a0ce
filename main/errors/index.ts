// The error model: what each layer raises, mapped once (error-table.ts) to the contract's kinds.
export { AppFailure, conflict, notFound } from './app-failure';
export {
  errorFromIssue,
  errorFromPop3Kind,
  toAppError,
  type MappingContext,
} from './error-mapping';
export { DEFAULT_RETRY_MS, KEYRING_UNAVAILABLE } from './error-table';
