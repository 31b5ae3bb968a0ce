// The sync state the UI shows: per-account progress, the latest outcome of each account, and
// "Get mail". Follows main's events; never runs a POP3 step itself, it only asks main to sync.
import { useCallback, useEffect, useState } from 'react';
import type {
  AccountSyncStatus,
  SyncOverview,
  SyncProgress,
  SyncReport,
} from '../../shared/model/sync-status';
import type { AppError } from '../../shared/result';
import { useApi } from '../app/api-context';

export interface SyncController {
  overview: SyncOverview | null;
  /** Accounts syncing now, with their progress. */
  progress: ReadonlyMap<number, SyncProgress>;
  /** The latest finished sync of each account. */
  outcomes: ReadonlyMap<number, SyncReport>;
  /** A "Get mail" the user asked for is running. */
  running: boolean;
  /** The sync request itself failed (not one account's sync). */
  callError: AppError | null;
  getMail(accountId?: number): Promise<SyncReport[] | null>;
}

function withOutcome(
  map: ReadonlyMap<number, SyncReport>,
  report: SyncReport,
): Map<number, SyncReport> {
  const next = new Map(map);
  const known = next.get(report.accountId);
  if (!known || known.finishedAt <= report.finishedAt) next.set(report.accountId, report);
  return next;
}

function withStatus(overview: SyncOverview | null, status: AccountSyncStatus): SyncOverview {
  const base: SyncOverview = overview ?? { online: true, paused: false, accounts: [] };
  const others = base.accounts.filter((a) => a.accountId !== status.accountId);
  return { ...base, accounts: [...others, status] };
}

export function useSync(onStoreChanged: () => void): SyncController {
  const api = useApi();
  const [overview, setOverview] = useState<SyncOverview | null>(null);
  const [progress, setProgress] = useState<ReadonlyMap<number, SyncProgress>>(new Map());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<number, SyncReport>>(new Map());
  const [running, setRunning] = useState(false);
  const [callError, setCallError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    void api.sync.status().then((result) => {
      if (!live || !result.ok) return;
      setOverview(result.value);
      setOutcomes((map) => {
        let next = new Map(map);
        for (const a of result.value.accounts)
          if (a.lastOutcome) next = withOutcome(next, a.lastOutcome);
        return next;
      });
    });
    const offProgress = api.on('sync.progress', (p) =>
      setProgress((map) => new Map(map).set(p.accountId, p)),
    );
    const offStatus = api.on('account.status', (status) => {
      setOverview((o) => withStatus(o, status));
      if (status.state.phase === 'idle')
        setProgress((map) => {
          const next = new Map(map);
          next.delete(status.accountId);
          return next;
        });
      const report = status.lastOutcome;
      if (report) setOutcomes((map) => withOutcome(map, report));
    });
    const offMail = api.on('mail.new', () => onStoreChanged());
    // Messages committed while a long sync runs: the list and unread counts grow as they come.
    const offStored = api.on('mail.stored', () => onStoreChanged());
    return () => {
      live = false;
      offProgress();
      offStatus();
      offMail();
      offStored();
    };
  }, [api, onStoreChanged]);

  const getMail = useCallback(
    async (accountId?: number) => {
      setRunning(true);
      setCallError(null);
      const result = await api.sync.now(accountId === undefined ? {} : { accountId });
      setRunning(false);
      if (!result.ok) {
        setCallError(result.error);
        return null;
      }
      setProgress((map) => {
        const next = new Map(map);
        for (const report of result.value) next.delete(report.accountId);
        return next;
      });
      setOutcomes((map) => {
        let next = new Map(map);
        for (const report of result.value) next = withOutcome(next, report);
        return next;
      });
      onStoreChanged();
      return result.value;
    },
    [api, onStoreChanged],
  );

  return { overview, progress, outcomes, running, callError, getMail };
}
