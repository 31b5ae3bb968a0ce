import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { createWindowKeeper } from './window-keeper';

/** A window that, like Electron's, throws when used after it was destroyed. */
function fakeWindow(log: string[], name: string) {
  let destroyed = false;
  const closed: (() => void)[] = [];
  const use = (what: string) => {
    if (destroyed) throw new Error('Object has been destroyed');
    log.push(`${name}.${what}`);
  };
  const window = {
    isDestroyed: () => destroyed,
    isMinimized: () => (use('isMinimized'), true),
    restore: () => use('restore'),
    show: () => use('show'),
    focus: () => use('focus'),
    on: (event: string, handler: () => void) => {
      if (event === 'closed') closed.push(handler);
    },
    close() {
      destroyed = true;
      for (const handler of closed) handler();
    },
  };
  return window;
}

describe('the window keeper', () => {
  it('makes a window when there is none and brings back the live one otherwise', () => {
    const log: string[] = [];
    const made: ReturnType<typeof fakeWindow>[] = [];
    const keeper = createWindowKeeper(() => {
      const window = fakeWindow(log, `w${made.length + 1}`);
      made.push(window);
      return window as unknown as BrowserWindow;
    });
    expect(keeper.current()).toBeNull();
    keeper.open();
    keeper.open();
    expect(made).toHaveLength(1);
    expect(log).toEqual(['w1.isMinimized', 'w1.restore', 'w1.show', 'w1.focus']);
    made[0]?.close();
    expect(keeper.current()).toBeNull();
    keeper.open();
    made[1]?.close();
    keeper.open();
    expect(made).toHaveLength(3);
    expect(keeper.current()).toBe(made[2]);
  });

  it('never hands out a window destroyed without its closed event', () => {
    const gone = { isDestroyed: () => true, on() {} };
    const fresh = { isDestroyed: () => false, on() {} };
    const queue = [gone, fresh];
    const keeper = createWindowKeeper(() => queue.shift() as unknown as BrowserWindow);
    keeper.open();
    expect(keeper.current()).toBeNull();
    expect(keeper.open()).toBe(fresh);
  });
});
