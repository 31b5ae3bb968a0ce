// When each account is checked next: a clock, the next-check rule and the scheduler itself.
export { systemClock, type Clock, type TimerHandle } from './clock';
export { effectiveIntervalMs, nextCheckAt } from './next-check';
export type { CheckTiming, NextCheckInput } from './next-check';
export { createScheduler, type Scheduler, type SchedulerAccount } from './scheduler';
export type { SchedulerDeps } from './scheduler';
