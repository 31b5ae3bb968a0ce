// Sync progress and results in plain words for the status bar. Pure: the caller passes the
// account's label; never decides anything about the sync itself.
import type { SyncProgress, SyncReport } from '../../shared/model/sync-status';
import { formatSize, plural } from '../ui/format';

export function describeProgress(
  progress: Omit<SyncProgress, 'accountId'>,
  account: string,
): string {
  if (progress.messagesTotal === 0) return `Checking ${account}…`;
  const messages = `${progress.messagesDone} of ${plural(progress.messagesTotal, 'message')}`;
  const octets =
    progress.octetsTotal > 0
      ? ` (${formatSize(progress.octetsDone)} of ${formatSize(progress.octetsTotal)})`
      : '';
  return `Getting mail for ${account}: ${messages}${octets}`;
}

/** What a finished sync did, without its error (error-words.ts says that). */
export function describeReport(report: SyncReport, account: string): string {
  const parts: string[] = [];
  parts.push(report.retrieved ? plural(report.retrieved, 'new message') : 'no new mail');
  if (report.deleted) parts.push(`${report.deleted} deleted from the server`);
  const problems = report.messageErrors.length;
  if (problems) parts.push(`${plural(problems, 'message')} could not be retrieved`);
  const text = parts.join(', ');
  const warning = report.warnings[0] ? ` — ${report.warnings[0]}` : '';
  return `${account}: ${text.charAt(0).toUpperCase()}${text.slice(1)}${warning}`;
}

/** How an account's last check ended, as the status bar and the sidebar sort it. */
export type OutcomeState = 'ok' | 'login-delay' | 'retry-later' | 'attention';

export function outcomeState(report: SyncReport): OutcomeState {
  if (!report.error) return 'ok';
  if (report.error.kind === 'retry-later')
    return report.error.reason === 'login-delay' ? 'login-delay' : 'retry-later';
  return 'attention';
}

/** All accounts' last checks in one line: "2 accounts checked · 150 new · 1 waiting for LOGIN-DELAY". */
export function summarizeAccounts(reports: readonly SyncReport[]): string {
  const count = (state: OutcomeState) => reports.filter((r) => outcomeState(r) === state).length;
  const fresh = reports.reduce((n, r) => n + r.retrieved, 0);
  const parts = [
    `${plural(reports.length, 'account')} checked`,
    fresh ? `${fresh} new` : 'no new mail',
  ];
  const deleted = reports.reduce((n, r) => n + r.deleted, 0);
  if (deleted) parts.push(`${deleted} deleted from the server`);
  if (count('login-delay')) parts.push(`${count('login-delay')} waiting for LOGIN-DELAY`);
  if (count('retry-later')) parts.push(`${count('retry-later')} to try again later`);
  const attention = count('attention');
  if (attention) parts.push(`${attention} ${attention === 1 ? 'needs' : 'need'} attention`);
  return parts.join(' · ');
}
