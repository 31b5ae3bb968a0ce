// Time as the scheduler sees it: injected so tests drive it by hand, never by waiting.

export type TimerHandle = { readonly __timer: unique symbol };

export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

// setTimeout clamps anything above 2^31-1 ms to 1 ms; longer waits are re-armed in steps.
const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const due = Date.now() + Math.max(0, delayMs);
    const box: { timer?: ReturnType<typeof setTimeout> } = {};
    const arm = (): void => {
      const left = due - Date.now();
      box.timer =
        left > MAX_TIMER_MS
          ? setTimeout(arm, MAX_TIMER_MS)
          : setTimeout(callback, Math.max(0, left));
      box.timer.unref?.();
    };
    arm();
    return box as unknown as TimerHandle;
  },
  clearTimer(handle) {
    const box = handle as unknown as { timer?: ReturnType<typeof setTimeout> };
    if (box.timer !== undefined) clearTimeout(box.timer);
  },
};
