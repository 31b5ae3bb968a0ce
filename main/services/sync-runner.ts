// Runs syncs for the app: one at a time per account (a second request joins the running one),
// tracks progress, and announces progress, log lines, new mail and status as events.
// Never runs the POP3 session itself: that is the injected runSync (main/sync).
import type { SyncPhase, SyncProgress, SyncReport } from '../../shared/model/sync-status';
import type { LogDirection } from '../../shared/model/protocol-log';
import type { SyncResult } from '../sync';
import type { EventBus } from './event-bus';
import { createLiveLog } from './live-log';
import { createStoredMailNotices } from './stored-mail-notices';
import { reportFromFailure, reportFromResult } from './sync-report';

export interface SyncHooks {
  onProgress(progress: Omit<SyncProgress, 'accountId'>): void;
  /** `seq` numbers the session's lines 1, 2, 3… as the store keeps them. */
  onLog(
    sessionId: number,
    line: { seq: number; time: number; dir: LogDirection; text: string },
  ): void;
}

/** One POP3 session for one account (main/sync's syncAccount, bound to the store and secrets). */
export type RunSync = (accountId: number, hooks: SyncHooks) => Promise<SyncResult>;

export interface SyncRunner {
  run(accountId: number): Promise<SyncReport>;
  phase(accountId: number): SyncPhase;
  isRunning(accountId: number): boolean;
  lastReport(accountId: number): SyncReport | null;
  /** Resolves when every running sync has ended. */
  idle(): Promise<void>;
}

export interface SyncRunnerDeps {
  runSync: RunSync;
  events: EventBus;
  now: () => number;
  /** Called whenever an account's phase changes, to publish its status. */
  onStatusChange(accountId: number): void;
  /** Called after each sync, with its report (for the scheduler and new-mail notices). */
  onFinished(accountId: number, report: SyncReport): void;
}

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const running = new Map<number, Promise<SyncReport>>();
  const phases = new Map<number, SyncPhase>();
  const reports = new Map<number, SyncReport>();
  const liveLog = createLiveLog((batch) => deps.events.emit('log.appended', batch));
  const stored = createStoredMailNotices((notice) => deps.events.emit('mail.stored', notice));

  const start = (accountId: number): Promise<SyncReport> => {
    phases.set(accountId, {
      phase: 'syncing',
      messagesDone: 0,
      messagesTotal: 0,
      octetsDone: 0,
      octetsTotal: 0,
    });
    deps.onStatusChange(accountId);
    const hooks: SyncHooks = {
      onProgress(progress) {
        phases.set(accountId, { phase: 'syncing', ...progress });
        deps.events.emit('sync.progress', { accountId, ...progress });
        if (progress.sessionId !== undefined && progress.retrieved !== undefined)
          stored.note(accountId, progress.sessionId, progress.retrieved);
      },
      onLog(sessionId, line) {
        liveLog.add(accountId, { sessionId, ...line });
      },
    };
    const work = (async () => {
      let report: SyncReport;
      try {
        report = reportFromResult(await deps.runSync(accountId, hooks), deps.now());
      } catch (error) {
        report = reportFromFailure(accountId, error, deps.now());
      }
      // The session's last lines and stored messages are announced before it is called ended.
      liveLog.flush();
      stored.end(accountId);
      reports.set(accountId, report);
      phases.set(accountId, { phase: 'idle' });
      running.delete(accountId);
      // Whoever listens must not turn a finished sync into a failed one.
      try {
        deps.onStatusChange(accountId);
        deps.onFinished(accountId, report);
      } catch {
        /* reported by the listener's own means */
      }
      return report;
    })();
    running.set(accountId, work);
    return work;
  };

  return {
    run: (accountId) => running.get(accountId) ?? start(accountId),
    phase: (accountId) => phases.get(accountId) ?? { phase: 'idle' },
    isRunning: (accountId) => running.has(accountId),
    lastReport: (accountId) => reports.get(accountId) ?? null,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
}
