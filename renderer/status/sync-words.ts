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
