// What the last move did, for the status bar, with its Undo (Ctrl/Cmd+Z too) while it can be undone.
export interface UndoNote {
  text: string;
  /** Present while the action can be undone. */
  undo?: () => void;
}
