// The logged POP3 sessions, newest first: account, start, duration and how each ended.
import type { Account } from '../../shared/model/account';
import type { LogSession } from '../../shared/model/protocol-log';
import type { SyncProgress } from '../../shared/model/sync-status';
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

const count = (n: number) => n.toLocaleString('en-US');

/**
 * What a session did: from the store once it ended; while it runs, from its latest progress
 * (deletions then are DELEs the server accepted, applied only when QUIT answers +OK).
 */
export function sessionCounts(session: LogSession, live?: SyncProgress): string {
  if (session.protocol === 'smtp') return 'SMTP submission';
  if (session.endedAt === null && live) {
    const retrieved = live.retrieved ?? live.messagesDone;
    const deletes = live.deletesAccepted ?? 0;
    return `${count(retrieved)} of ${count(live.messagesTotal)} retrieved, ${count(deletes)} to delete at QUIT`;
  }
  return `${count(session.retrieved)} retrieved, ${count(session.deleted)} deleted`;
}

/** Whose session: the account of a POP3 one, the sender and server of an SMTP one. */
export function sessionLabel(
  session: LogSession,
  accountsById: ReadonlyMap<number, Account>,
): string {
  if (session.protocol === 'smtp') return `SMTP · ${session.sender ?? 'a removed identity'}`;
  return accountLabel(session.accountId === null ? undefined : accountsById.get(session.accountId));
}

interface SessionListProps {
  sessions: readonly LogSession[];
  progress: ReadonlyMap<number, SyncProgress>;
  accounts: readonly Account[];
  selectedId: number | null;
  onSelect(id: number): void;
}

export function SessionList({
  sessions,
  progress,
  accounts,
  selectedId,
  onSelect,
}: SessionListProps) {
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
            <span className="session-account">{sessionLabel(session, byId)}</span>
            <span className="session-start">{formatFullDate(session.startedAt)}</span>
            <span className="session-facts">
              {session.endedAt === null
                ? ''
                : `${formatDuration(session.endedAt - session.startedAt)} · `}
              {sessionCounts(session, progress.get(session.id))} · {outcomeWords(session)}
            </span>
            <span className="session-verdict">{verdictLabel(sessionVerdict(session))}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
