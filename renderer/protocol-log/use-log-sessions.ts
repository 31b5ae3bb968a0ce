// The protocol-log sessions, the running sessions' live counts, and the lines of the chosen
// session: live lines come with main's 'log.appended' events; log.lines is read only for what
// they cannot give (the lines before the panel looked, a missed event, a finished session).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { LogSession } from '../../shared/model/protocol-log';
import type { SyncProgress } from '../../shared/model/sync-status';
import type { AppError } from '../../shared/result';
import { useApi } from '../app/api-context';
import { LiveLines } from './live-lines';

const SETTLE_MS = 120;
/** Lines per log.lines read when loading a whole session (100,000 lines take ten reads). */
const READ_CHUNK = 10_000;
/** A gap the store cannot fill yet (its batch is not written): ask again after this long. */
const GAP_RETRY_MS = 400;

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

export function useLogSessions(): {
  sessions: LogSession[] | null;
  /** The latest progress of each running session, by session id. */
  progress: ReadonlyMap<number, SyncProgress>;
  error: AppError | null;
} {
  const api = useApi();
  const [sessions, setSessions] = useState<LogSession[] | null>(null);
  const [progress, setProgress] = useState<ReadonlyMap<number, SyncProgress>>(new Map());
  const [error, setError] = useState<AppError | null>(null);
  const known = useRef(new Set<number>());
  const load = useRef(
    coalesced(async () => {
      const result = await api.log.sessions({ limit: 100 });
      if (result.ok) {
        known.current = new Set(result.value.map((s) => s.id));
        setSessions(result.value);
        // An ended session's counts come from the store: its live ones can go.
        const running = new Set(result.value.filter((s) => s.endedAt === null).map((s) => s.id));
        setProgress((map) =>
          [...map.keys()].every((id) => running.has(id))
            ? map
            : new Map([...map].filter(([id]) => running.has(id))),
        );
        setError(null);
      } else {
        setError(result.error);
      }
    }),
  ).current;
  const reloadSoon = useDebounced(load);

  useEffect(() => {
    load();
    const offLines = api.on('log.appended', (batch) => {
      if (!known.current.has(batch.sessionId)) reloadSoon();
    });
    const offProgress = api.on('sync.progress', (p) => {
      const sessionId = p.sessionId;
      if (sessionId === undefined) return;
      setProgress((map) => new Map(map).set(sessionId, p));
      if (!known.current.has(sessionId)) reloadSoon();
    });
    const offStatus = api.on('account.status', () => reloadSoon());
    return () => {
      offLines();
      offProgress();
      offStatus();
    };
  }, [api, load, reloadSoon]);

  return { sessions, progress, error };
}

export function useSessionLines(sessionId: number | null): {
  lines: LiveLines | null;
  /** Changes whenever lines were added. */
  version: number;
  error: AppError | null;
} {
  const api = useApi();
  const [lines, setLines] = useState<LiveLines | null>(null);
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    if (sessionId === null) {
      setLines(null);
      return;
    }
    const live = new LiveLines(sessionId);
    let stopped = false;
    let loaded = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    setLines(live);
    setError(null);

    const read = async (range: {
      afterSeq: number;
      untilSeq?: number;
      limit?: number;
    }): Promise<number | null> => {
      const result = await api.log.lines({ sessionId, ...range });
      if (stopped) return null;
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      if (live.add(result.value)) bump();
      return result.value.length;
    };

    // Gaps left by missed events, or lines from before the panel looked, read by seq range.
    const fillGaps = coalesced(async () => {
      for (const gap of live.gaps()) if ((await read(gap)) === null) return;
      if (!stopped && live.gaps().length && retry === null)
        retry = setTimeout(() => {
          retry = null;
          fillGaps();
        }, GAP_RETRY_MS);
    });

    // What the store has, in chunks, then whatever is newer than the live lines seen so far.
    const readStored = coalesced(async () => {
      for (;;) {
        const got = await read({ afterSeq: live.completeUntil, limit: READ_CHUNK });
        if (got === null || got < READ_CHUNK) break;
      }
      const got = await read({ afterSeq: live.lastSeq });
      if (got === null) return;
      loaded = true;
      fillGaps();
    });

    const offLines = api.on('log.appended', (batch) => {
      if (batch.sessionId !== sessionId) return;
      if (live.add(batch.lines)) bump();
      if (loaded && live.gaps().length) fillGaps();
    });
    // The session ended, or a sync ran while events may have been missed: read what is newer.
    const offStatus = api.on('account.status', () => readStored());
    readStored();
    return () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      offLines();
      offStatus();
    };
  }, [api, sessionId]);

  return { lines, version, error };
}
