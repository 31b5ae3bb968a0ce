import { describe, expect, it } from 'vitest';
import {
  afterRefresh,
  emptySelection,
  moveBy,
  moveTo,
  reconcile,
  toggleAt,
  type RowLookup,
} from './selection';

/** Rows 0..count-1 carrying ids 100+index. */
const rows = (count: number): RowLookup => ({
  count,
  idAt: (i) => (i >= 0 && i < count ? 100 + i : undefined),
  idsBetween: (a, b) => Array.from({ length: b - a + 1 }, (_, k) => 100 + a + k),
});

describe('list selection', () => {
  it('starts at the first row when moving down with nothing focused', () => {
    const s = moveBy(emptySelection, 1, rows(5));
    expect(s.focus).toBe(0);
    expect([...s.selected]).toEqual([100]);
  });

  it('stays inside the list at both ends', () => {
    expect(moveBy(moveTo(emptySelection, 4, rows(5)), 1, rows(5)).focus).toBe(4);
    expect(moveBy(moveTo(emptySelection, 0, rows(5)), -1, rows(5)).focus).toBe(0);
  });

  it('extends from the anchor with Shift, in either direction', () => {
    const start = moveTo(emptySelection, 2, rows(10));
    const down = moveBy(moveBy(start, 1, rows(10), { extend: true }), 1, rows(10), {
      extend: true,
    });
    expect([...down.selected]).toEqual([102, 103, 104]);
    const up = moveTo(start, 0, rows(10), { extend: true });
    expect([...up.selected]).toEqual([100, 101, 102]);
  });

  it('toggles single rows without losing the others', () => {
    let s = moveTo(emptySelection, 1, rows(5));
    s = toggleAt(s, 3, rows(5));
    expect([...s.selected].sort()).toEqual([101, 103]);
    s = toggleAt(s, 1, rows(5));
    expect([...s.selected]).toEqual([103]);
  });

  it('pulls the focus back into a list that shrank', () => {
    const s = reconcile(moveTo(emptySelection, 9, rows(10)), rows(4));
    expect(s.focus).toBe(3);
    expect(reconcile(s, rows(0))).toEqual(emptySelection);
  });
});

/** A list showing these ids in this order. */
const listing = (ids: number[]) => ({
  count: ids.length,
  idAt: (i: number) => ids[i],
  idsBetween: (a: number, b: number) => ids.slice(a, b + 1),
  indexOf: (id: number) => (ids.includes(id) ? ids.indexOf(id) : null),
});

describe('the selection after the store changed', () => {
  it('follows the focused message when new mail arrives above it', () => {
    const before = moveTo(emptySelection, 1, listing([10, 11, 12]));
    const { selection, focusGone } = afterRefresh(before, 11, listing([20, 21, 10, 11, 12]));
    expect(focusGone).toBe(false);
    expect(selection.focus).toBe(3);
    expect([...selection.selected]).toEqual([11]);
  });

  it('puts the focus on the next message when the focused one is gone', () => {
    const before = moveTo(emptySelection, 1, listing([10, 11, 12]));
    const { selection, focusGone } = afterRefresh(before, 11, listing([10, 12]));
    expect(focusGone).toBe(true);
    expect(selection.focus).toBe(1);
    expect([...selection.selected]).toEqual([12]);
  });

  it('takes the new last message when the last one is gone, and nothing when none is left', () => {
    const before = moveTo(emptySelection, 2, listing([10, 11, 12]));
    expect([...afterRefresh(before, 12, listing([10, 11])).selection.selected]).toEqual([11]);
    expect(afterRefresh(before, 12, listing([])).selection).toEqual(emptySelection);
  });

  it('forgets selected messages that are no longer listed', () => {
    let s = moveTo(emptySelection, 0, listing([10, 11, 12]));
    s = toggleAt(s, 2, listing([10, 11, 12]));
    const { selection } = afterRefresh(s, 12, listing([11, 12]));
    expect([...selection.selected]).toEqual([12]);
    expect(selection.focus).toBe(1);
  });
});
