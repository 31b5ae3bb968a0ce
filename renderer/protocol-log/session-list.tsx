// The logged POP3 sessions, newest first: account, start, duration and how each ended.
import type { Account } from '../../shared/model/account';
import type { LogSession } from '../../shared/model/protocol-log';
import { accountLabel } from '../app/account-label';
import { formatDuration, formatFullDate } from '../ui/format';
import { sessionVerdict, verdictLabel } from './session-verdict';

const OUTCOME_WORDS: Record<string, string> = {
  ok: 'completed',
  partial: 'completed with problems',
  error: 'failed',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
  running: 'running',
};

export function outcomeWords(session: LogSession): string {
  if (session.endedAt === null) return 'running';
  return OUTCOME_WORDS[session.outcome] ?? session.outcome;
}

export function sessionCounts(session: LogSession): string {
  return `${session.retrieved} retrieved, ${session.deleted} deleted`;
}

interface SessionListProps {
  sessions: readonly LogSession[];
  accounts: readonly Account[];
  selectedId: number | null;
  onSelect(id: number): void;
}

export function SessionList({ sessions, accounts, selectedId, onSelect }: SessionListProps) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  if (!sessions.length) return <p className="log-empty">No sessions yet.</p>;
  return (
    <ul className="session-list" aria-label="Sessions">
      {sessions.map((session) => (
        <li key={session.id}>
          <button
            type="button"
            className="session-item"
            aria-pressed={session.id === selectedId}
            onClick={() => onSelect(session.id)}
          >
            <span className="session-account">{accountLabel(byId.get(session.accountId))}</span>
            <span className="session-start">{formatFullDate(session.startedAt)}</span>
            <span className="session-facts">
              {session.endedAt === null
                ? ''
                : `${formatDuration(session.endedAt - session.startedAt)} · `}
              {sessionCounts(session)} · {outcomeWords(session)}
            </span>
            <span className="session-verdict">{verdictLabel(sessionVerdict(session))}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
