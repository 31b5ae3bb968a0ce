// Decides when each account is checked: its interval, never sooner than LOGIN-DELAY allows, once
// at start-up, never while offline or suspended. It never syncs by itself: runSync is injected.
import type { Clock, TimerHandle } from './clock';
import { nextCheckAt, type CheckTiming } from './next-check';

export interface SchedulerAccount extends CheckTiming {
  id: number;
}

export interface SchedulerDeps {
  clock: Clock;
  /** Read afresh at each planning, so LOGIN-DELAY and last login come from the store as they are now. */
  listAccounts(): SchedulerAccount[];
  /** Runs one sync; resolves with a retry time when the server asked the client to wait. */
  runSync(accountId: number): Promise<{ retryAt: number | null }>;
  /** Check each account as soon as allowed after start(); default true. */
  checkAtStartup?: () => boolean;
  /** Told whenever an account's next check moves (null: none planned, e.g. while paused). */
  onPlanChange?(accountId: number, nextAt: number | null): void;
}

export interface Scheduler {
  start(): void;
  stop(): void;
  setOnline(online: boolean): void;
  setSuspended(suspended: boolean): void;
  /** Accounts were added, changed or removed. */
  refresh(): void;
  /** A check ran outside the scheduler (e.g. "Get mail"): the interval restarts from now. */
  noteChecked(accountId: number, retryAt: number | null): void;
  nextCheckAt(accountId: number): number | null;
  readonly online: boolean;
  readonly suspended: boolean;
}

interface AccountPlan {
  lastCheckAt: number | null;
  retryAt: number | null;
  timer: TimerHandle | null;
  nextAt: number | null;
  running: boolean;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { clock } = deps;
  const plans = new Map<number, AccountPlan>();
  let started = false;
  let online = true;
  let suspended = false;
  const paused = (): boolean => !started || !online || suspended;

  const planFor = (id: number): AccountPlan => {
    let plan = plans.get(id);
    if (!plan) {
      plan = { lastCheckAt: null, retryAt: null, timer: null, nextAt: null, running: false };
      plans.set(id, plan);
    }
    return plan;
  };

  const disarm = (id: number, plan: AccountPlan): void => {
    if (plan.timer !== null) clock.clearTimer(plan.timer);
    plan.timer = null;
    if (plan.nextAt !== null) {
      plan.nextAt = null;
      deps.onPlanChange?.(id, null);
    }
  };

  const arm = (account: SchedulerAccount): void => {
    const plan = planFor(account.id);
    disarm(account.id, plan);
    if (paused() || plan.running) return;
    const now = clock.now();
    const at = nextCheckAt({
      timing: account,
      now,
      lastCheckAt: plan.lastCheckAt,
      retryAt: plan.retryAt,
      checkAtStartup: deps.checkAtStartup?.() ?? true,
    });
    plan.nextAt = at;
    plan.timer = clock.setTimer(() => fire(account.id), at - now);
    deps.onPlanChange?.(account.id, at);
  };

  const planAll = (): void => {
    const accounts = deps.listAccounts();
    const live = new Set(accounts.map((a) => a.id));
    for (const [id, plan] of plans) {
      if (!live.has(id)) {
        disarm(id, plan);
        plans.delete(id);
      }
    }
    for (const account of accounts) arm(account);
  };

  const planOne = (id: number): void => {
    const account = deps.listAccounts().find((a) => a.id === id);
    const plan = plans.get(id);
    if (account) arm(account);
    else if (plan) {
      disarm(id, plan);
      plans.delete(id);
    }
  };

  const fire = (id: number): void => {
    const plan = plans.get(id);
    if (!plan) return;
    plan.timer = null;
    plan.nextAt = null;
    if (paused()) return;
    plan.running = true;
    deps.onPlanChange?.(id, null);
    let retryAt: number | null = null;
    deps
      .runSync(id)
      .then(
        (outcome) => {
          retryAt = outcome.retryAt;
        },
        // The runner reports its own failures; the scheduler only keeps the rhythm.
        () => undefined,
      )
      .finally(() => {
        plan.running = false;
        plan.lastCheckAt = clock.now();
        plan.retryAt = retryAt;
        if (plans.get(id) === plan) planOne(id);
      });
  };

  return {
    start() {
      if (started) return;
      started = true;
      planAll();
    },
    stop() {
      started = false;
      for (const [id, plan] of plans) disarm(id, plan);
    },
    setOnline(value) {
      if (online === value) return;
      online = value;
      planAll();
    },
    setSuspended(value) {
      if (suspended === value) return;
      suspended = value;
      planAll();
    },
    refresh() {
      if (started) planAll();
    },
    noteChecked(accountId, retryAt) {
      const plan = planFor(accountId);
      plan.lastCheckAt = clock.now();
      plan.retryAt = retryAt;
      if (!plan.running && started) planOne(accountId);
    },
    nextCheckAt(accountId) {
      return plans.get(accountId)?.nextAt ?? null;
    },
    get online() {
      return online;
    },
    get suspended() {
      return suspended;
    },
  };
}
