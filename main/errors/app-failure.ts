// The one exception a handler throws to answer with a specific error kind; the dispatcher turns
// it into { ok: false, error }. Handlers never build Result objects themselves.
import type { AppError } from '../../shared/result';

export class AppFailure extends Error {
  readonly error: AppError;

  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

export function notFound(what: string): AppFailure {
  return new AppFailure({ kind: 'not-found', message: `${what} not found` });
}

export function conflict(message: string, reason?: string): AppFailure {
  return new AppFailure(
    reason === undefined ? { kind: 'conflict', message } : { kind: 'conflict', message, reason },
  );
}
