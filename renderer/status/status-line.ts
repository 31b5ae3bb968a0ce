// What the status bar says: a sync in progress, else how the last checks went. With one account,
// that account's outcome; with several, a summary of all and then the one account that most needs
// the user (an error first, then a wait, then the latest check), always named.
import type { Account } from '../../shared/model/account';
import type { SyncProgress, SyncReport } from '../../shared/model/sync-status';
import type { AppError } from '../../shared/result';
import { accountLabel } from '../app/account-label';
import { formatClock } from '../ui/format';
import { describeError, type ErrorAction, type ErrorWords } from './error-words';
import {
  describeProgress,
  describeReport,
  outcomeState,
  summarizeAccounts,
  type OutcomeState,
} from './sync-words';

export interface StatusLine {
  text: string;
  action: ErrorAction | null;
  accountId: number | null;
  tone: 'info' | 'busy' | 'error';
}

export interface SyncView {
  progress: ReadonlyMap<number, SyncProgress>;
  outcomes: ReadonlyMap<number, SyncReport>;
  running: boolean;
  callError: AppError | null;
}

/** The words for one account's failed check, naming the account. */
export function outcomeError(report: SyncReport, account: Account | undefined): ErrorWords | null {
  if (!report.error) return null;
  return describeError(report.error, {
    account: accountLabel(account),
    loginDelaySeconds: account?.loginDelaySeconds ?? null,
    trustedFingerprint256: account?.certFingerprint256 ?? null,
  });
}

const URGENCY: Record<OutcomeState, number> = {
  attention: 0,
  'login-delay': 1,
  'retry-later': 1,
  ok: 2,
};

export function statusLine(sync: SyncView, accounts: readonly Account[]): StatusLine {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const [syncing] = sync.progress.values();
  if (syncing)
    return {
      text: describeProgress(syncing, accountLabel(byId.get(syncing.accountId))),
      action: null,
      accountId: syncing.accountId,
      tone: 'busy',
    };
  if (sync.running) return { text: 'Getting mail…', action: null, accountId: null, tone: 'busy' };
  if (sync.callError) {
    const words = describeError(sync.callError, { account: '' });
    return { ...words, accountId: null, tone: 'error' };
  }
  const outcomes = [...sync.outcomes.values()].filter((o) => byId.has(o.accountId));
  // The one to speak of: the most urgent, and of those the latest.
  const chosen = [...outcomes].sort(
    (a, b) => URGENCY[outcomeState(a)] - URGENCY[outcomeState(b)] || b.finishedAt - a.finishedAt,
  )[0];
  if (!chosen) {
    if (accounts.length === 0)
      return {
        text: 'No account yet — add one to get mail.',
        action: null,
        accountId: null,
        tone: 'info',
      };
    return { text: 'Ready.', action: null, accountId: null, tone: 'info' };
  }
  const account = byId.get(chosen.accountId);
  const error = outcomeError(chosen, account);
  const own: StatusLine = error
    ? { ...error, accountId: chosen.accountId, tone: 'error' }
    : {
        text: `${describeReport(chosen, accountLabel(account))} · checked at ${formatClock(chosen.finishedAt)}`,
        action: null,
        accountId: chosen.accountId,
        tone: 'info',
      };
  if (outcomes.length < 2) return own;
  return { ...own, text: `${summarizeAccounts(outcomes)} — ${own.text}` };
}
