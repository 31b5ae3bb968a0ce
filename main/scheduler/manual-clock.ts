// A clock that moves only when told to: for tests of anything scheduled. Never reads real time.
import type { Clock, TimerHandle } from './clock';

interface PendingTimer {
  due: number;
  order: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private order = 0;
  private readonly timers = new Map<TimerHandle, PendingTimer>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const handle = {} as TimerHandle;
    this.timers.set(handle, {
      due: this.current + Math.max(0, delayMs),
      order: this.order++,
      callback,
    });
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle);
  }

  /** When the earliest pending timer fires, or null when none is pending. */
  nextDue(): number | null {
    let best: number | null = null;
    for (const timer of this.timers.values())
      if (best === null || timer.due < best) best = timer.due;
    return best;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward, firing due timers in order; between timers it lets promise callbacks
   * run, so async work started by one timer can settle before the next fires.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.earliest();
      if (next === null || next[1].due > target) break;
      this.timers.delete(next[0]);
      this.current = Math.max(this.current, next[1].due);
      next[1].callback();
    }
    this.current = target;
    await flushMicrotasks();
  }

  private earliest(): [TimerHandle, PendingTimer] | null {
    let best: [TimerHandle, PendingTimer] | null = null;
    for (const entry of this.timers) {
      const [, t] = entry;
      if (
        best === null ||
        t.due < best[1].due ||
        (t.due === best[1].due && t.order < best[1].order)
      )
        best = entry;
    }
    return best;
  }
}

/** Lets every queued promise callback run (one turn of the event loop; no time passes on the clock). */
export async function flushMicrotasks(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
