// One row of the message list: sender, subject, date, size, unread in bold, an attachment mark.
// Its accessible name says the same in words; it is positioned by the virtual list, not by itself.
import { memo, type MouseEvent } from 'react';
import type { MessageSummary } from '../../shared/model/message';
import { formatFullDate, formatListDate, formatSize, senderLabel } from '../ui/format';

interface MessageRowProps {
  domId: string;
  row: MessageSummary | undefined;
  index: number;
  total: number;
  top: number;
  height: number;
  selected: boolean;
  active: boolean;
  open: boolean;
  now: number;
  onClick(event: MouseEvent, index: number): void;
}

/** Drawn inline: no icon font or emoji font is needed on any platform. */
function PaperclipIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" focusable="false">
      <path
        d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.8 1.8l5-5a2.6 2.6 0 0 0-3.7-3.7l-5.2 5.2a3.9 3.9 0 0 0 5.5 5.5l4.3-4.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function rowName(row: MessageSummary, now: number): string {
  const parts = [
    row.read ? null : 'Unread',
    row.starred ? 'Starred' : null,
    senderLabel(row.from),
    row.subject || '(no subject)',
    row.hasAttachments ? 'has attachment' : null,
    row.deleteFromServerPending ? 'to be deleted from the server' : null,
    formatListDate(row.date ?? row.receivedAt, now),
    formatSize(row.size),
  ];
  return parts.filter(Boolean).join(', ');
}

/** Memoised: while scrolling, rows that stay in view are not drawn again. */
export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const { row, index, total, top, height, selected, active, open, now } = props;
  const className = [
    'message-row',
    row && !row.read ? 'unread' : '',
    selected ? 'selected' : '',
    active ? 'active' : '',
    open ? 'open' : '',
    row?.deleteFromServerPending ? 'pending-delete' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={props.domId}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-label={row ? rowName(row, now) : `Loading message ${index + 1}`}
      className={className}
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={(event) => props.onClick(event, index)}
      onDoubleClick={(event) => props.onClick(event, index)}
      onContextMenu={(event) => props.onClick(event, index)}
      draggable={row !== undefined}
      onDragStart={(event) => props.onClick(event, index)}
    >
      {row ? (
        <>
          <span className="cell cell-flag" aria-hidden="true">
            {row.read ? '' : '●'}
          </span>
          <span className={`cell cell-star${row.starred ? ' starred' : ''}`} aria-hidden="true">
            {row.starred ? '★' : '☆'}
          </span>
          <span className="cell cell-from">{senderLabel(row.from)}</span>
          <span className="cell cell-subject">
            {row.subject || '(no subject)'}
            {row.snippet ? <span className="snippet"> — {row.snippet}</span> : null}
          </span>
          <span className="cell cell-attach" aria-hidden="true">
            {row.hasAttachments ? <PaperclipIcon /> : null}
          </span>
          <span className="cell cell-date" title={formatFullDate(row.date ?? row.receivedAt)}>
            {formatListDate(row.date ?? row.receivedAt, now)}
          </span>
          <span className="cell cell-size">{formatSize(row.size)}</span>
        </>
      ) : (
        <span className="cell cell-loading" aria-hidden="true">
          …
        </span>
      )}
    </div>
  );
});
