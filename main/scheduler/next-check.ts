// When an account may be checked next: its interval, but never before the server's LOGIN-DELAY
// allows another login, nor before a retry time the server asked for. Pure: no clock, no timers.
import { nextAllowedLogin, type LoginPacing } from '../../shared/model/login-pacing';

export interface CheckTiming extends LoginPacing {
  /** The account's check interval, seconds. */
  checkIntervalSeconds: number;
}

/** RFC 2449: a client SHOULD use LOGIN-DELAY as its minimum check interval. */
export function effectiveIntervalMs(timing: CheckTiming): number {
  return Math.max(timing.checkIntervalSeconds, timing.loginDelaySeconds ?? 0) * 1000;
}

export interface NextCheckInput {
  timing: CheckTiming;
  now: number;
  /** When the scheduler last finished a check of this account; null: never in this run. */
  lastCheckAt: number | null;
  /** A retry time the last attempt was given (e.g. [IN-USE], [LOGIN-DELAY]); null: none. */
  retryAt: number | null;
  /** Check as soon as allowed when there was no check yet in this run (start-up sync). */
  checkAtStartup: boolean;
}

export function nextCheckAt(input: NextCheckInput): number {
  const { timing, now, lastCheckAt, retryAt } = input;
  let due: number;
  if (lastCheckAt !== null) due = lastCheckAt + effectiveIntervalMs(timing);
  else if (input.checkAtStartup) due = now;
  else due = now + effectiveIntervalMs(timing);
  const allowed = nextAllowedLogin(timing);
  if (allowed !== null) due = Math.max(due, allowed);
  if (retryAt !== null) due = Math.max(due, retryAt);
  return Math.max(due, now);
}
