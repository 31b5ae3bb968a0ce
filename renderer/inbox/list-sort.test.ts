import { describe, expect, it } from 'vitest';
import { sortByColumn } from './list-sort';

describe('sorting by a column header', () => {
  it('starts a new column in its natural order', () => {
    expect(sortByColumn({ key: 'date', order: 'desc' }, 'from')).toEqual({
      key: 'from',
      order: 'asc',
    });
    expect(sortByColumn({ key: 'from', order: 'asc' }, 'size')).toEqual({
      key: 'size',
      order: 'desc',
    });
    expect(sortByColumn({ key: 'date', order: 'asc' }, 'starred')).toEqual({
      key: 'starred',
      order: 'desc',
    });
  });

  it('turns the order round on a second click of the same column', () => {
    expect(sortByColumn({ key: 'date', order: 'desc' }, 'date')).toEqual({
      key: 'date',
      order: 'asc',
    });
    expect(sortByColumn({ key: 'date', order: 'asc' }, 'date')).toEqual({
      key: 'date',
      order: 'desc',
    });
  });
});
