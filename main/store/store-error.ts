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
  | 'integrity';

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
