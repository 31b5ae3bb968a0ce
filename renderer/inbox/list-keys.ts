// The message list's keyboard: which key does what. Maps a key press to an action and nothing
// more, so the bindings are read (and tested) in one place.

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export type ListAction =
  | { type: 'move'; delta: number; extend: boolean }
  | { type: 'first'; extend: boolean }
  | { type: 'last'; extend: boolean }
  | { type: 'toggle' }
  | { type: 'open' }
  | { type: 'delete-here' }
  | { type: 'delete-from-server' }
  | { type: 'archive' }
  | { type: 'star' }
  | { type: 'toggle-read' }
  | { type: 'menu' };

export function listAction(press: KeyPress, pageRows: number): ListAction | null {
  const command = press.ctrlKey || press.metaKey;
  const extend = press.shiftKey;
  if (press.altKey) return null;
  switch (press.key) {
    case 'ArrowDown':
      return { type: 'move', delta: 1, extend };
    case 'ArrowUp':
      return { type: 'move', delta: -1, extend };
    case 'j':
    case 'J':
      return command ? null : { type: 'move', delta: 1, extend };
    case 'k':
    case 'K':
      return command ? null : { type: 'move', delta: -1, extend };
    case 'PageDown':
      return { type: 'move', delta: Math.max(1, pageRows), extend };
    case 'PageUp':
      return { type: 'move', delta: -Math.max(1, pageRows), extend };
    case 'Home':
      return { type: 'first', extend };
    case 'End':
      return { type: 'last', extend };
    case ' ':
      return command ? { type: 'toggle' } : null;
    case 'Enter':
      return command ? null : { type: 'open' };
    case 'Delete':
      return press.shiftKey ? { type: 'delete-from-server' } : { type: 'delete-here' };
    case 'a':
    case 'A':
      return command || extend ? null : { type: 'archive' };
    case 's':
    case 'S':
      return command || extend ? null : { type: 'star' };
    case 'u':
    case 'U':
      return command || extend ? null : { type: 'toggle-read' };
    // The context menu from the keyboard: the Menu key, or Shift+F10.
    case 'ContextMenu':
      return { type: 'menu' };
    case 'F10':
      return extend && !command ? { type: 'menu' } : null;
    default:
      return null;
  }
}

/** Ctrl+Z (Cmd+Z on a Mac) undoes the last move, wherever the focus is but in a text field. */
export function isUndoShortcut(press: KeyPress): boolean {
  return (
    (press.ctrlKey || press.metaKey) &&
    !press.altKey &&
    !press.shiftKey &&
    press.key.toLowerCase() === 'z'
  );
}

/** Ctrl+R (Cmd+R on a Mac) gets mail wherever the focus is. */
export function isGetMailShortcut(press: KeyPress): boolean {
  return (
    (press.ctrlKey || press.metaKey) &&
    !press.altKey &&
    !press.shiftKey &&
    press.key.toLowerCase() === 'r'
  );
}
