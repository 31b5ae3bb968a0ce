// The typed failures of the store, carried as data up to the IPC layer and turned into words in the UI.
// Never thrown for an ordinary "not found" read: reads return undefined instead.

export type StoreErrorKind =
  | 'newer-schema'
  | 'not-a-database'
  | 'duplicate-account'
  | 'duplicate-folder'
  | 'invalid-input'
  | 'not-found'
  | 'not-committed'
  | 'integrity'
  /** SQLite itself failed (disk full, I/O error, locked past the busy timeout, corrupt file). */
  | 'storage';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** better-sqlite3 reports constraint failures as SqliteError with an extended result code. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/** A failure of SQLite itself as the store's typed error; anything else unchanged. */
export function asStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof Error && error.name === 'SqliteError')
    return new StoreError('storage', error.message, { cause: error });
  return error;
}

/**
 * The same object whose functions raise a StoreError('storage') where SQLite failed, so callers
 * switch on a kind instead of guessing from a driver's message.
 */
export function raisingStoreErrors<T extends object>(target: T): T {
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    typed[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            } catch (error) {
              throw asStoreError(error);
            }
          }
        : value;
  }
  return typed as T;
}
