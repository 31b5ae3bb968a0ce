// The status bar: what the sync is doing now, how the last checks went (status-line.ts), and the one action an error
// calls for. Holds the app's only role="status" element, so tests and screen readers find it.
import type { Account } from '../../shared/model/account';
import { formatClock } from '../ui/format';
import type { ErrorAction } from './error-words';
import { statusLine, type StatusLine } from './status-line';
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

export function StatusBar({ sync, accounts, onAction, note, onDismissNote }: StatusBarProps) {
  const synced = statusLine(sync, accounts);
  const line: StatusLine = note
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
