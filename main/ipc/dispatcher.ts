// Runs contract calls: looks the method up in the declaration, validates the argument with its
// schema, calls its handler, and answers with data. Never throws, whatever the caller sends.
import type { z } from 'zod';
import { contract } from '../../shared/contract/methods';
import { isMethodName, type MethodName } from '../../shared/contract/names';
import type { ArgOutput, ResultValue } from '../../shared/contract/types';
import { failure, ok, type AppError, type ArgumentIssue, type Result } from '../../shared/result';
import { toAppError } from '../errors';

export interface CallContext {
  transport: 'electron' | 'browser-bridge';
}

/** One handler per contract method; leaving one out is a compile error. */
export type Handlers = {
  [K in MethodName]: (
    arg: ArgOutput<K>,
    ctx: CallContext,
  ) => ResultValue<K> | Promise<ResultValue<K>>;
};

export type Dispatch = (method: string, arg: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  now?: () => number;
  /** Told about failures that map to 'internal' (for the main-process log). */
  onInternalError?(method: string, error: unknown): void;
}

export function invalidArgument(message: string, issues: ArgumentIssue[] = []): AppError {
  return { kind: 'invalid-argument', message, issues };
}

function describeIssues(error: z.ZodError): ArgumentIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const now = options.now ?? Date.now;
  return async (method, arg, ctx) => {
    if (!isMethodName(method))
      return failure(
        invalidArgument(`unknown method ${JSON.stringify(String(method)).slice(0, 120)}`),
      );
    const parsed = contract[method].arg.safeParse(arg);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      const detail = first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : '';
      return failure(invalidArgument(`${method}: invalid argument${detail}`, issues));
    }
    try {
      // The declaration ties each method's schema to its handler; TypeScript cannot follow
      // that through a computed key, so the call is typed loosely here and only here.
      const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (error) {
      const appError = toAppError(error, { now: now() });
      if (appError.kind === 'internal') options.onInternalError?.(method, error);
      return failure(appError);
    }
  };
}
