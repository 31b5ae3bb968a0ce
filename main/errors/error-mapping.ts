// Turns what a layer raised (a thrown typed error, or a sync issue carried as data) into an
// AppError, by the rows of error-table.ts. Never lets an unknown failure out as anything but
// 'internal'; never invents a credentials error.
import type { AppError } from '../../shared/result';
import type { SyncIssue } from '../sync';
import { AppFailure } from './app-failure';
import { ERROR_CLASSES, pop3Rule, syncIssueRule, type ErrorRule } from './error-table';

export interface MappingContext {
  now: number;
  /** The earliest next login the caller knows of (LOGIN-DELAY), epoch ms. */
  retryAt?: number | null;
}

type Certificate = { subject: string; fingerprint256: string };

/** The AppError one row of the table makes of a failure. */
export function fromRule(
  rule: ErrorRule,
  failure: { sourceKind: string; message: string; certificate?: Certificate | undefined },
  ctx: MappingContext,
): AppError {
  const message = rule.message ?? failure.message;
  const reason = rule.reason === undefined ? failure.sourceKind : rule.reason;
  const base = reason === null ? { message } : { message, reason };
  switch (rule.kind) {
    case 'retry-later':
      return {
        ...base,
        kind: 'retry-later',
        // No default wait: the account's own next allowed login is the answer.
        at:
          rule.retryAfterMs === undefined
            ? (ctx.retryAt ?? ctx.now)
            : Math.max(ctx.retryAt ?? 0, ctx.now + rule.retryAfterMs),
      };
    case 'certificate-untrusted':
      return {
        ...base,
        kind: 'certificate-untrusted',
        fingerprint256: failure.certificate?.fingerprint256 ?? '',
        subject: failure.certificate?.subject ?? '',
      };
    case 'invalid-argument':
      return { ...base, kind: 'invalid-argument', issues: rule.issues ?? [] };
    default:
      return { ...base, kind: rule.kind };
  }
}

function unmapped(message: string, reason: string): AppError {
  return { kind: 'internal', message, reason };
}

/** A POP3 failure kind carried as data (a probe's or discovery's result). Unknown: internal. */
export function errorFromPop3Kind(
  kind: string,
  message: string,
  ctx: MappingContext,
  certificate?: Certificate,
): AppError {
  const rule = pop3Rule(kind);
  return rule
    ? fromRule(rule, { sourceKind: kind, message, certificate }, ctx)
    : unmapped(message, kind);
}

/** A sync issue (the sync's own kinds or a POP3 failure) as the contract's error. */
export function errorFromIssue(issue: SyncIssue, ctx: MappingContext): AppError {
  const rule = syncIssueRule(issue.kind);
  return rule
    ? fromRule(
        rule,
        { sourceKind: issue.kind, message: issue.message, certificate: issue.certificate },
        ctx,
      )
    : unmapped(issue.message, issue.kind);
}

export function toAppError(error: unknown, ctx: MappingContext): AppError {
  if (error instanceof AppFailure) return error.error;
  for (const row of ERROR_CLASSES) {
    if (!row.matches(error)) continue;
    const found = row.rule(error);
    const message = (error as Error).message;
    if (!found) return unmapped(message, row.name);
    const certificate =
      error instanceof Error && 'certificate' in error ? error.certificate : undefined;
    return fromRule(
      found.rule,
      {
        sourceKind: found.sourceKind,
        message,
        certificate: certificate as Certificate | undefined,
      },
      ctx,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}
