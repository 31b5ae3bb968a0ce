import { describe, expect, it } from 'vitest';
import { emptySelection, moveBy, moveTo, reconcile, toggleAt, type RowLookup } from './selection';

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
