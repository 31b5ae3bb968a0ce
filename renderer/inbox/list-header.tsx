// The message list's column headers: a click sorts by that column (again: the other way round),
// and the edges of Sender, Date and Size drag (or take arrow keys) to resize; widths are kept.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { MessageSortKey } from '../../shared/model/message';
import { useStoredNumber } from '../app/use-stored-number';
import { ResizeHandle } from '../ui/resize-handle';
import { ORDER_LABELS, SORT_KEY_LABELS, sortByColumn, type ListSort } from './list-sort';

export interface ColumnWidths {
  /** 0: not resized yet, a share of the list (the subject is what people scan). */
  from: number;
  date: number;
  size: number;
}

const DEFAULT_WIDTHS: ColumnWidths = { from: 0, date: 108, size: 64 };
const LIMITS: Record<keyof ColumnWidths, { min: number; max: number }> = {
  from: { min: 60, max: 600 },
  date: { min: 60, max: 260 },
  size: { min: 40, max: 160 },
};

/** The widths the user gave the columns, remembered across runs. */
export function useColumnWidths(): [
  ColumnWidths,
  (column: keyof ColumnWidths, px: number) => void,
] {
  const [from, setFrom] = useStoredNumber('popline.column.from', DEFAULT_WIDTHS.from);
  const [date, setDate] = useStoredNumber('popline.column.date', DEFAULT_WIDTHS.date);
  const [size, setSize] = useStoredNumber('popline.column.size', DEFAULT_WIDTHS.size);
  const setters = { from: setFrom, date: setDate, size: setSize };
  return [{ from, date, size }, (column, px) => setters[column](px)];
}

/** CSS variables the header and every row read, so a resize moves both at once. */
export function columnStyle(widths: ColumnWidths): CSSProperties {
  return {
    '--col-from': widths.from > 0 ? `${widths.from}px` : '24%',
    '--col-date': `${widths.date}px`,
    '--col-size': `${widths.size}px`,
  } as CSSProperties;
}

interface ListHeaderProps {
  sort: ListSort;
  onSort(sort: ListSort): void;
  widths: ColumnWidths;
  onResize(column: keyof ColumnWidths, px: number): void;
}

export function ListHeader({ sort, onSort, widths, onResize }: ListHeaderProps) {
  const fromRef = useRef<HTMLDivElement>(null);
  // Until the sender column is resized it is a share of the list; a drag starts from its width.
  const [autoFrom, setAutoFrom] = useState(160);
  useEffect(() => {
    const cell = fromRef.current;
    if (!cell) return;
    const observer = new ResizeObserver(() => setAutoFrom(Math.round(cell.offsetWidth)));
    observer.observe(cell);
    return () => observer.disconnect();
  }, []);

  const button = (key: MessageSortKey, text: string) => {
    const active = sort.key === key;
    const label = SORT_KEY_LABELS[key];
    return (
      <button
        type="button"
        className="column-button"
        aria-label={active ? `${label}, sorted ${ORDER_LABELS[key][sort.order]}` : label}
        title={`Sort by ${label.toLowerCase()}`}
        onClick={() => onSort(sortByColumn(sort, key))}
      >
        <span className="column-text">{text}</span>
        {active ? (
          <span className="sort-arrow" aria-hidden="true">
            {sort.order === 'asc' ? '▲' : '▼'}
          </span>
        ) : null}
      </button>
    );
  };
  const handle = (column: keyof ColumnWidths, label: string, size: number, grows: 1 | -1) => (
    <ResizeHandle
      className={`column-resize ${grows === 1 ? 'at-end' : 'at-start'}`}
      label={`Resize the ${label} column`}
      orientation="vertical"
      grows={grows}
      step={16}
      size={size}
      min={LIMITS[column].min}
      max={LIMITS[column].max}
      onResize={(px) => onResize(column, px)}
    />
  );

  return (
    <div className="list-header" role="group" aria-label="Columns: click to sort">
      <span className="cell cell-flag" />
      <div className="cell cell-star">{button('starred', '☆')}</div>
      <div className="cell cell-from" ref={fromRef}>
        {button('from', 'Sender')}
        {handle('from', 'Sender', widths.from > 0 ? widths.from : autoFrom, 1)}
      </div>
      <div className="cell cell-subject">{button('subject', 'Subject')}</div>
      <span className="cell cell-attach" />
      <div className="cell cell-date">
        {handle('date', 'Date', widths.date, -1)}
        {button('date', 'Date')}
      </div>
      <div className="cell cell-size">
        {handle('size', 'Size', widths.size, -1)}
        {button('size', 'Size')}
      </div>
    </div>
  );
}
