// The status bar: what the sync is doing now, how the last one went, and the one action an error
// calls for. Holds the app's only role="status" element, so tests and screen readers find it.
import type { Account } from '../../shared/model/account';
import { accountLabel } from '../app/account-label';
import { formatClock } from '../ui/format';
import { describeError, type ErrorAction } from './error-words';
import { describeProgress, describeReport } from './sync-words';
import type { UndoNote } from './undo-note';
import type { SyncController } from './use-sync';

interface StatusBarProps {
  sync: SyncController;
  accounts: readonly Account[];
  onAction(action: ErrorAction, accountId: number | null): void;
  /** What the user's last move did (with its Undo), shown until dismissed or a sync starts. */
  note?: UndoNote | null;
  onDismissNote?(): void;
}

const ACTION_LABEL: Record<ErrorAction['kind'], string> = {
  'update-password': 'Update password',
  'trust-certificate': 'View certificate',
  'edit-account': 'Edit account',
  retry: 'Try again',
};

interface Line {
  text: string;
  action: ErrorAction | null;
  accountId: number | null;
  tone: 'info' | 'busy' | 'error';
}

function currentLine(sync: SyncController, accounts: readonly Account[]): Line {
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
  const failed = outcomes.filter((o) => o.error).sort((a, b) => b.finishedAt - a.finishedAt)[0];
  if (failed?.error) {
    const account = byId.get(failed.accountId);
    const words = describeError(failed.error, {
      account: accountLabel(account),
      loginDelaySeconds: account?.loginDelaySeconds ?? null,
    });
    return { ...words, accountId: failed.accountId, tone: 'error' };
  }
  const latest = outcomes.sort((a, b) => b.finishedAt - a.finishedAt)[0];
  if (latest)
    return {
      text: `${describeReport(latest, accountLabel(byId.get(latest.accountId)))} · checked at ${formatClock(latest.finishedAt)}`,
      action: null,
      accountId: latest.accountId,
      tone: 'info',
    };
  if (accounts.length === 0)
    return {
      text: 'No account yet — add one to get mail.',
      action: null,
      accountId: null,
      tone: 'info',
    };
  return { text: 'Ready.', action: null, accountId: null, tone: 'info' };
}

export function StatusBar({ sync, accounts, onAction, note, onDismissNote }: StatusBarProps) {
  const synced = currentLine(sync, accounts);
  const line: Line = note
    ? { text: note.text, action: null, accountId: null, tone: 'info' }
    : synced;
  const [syncing] = sync.progress.values();
  const scheduled = (sync.overview?.accounts ?? [])
    .map((a) => a.nextScheduledAt)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b)[0];
  return (
    <footer className={`status-bar tone-${line.tone}`}>
      <div role="status" className="status-text">
        {line.text}
      </div>
      {syncing && syncing.messagesTotal > 0 ? (
        <progress
          aria-label="Sync progress"
          max={syncing.messagesTotal}
          value={syncing.messagesDone}
        />
      ) : null}
      {note?.undo ? (
        <button type="button" className="status-action" onClick={note.undo}>
          Undo
        </button>
      ) : null}
      {note ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismissNote}>
          <span aria-hidden="true">×</span>
        </button>
      ) : null}
      {line.action ? (
        <button
          type="button"
          className="status-action"
          onClick={() => line.action && onAction(line.action, line.accountId)}
        >
          {ACTION_LABEL[line.action.kind]}
        </button>
      ) : null}
      <span className="status-extra">
        {sync.overview && !sync.overview.online
          ? 'Offline — checks resume when the network is back. '
          : ''}
        {sync.overview?.paused ? 'Checks paused. ' : ''}
        {scheduled ? `Next check at ${formatClock(scheduled)}` : ''}
      </span>
    </footer>
  );
}
