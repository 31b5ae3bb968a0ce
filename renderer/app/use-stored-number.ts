// A number remembered in localStorage across runs (the log panel's height). Falls back quietly.
import { useCallback, useState } from 'react';

export function useStoredNumber(key: string, fallback: number): [number, (value: number) => void] {
  const [value, setValue] = useState(() => {
    try {
      const stored = Number(window.localStorage.getItem(key));
      return Number.isFinite(stored) && stored > 0 ? stored : fallback;
    } catch {
      return fallback;
    }
  });
  const store = useCallback(
    (next: number) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, String(next));
      } catch {
        // Storage may be off; the value still holds for this run.
      }
    },
    [key],
  );
  return [value, store];
}
