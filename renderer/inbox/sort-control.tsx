// How the list is ordered: a key (date, sender, subject, size) and a direction named for the key.
import { useId } from 'react';
import type { MessageSortKey } from '../../shared/model/message';

export interface ListSort {
  key: MessageSortKey;
  order: 'asc' | 'desc';
}

const KEYS: ReadonlyArray<{ value: MessageSortKey; label: string }> = [
  { value: 'date', label: 'Date' },
  { value: 'from', label: 'Sender' },
  { value: 'subject', label: 'Subject' },
  { value: 'size', label: 'Size' },
];

/** The natural first direction of each key: newest and largest first, names A to Z. */
const DEFAULT_ORDER: Record<MessageSortKey, 'asc' | 'desc'> = {
  date: 'desc',
  from: 'asc',
  subject: 'asc',
  size: 'desc',
};

const ORDER_LABELS: Record<MessageSortKey, { asc: string; desc: string }> = {
  date: { desc: 'Newest first', asc: 'Oldest first' },
  from: { asc: 'A to Z', desc: 'Z to A' },
  subject: { asc: 'A to Z', desc: 'Z to A' },
  size: { desc: 'Largest first', asc: 'Smallest first' },
};

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
        {KEYS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
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
