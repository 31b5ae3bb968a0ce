// Turns what the sync layer returns (or throws) into the contract's SyncReport, with a
// session-level error of the closed kinds. Never reports a retry-later as a password problem.
import type { SyncReport } from '../../shared/model/sync-status';
import type { SyncResult } from '../sync';
import { errorFromIssue, toAppError } from '../errors';

const SESSION_FAILED = new Set<SyncResult['outcome']>(['error', 'too-early', 'busy']);

export function reportFromResult(result: SyncResult, now: number): SyncReport {
  const ctx = { now, retryAt: result.nextAllowedLogin };
  const sessionIssue = SESSION_FAILED.has(result.outcome)
    ? (result.errors.find((e) => e.uidl === undefined) ?? result.errors[0])
    : undefined;
  return {
    accountId: result.accountId,
    session: result.session,
    finishedAt: now,
    retrieved: result.retrieved,
    deleted: result.deleted,
    skipped: result.skipped,
    nextAllowedLoginAt: result.nextAllowedLogin,
    outcome: result.outcome,
    error: sessionIssue ? errorFromIssue(sessionIssue, ctx) : null,
    messageErrors: result.errors
      .filter((e) => e !== sessionIssue)
      .map((e) => {
        const error = errorFromIssue(e, ctx);
        return e.uidl === undefined ? error : { ...error, uidl: e.uidl };
      }),
    warnings: [...result.warnings],
  };
}

/** A sync that threw instead of returning (a bug or a store failure): still a report. */
export function reportFromFailure(accountId: number, error: unknown, now: number): SyncReport {
  return {
    accountId,
    session: null,
    finishedAt: now,
    retrieved: 0,
    deleted: 0,
    skipped: 0,
    nextAllowedLoginAt: null,
    outcome: 'error',
    error: toAppError(error, { now }),
    messageErrors: [],
    warnings: [],
  };
}

/** When the scheduler should try again because the server said "later". */
export function retryAtOf(report: SyncReport): number | null {
  return report.error?.kind === 'retry-later' ? report.error.at : null;
}
