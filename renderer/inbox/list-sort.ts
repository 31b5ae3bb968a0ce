// How the list is ordered: a key and a direction, each direction named for its key, and what a
// click on a column header does to it.
import type { MessageSortKey } from '../../shared/model/message';

export interface ListSort {
  key: MessageSortKey;
  order: 'asc' | 'desc';
}

export const SORT_KEY_LABELS: Record<MessageSortKey, string> = {
  date: 'Date',
  from: 'Sender',
  subject: 'Subject',
  size: 'Size',
  starred: 'Star',
};

/** The natural first direction of each key: newest, largest and starred first, names A to Z. */
export const DEFAULT_ORDER: Record<MessageSortKey, 'asc' | 'desc'> = {
  date: 'desc',
  from: 'asc',
  subject: 'asc',
  size: 'desc',
  starred: 'desc',
};

export const ORDER_LABELS: Record<MessageSortKey, { asc: string; desc: string }> = {
  date: { desc: 'Newest first', asc: 'Oldest first' },
  from: { asc: 'A to Z', desc: 'Z to A' },
  subject: { asc: 'A to Z', desc: 'Z to A' },
  size: { desc: 'Largest first', asc: 'Smallest first' },
  starred: { desc: 'Starred first', asc: 'Starred last' },
};

/** A click on a column: the same column turns the order round, another starts in its own. */
export function sortByColumn(current: ListSort, key: MessageSortKey): ListSort {
  if (current.key !== key) return { key, order: DEFAULT_ORDER[key] };
  return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
}
