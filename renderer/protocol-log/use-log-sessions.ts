// The protocol-log sessions and the lines of the chosen one, kept current while a sync runs:
// a live line or a status change makes it read what is new from main (never guessed locally).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLine, LogSession } from '../../shared/model/protocol-log';
import type { AppError } from '../../shared/result';
import { useApi } from '../app/api-context';

const SETTLE_MS = 120;

/** Runs `task` at most once at a time; a request while it runs schedules one more run. */
function coalesced(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void task().finally(() => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return run;
}

function useDebounced(fn: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, SETTLE_MS);
  }, []);
}

export function useLogSessions(): { sessions: LogSession[] | null; error: AppError | null } {
  const api = useApi();
  const [sessions, setSessions] = useState<LogSession[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const known = useRef(new Set<number>());
  const load = useRef(
    coalesced(async () => {
      const result = await api.log.sessions({ limit: 100 });
      if (result.ok) {
        known.current = new Set(result.value.map((s) => s.id));
        setSessions(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    }),
  ).current;
  const reloadSoon = useDebounced(load);

  useEffect(() => {
    load();
    const offLine = api.on('log.line', (line) => {
      if (line.sessionId !== null && !known.current.has(line.sessionId)) reloadSoon();
    });
    const offStatus = api.on('account.status', () => reloadSoon());
    return () => {
      offLine();
      offStatus();
    };
  }, [api, load, reloadSoon]);

  return { sessions, error };
}

export function useSessionLines(sessionId: number | null): {
  lines: LogLine[] | null;
  error: AppError | null;
} {
  const api = useApi();
  const [lines, setLines] = useState<LogLine[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const state = useRef<{ sessionId: number | null; lastSeq: number }>({ sessionId, lastSeq: 0 });

  const fetchNew = useRef(
    coalesced(async () => {
      const { sessionId: id, lastSeq } = state.current;
      if (id === null) return;
      const result = await api.log.lines(
        lastSeq > 0 ? { sessionId: id, afterSeq: lastSeq } : { sessionId: id },
      );
      if (state.current.sessionId !== id) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const fresh = result.value.filter((line) => line.seq > state.current.lastSeq);
      if (fresh.length)
        state.current.lastSeq = fresh[fresh.length - 1]?.seq ?? state.current.lastSeq;
      setLines((current) => (lastSeq === 0 || current === null ? fresh : [...current, ...fresh]));
      setError(null);
    }),
  ).current;
  const fetchSoon = useDebounced(fetchNew);

  useEffect(() => {
    state.current = { sessionId, lastSeq: 0 };
    setLines(null);
    setError(null);
    if (sessionId === null) return;
    fetchNew();
    const offLine = api.on('log.line', (line) => {
      if (line.sessionId === sessionId) fetchSoon();
    });
    const offStatus = api.on('account.status', () => fetchSoon());
    return () => {
      offLine();
      offStatus();
    };
  }, [api, sessionId, fetchNew, fetchSoon]);

  return { lines, error };
}
