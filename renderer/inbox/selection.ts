// Which messages are selected and which row has the keyboard focus, as plain data: moving,
// extending with Shift, toggling with Ctrl/Cmd. Knows rows only through the lookups it is given.

export interface ListSelection {
  /** The row the keyboard is on. */
  focus: number | null;
  /** Where a Shift-extension starts. */
  anchor: number | null;
  /** Message ids. */
  selected: ReadonlySet<number>;
}

export interface RowLookup {
  count: number;
  idAt(index: number): number | undefined;
  /** Ids of the loaded rows from a to b inclusive, in either order. */
  idsBetween(a: number, b: number): number[];
}

export const emptySelection: ListSelection = { focus: null, anchor: null, selected: new Set() };

const clamp = (index: number, count: number) => Math.min(Math.max(index, 0), count - 1);

/** Puts the focus on `index`; alone it selects that row, with `extend` the range from the anchor. */
export function moveTo(
  state: ListSelection,
  index: number,
  rows: RowLookup,
  options: { extend?: boolean } = {},
): ListSelection {
  if (rows.count === 0) return emptySelection;
  const focus = clamp(index, rows.count);
  if (options.extend && state.anchor !== null) {
    const a = Math.min(state.anchor, focus);
    const b = Math.max(state.anchor, focus);
    return { focus, anchor: state.anchor, selected: new Set(rows.idsBetween(a, b)) };
  }
  const id = rows.idAt(focus);
  return { focus, anchor: focus, selected: new Set(id === undefined ? [] : [id]) };
}

/** Moves by `delta` rows from the focus (from the top when nothing has it yet). */
export function moveBy(
  state: ListSelection,
  delta: number,
  rows: RowLookup,
  options: { extend?: boolean } = {},
): ListSelection {
  const from = state.focus ?? (delta > 0 ? -1 : rows.count);
  return moveTo(state, from + delta, rows, options);
}

/** Ctrl/Cmd-click or Ctrl+Space: adds or removes one row and keeps the rest. */
export function toggleAt(state: ListSelection, index: number, rows: RowLookup): ListSelection {
  const id = rows.idAt(index);
  if (id === undefined) return state;
  const selected = new Set(state.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { focus: index, anchor: index, selected };
}

/** After the rows changed under it: keeps the focus in range and forgets ids no longer shown. */
export function reconcile(state: ListSelection, rows: RowLookup): ListSelection {
  if (rows.count === 0) return emptySelection;
  const focus = state.focus === null ? null : clamp(state.focus, rows.count);
  const anchor = state.anchor === null ? null : clamp(state.anchor, rows.count);
  return { focus, anchor, selected: state.selected };
}

/**
 * After the store changed under the list: the focus follows its message to wherever it now is
 * (new mail above must not move the reader to another message), selected messages no longer
 * listed are forgotten, and when the focused message itself is gone the focus stays at its place,
 * on the message that took it (the next one), which alone is selected. `focusGone` says which.
 */
export function afterRefresh(
  state: ListSelection,
  focusId: number | undefined,
  rows: RowLookup & { indexOf(id: number): number | null },
): { selection: ListSelection; focusGone: boolean } {
  if (rows.count === 0) return { selection: emptySelection, focusGone: focusId !== undefined };
  const kept = new Set([...state.selected].filter((id) => rows.indexOf(id) !== null));
  if (focusId === undefined || state.focus === null)
    return { selection: reconcile({ ...state, selected: kept }, rows), focusGone: false };
  const now = rows.indexOf(focusId);
  if (now === null) return { selection: moveTo(state, state.focus, rows), focusGone: true };
  const shift = now - state.focus;
  const anchor = state.anchor === null ? null : clamp(state.anchor + shift, rows.count);
  return { selection: { focus: now, anchor, selected: kept }, focusGone: false };
}
