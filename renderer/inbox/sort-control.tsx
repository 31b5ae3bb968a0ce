// The list's order as two menus (key, direction), beside the clickable column headers.
import { useId } from 'react';
import { messageSortKeys, type MessageSortKey } from '../../shared/model/message';
import { DEFAULT_ORDER, ORDER_LABELS, SORT_KEY_LABELS, type ListSort } from './list-sort';

export type { ListSort } from './list-sort';

export function SortControl({
  sort,
  onChange,
}: {
  sort: ListSort;
  onChange(sort: ListSort): void;
}) {
  const keyId = useId();
  const orderId = useId();
  const labels = ORDER_LABELS[sort.key];
  return (
    <div className="sort-control">
      <label htmlFor={keyId}>Sort by</label>
      <select
        id={keyId}
        value={sort.key}
        onChange={(event) => {
          const key = event.target.value as MessageSortKey;
          onChange({ key, order: DEFAULT_ORDER[key] });
        }}
      >
        {messageSortKeys.map((key) => (
          <option key={key} value={key}>
            {SORT_KEY_LABELS[key]}
          </option>
        ))}
      </select>
      <label htmlFor={orderId} className="visually-hidden">
        Order
      </label>
      <select
        id={orderId}
        value={sort.order}
        onChange={(event) => onChange({ ...sort, order: event.target.value as 'asc' | 'desc' })}
      >
        <option value={DEFAULT_ORDER[sort.key]}>{labels[DEFAULT_ORDER[sort.key]]}</option>
        <option value={DEFAULT_ORDER[sort.key] === 'asc' ? 'desc' : 'asc'}>
          {labels[DEFAULT_ORDER[sort.key] === 'asc' ? 'desc' : 'asc']}
        </option>
      </select>
    </div>
  );
}
