// The protocol-log panel (region "Protocol log"): the sessions, and the lines of the chosen one,
// following the newest session while a sync runs unless the user picked another.
import { useEffect, useState } from 'react';
import type { Account } from '../../shared/model/account';
import { describeError } from '../status/error-words';
import { formatDuration, formatFullDate } from '../ui/format';
import { ResizeHandle } from '../ui/resize-handle';
import { SessionLines } from './session-lines';
import { SessionList, sessionCounts, sessionLabel } from './session-list';
import { sessionVerdict, verdictLabel } from './session-verdict';
import { useLogSessions, useSessionLines } from './use-log-sessions';

export const LOG_PANEL_ID = 'protocol-log-panel';
export const LOG_PANEL_MIN_HEIGHT = 140;

interface LogPanelProps {
  accounts: readonly Account[];
  height: number;
  maxHeight: number;
  onResize(height: number): void;
}

export function LogPanel({ accounts, height, maxHeight, onResize }: LogPanelProps) {
  const { sessions, progress, error } = useLogSessions();
  const [chosen, setChosen] = useState<number | null>(null);
  const newest = sessions?.[0]?.id ?? null;
  // Follow the newest session until the user picks an older one.
  const selectedId = chosen ?? newest;
  const { lines, version } = useSessionLines(selectedId);
  const session = sessions?.find((s) => s.id === selectedId) ?? null;

  useEffect(() => {
    if (chosen !== null && sessions && !sessions.some((s) => s.id === chosen)) setChosen(null);
  }, [chosen, sessions]);

  const byId = new Map(accounts.map((a) => [a.id, a]));
  return (
    <section id={LOG_PANEL_ID} className="log-panel" aria-label="Protocol log" style={{ height }}>
      <ResizeHandle
        label="Resize protocol log"
        orientation="horizontal"
        grows={-1}
        size={height}
        min={LOG_PANEL_MIN_HEIGHT}
        max={maxHeight}
        onResize={onResize}
      />
      <div className="log-body">
        <div className="log-sessions">
          <h2 className="log-heading">Sessions</h2>
          {error ? <p className="log-empty">{describeError(error, { account: '' }).text}</p> : null}
          {sessions ? (
            <SessionList
              sessions={sessions}
              progress={progress}
              accounts={accounts}
              selectedId={selectedId}
              onSelect={(id) => setChosen(id === newest ? null : id)}
            />
          ) : (
            <p className="log-empty">Loading…</p>
          )}
        </div>
        <div className="log-session">
          {session ? (
            <>
              <p className="session-summary">
                <strong>{sessionLabel(session, byId)}</strong> · {formatFullDate(session.startedAt)}
                {session.endedAt === null
                  ? ''
                  : ` · ${formatDuration(session.endedAt - session.startedAt)}`}{' '}
                ·{' '}
                <span className="session-counts">
                  {sessionCounts(session, progress.get(session.id))}
                </span>{' '}
                ·{' '}
                <strong className="session-verdict">{verdictLabel(sessionVerdict(session))}</strong>
                {session.errorMessage ? (
                  <span className="session-error"> · {session.errorMessage}</span>
                ) : null}
              </p>
              {lines && lines.sessionId === session.id ? (
                <SessionLines
                  key={session.id}
                  session={session}
                  lines={lines.lines}
                  version={version}
                />
              ) : (
                <p>Loading…</p>
              )}
            </>
          ) : (
            <p className="log-empty">Choose a session to see what was said to the server.</p>
          )}
        </div>
      </div>
    </section>
  );
}
