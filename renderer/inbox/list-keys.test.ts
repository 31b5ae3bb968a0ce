import { describe, expect, it } from 'vitest';
import { isGetMailShortcut, isUndoShortcut, listAction, type KeyPress } from './list-keys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('message list keys', () => {
  it('moves with the arrows and with j and k', () => {
    expect(listAction(press('ArrowDown'), 10)).toEqual({ type: 'move', delta: 1, extend: false });
    expect(listAction(press('j'), 10)).toEqual({ type: 'move', delta: 1, extend: false });
    expect(listAction(press('k'), 10)).toEqual({ type: 'move', delta: -1, extend: false });
    expect(listAction(press('ArrowUp', { shiftKey: true }), 10)).toEqual({
      type: 'move',
      delta: -1,
      extend: true,
    });
  });

  it('archives with A, stars with S, toggles read with U, opens the menu with Menu or Shift+F10', () => {
    expect(listAction(press('a'), 10)).toEqual({ type: 'archive' });
    expect(listAction(press('S'), 10)).toEqual({ type: 'star' });
    expect(listAction(press('u'), 10)).toEqual({ type: 'toggle-read' });
    expect(listAction(press('a', { ctrlKey: true }), 10)).toBeNull();
    expect(listAction(press('ContextMenu'), 10)).toEqual({ type: 'menu' });
    expect(listAction(press('F10', { shiftKey: true }), 10)).toEqual({ type: 'menu' });
    expect(listAction(press('F10'), 10)).toBeNull();
  });

  it('undoes with Ctrl+Z or Cmd+Z only', () => {
    expect(isUndoShortcut(press('z', { ctrlKey: true }))).toBe(true);
    expect(isUndoShortcut(press('Z', { metaKey: true }))).toBe(true);
    expect(isUndoShortcut(press('z'))).toBe(false);
    expect(isUndoShortcut(press('z', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it('opens with Enter', () => {
    expect(listAction(press('Enter'), 10)).toEqual({ type: 'open' });
  });

  it('deletes here with Delete and from the server too with Shift+Delete', () => {
    expect(listAction(press('Delete'), 10)).toEqual({ type: 'delete-here' });
    expect(listAction(press('Delete', { shiftKey: true }), 10)).toEqual({
      type: 'delete-from-server',
    });
  });

  it('leaves other keys and browser shortcuts alone', () => {
    expect(listAction(press('x'), 10)).toBeNull();
    expect(listAction(press('k', { ctrlKey: true }), 10)).toBeNull();
    expect(listAction(press(' '), 10)).toBeNull();
  });

  it('gets mail with Ctrl+R or Cmd+R only', () => {
    expect(isGetMailShortcut(press('r', { ctrlKey: true }))).toBe(true);
    expect(isGetMailShortcut(press('r', { metaKey: true }))).toBe(true);
    expect(isGetMailShortcut(press('r'))).toBe(false);
    expect(isGetMailShortcut(press('R', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
