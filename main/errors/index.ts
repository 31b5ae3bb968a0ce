// The error model: what each layer throws, mapped once to the contract's closed set of kinds.
export { AppFailure, conflict, notFound } from './app-failure';
export {
  DEFAULT_RETRY_MS,
  errorFromPop3Kind,
  KEYRING_UNAVAILABLE,
  toAppError,
  type MappingContext,
} from './error-mapping';
