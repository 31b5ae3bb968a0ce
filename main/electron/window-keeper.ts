// The one place that opens or brings back the app window: start-up, the macOS dock (activate), a
// second launch and a notification click all call open(). The closed handler is attached to
// every window it makes, so it never hands out a destroyed one.
import type { BrowserWindow } from 'electron';

export interface WindowKeeper {
  /** Shows the window, making a new one when there is none (or it was closed). */
  open(): BrowserWindow;
  /** The live window, or null. */
  current(): BrowserWindow | null;
}

export function createWindowKeeper(create: () => BrowserWindow): WindowKeeper {
  let window: BrowserWindow | null = null;
  const current = () => (window && !window.isDestroyed() ? window : null);
  return {
    current,
    open() {
      const existing = current();
      if (existing) {
        if (existing.isMinimized()) existing.restore();
        existing.show();
        existing.focus();
        return existing;
      }
      const made = create();
      window = made;
      made.on('closed', () => {
        if (window === made) window = null;
      });
      return made;
    },
  };
}
