// The message list: a virtualised listbox over the store (100,000 rows scroll without loading them
// all), with multi-select and the keyboard of list-keys.ts. Asks main for pages; never keeps mail.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useReducer,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import type { MessageSortKey, MessageSummary } from '../../shared/model/message';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { setDraggedIds } from './drag';
import { listAction } from './list-keys';
import { MessageRow } from './message-row';
import { MessagePageCache, PAGE_SIZE } from './page-cache';
import {
  afterRefresh,
  emptySelection,
  moveBy,
  moveTo,
  toggleAt,
  type ListSelection,
  type RowLookup,
} from './selection';

export const ROW_HEIGHT = 30;

/** How long the selection rests on a message before the reader shows it: arrowing through the
 *  list does not load every message passed on the way. */
export const SHOW_SELECTED_DELAY_MS = 250;

export interface ListQuery {
  folderId?: number;
  unreadOnly: boolean;
  starredOnly: boolean;
  search: string;
  sort: MessageSortKey;
  order: 'asc' | 'desc';
}

export interface MessageListHandle {
  /** Changes one loaded row in place (read after opening it, say). */
  patch(id: number, change: Partial<MessageSummary>): void;
  focus(): void;
  /** The user removed the selected messages (Delete, Archive, a move): once they leave the list,
   *  the message that takes their place is selected and shown. */
  showNextAfterRemoval(): void;
}

interface MessageListProps {
  query: ListQuery;
  /** Bumped whenever the store changed: the visible rows are read again. */
  version: number;
  openId: number | null;
  onOpen(id: number): void;
  /** The open message is no longer among the rows after the store changed (gone, or moved). */
  onOpenLeft(id: number): void;
  /** A command on the selected messages (keys, context menu); `at` places the menu. */
  onCommand(command: ListCommand, rows: MessageSummary[], at?: { x: number; y: number }): void;
  ref?: Ref<MessageListHandle>;
}

export type ListCommand =
  | 'delete-here'
  | 'delete-from-server'
  | 'archive'
  | 'star'
  | 'toggle-read'
  | 'menu'
  /** A double-click or Enter on a row: the caller decides what opening it means (a draft: edit it). */
  | 'activate';

export function MessageList({
  query,
  version,
  openId,
  onOpen,
  onOpenLeft,
  onCommand,
  ref,
}: MessageListProps) {
  const api = useApi();
  const listId = useId();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const queryRef = useRef(query);
  queryRef.current = query;
  const [cache] = useState(
    () =>
      new MessagePageCache((offset, limit) => {
        const q = queryRef.current;
        return api.messages.list({
          ...(q.folderId === undefined ? {} : { folderId: q.folderId }),
          unreadOnly: q.unreadOnly,
          starredOnly: q.starredOnly,
          ...(q.search.trim() ? { search: q.search.trim() } : {}),
          sort: q.sort,
          order: q.order,
          offset,
          limit,
        });
      }, rerender),
  );
  const [selection, setSelection] = useState<ListSelection>(emptySelection);
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const openRef = useRef(openId);
  openRef.current = openId;
  // Bumped when the user moves the selection: the reader follows after a short pause.
  const [navigation, navigated] = useReducer((n: number) => n + 1, 0);
  const removalPending = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = cache.total ?? 0;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const range = useRef({ first, last });
  range.current = { first, last };

  const lookup = useCallback(
    (): RowLookup => ({
      count: cache.total ?? 0,
      idAt: (i) => cache.rowAt(i)?.id,
      idsBetween: (a, b) => cache.rowsBetween(Math.min(a, b), Math.max(a, b)).map((r) => r.id),
    }),
    [cache],
  );

  // A new query (folder, search, sort) starts at the top; the old rows stay until the new ones come.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    void cache.refresh(0, PAGE_SIZE - 1);
    setSelection(emptySelection);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [cache, queryKey]);

  useEffect(() => {
    if (total > 0) cache.ensure(first, last);
  }, [cache, first, last, total]);

  const seenVersion = useRef(version);
  useEffect(() => {
    if (version === seenVersion.current) return;
    seenVersion.current = version;
    const { first: from, last: to } = range.current;
    const before = selectionRef.current;
    const focusId = before.focus === null ? undefined : cache.rowAt(before.focus)?.id;
    const open = openRef.current;
    const openListed = open !== null && cache.indexOf(open) !== null;
    void cache.refresh(from, Math.max(to, from + PAGE_SIZE - 1)).then(() => {
      const now = selectionRef.current;
      // The user moved on while the rows were read: their selection is the one to keep.
      const followed = now.focus === before.focus ? focusId : undefined;
      const result = afterRefresh(now, followed, {
        ...lookup(),
        indexOf: (id) => cache.indexOf(id),
      });
      setSelection(result.selection);
      if (result.focusGone && removalPending.current) {
        removalPending.current = false;
        navigated();
      }
      if (openListed && open === openRef.current && cache.indexOf(open) === null) onOpenLeft(open);
    });
  }, [cache, version, lookup, onOpenLeft]);

  // The reader shows the selected message once the selection rests on one.
  useEffect(() => {
    if (navigation === 0) return;
    const timer = setTimeout(() => {
      const { focus, selected } = selectionRef.current;
      if (focus === null || selected.size > 1) return;
      const id = cache.rowAt(focus)?.id;
      if (id !== undefined && id !== openRef.current) onOpen(id);
    }, SHOW_SELECTED_DELAY_MS);
    return () => clearTimeout(timer);
  }, [cache, navigation, onOpen]);

  useImperativeHandle(
    ref,
    () => ({
      patch: (id, change) => cache.patch(id, change),
      focus: () => scrollRef.current?.focus(),
      showNextAfterRemoval: () => {
        removalPending.current = true;
      },
    }),
    [cache],
  );

  const selectedIds = (): number[] => {
    if (selection.selected.size) return [...selection.selected];
    const id = selection.focus === null ? undefined : cache.rowAt(selection.focus)?.id;
    return id === undefined ? [] : [id];
  };
  const selectedRows = (): MessageSummary[] =>
    selectedIds().flatMap((id) => {
      const index = cache.indexOf(id);
      const row = index === null ? undefined : cache.rowAt(index);
      return row ? [row] : [];
    });

  const focusRow = (next: ListSelection) => {
    setSelection(next);
    removalPending.current = false;
    if (next.focus !== null) virtualizer.scrollToIndex(next.focus, { align: 'auto' });
    navigated();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1,
    );
    const action = listAction(event, pageRows);
    if (!action) return;
    event.preventDefault();
    const rows = lookup();
    switch (action.type) {
      case 'move':
        focusRow(moveBy(selection, action.delta, rows, { extend: action.extend }));
        break;
      case 'first':
        focusRow(moveTo(selection, 0, rows, { extend: action.extend }));
        break;
      case 'last':
        focusRow(moveTo(selection, rows.count - 1, rows, { extend: action.extend }));
        break;
      case 'toggle':
        if (selection.focus !== null) setSelection(toggleAt(selection, selection.focus, rows));
        break;
      case 'open': {
        const row = selection.focus === null ? undefined : cache.rowAt(selection.focus);
        if (row) {
          onOpen(row.id);
          // Enter opens what a double-click opens (a draft: its editor).
          onCommand('activate', [row]);
        }
        break;
      }
      case 'menu': {
        const rows = selectedRows();
        const active = document.getElementById(rowDomId(selection.focus ?? 0));
        const box = (active ?? scrollRef.current)?.getBoundingClientRect();
        if (rows.length) onCommand('menu', rows, { x: (box?.left ?? 0) + 40, y: box?.bottom ?? 0 });
        break;
      }
      default: {
        const rows = selectedRows();
        if (rows.length) onCommand(action.type, rows);
        break;
      }
    }
  };

  const onRowClickNow = (event: MouseEvent, index: number) => {
    const rows = lookup();
    if (event.type === 'contextmenu') {
      event.preventDefault();
      const id = cache.rowAt(index)?.id;
      // Right-clicking outside the selection selects that row alone, as file managers do.
      const next =
        id !== undefined && selection.selected.has(id) ? selection : moveTo(selection, index, rows);
      setSelection(next);
      const ids = next.selected.size ? [...next.selected] : id === undefined ? [] : [id];
      const chosen = ids.flatMap((one) => {
        const at = cache.indexOf(one);
        const row = at === null ? undefined : cache.rowAt(at);
        return row ? [row] : [];
      });
      if (chosen.length) onCommand('menu', chosen, { x: event.clientX, y: event.clientY });
      return;
    }
    if (event.type === 'dblclick') {
      const row = cache.rowAt(index);
      if (row) onCommand('activate', [row]);
      return;
    }
    if (event.type === 'dragstart') {
      const id = cache.rowAt(index)?.id;
      const dragged =
        id !== undefined && selection.selected.has(id) ? [...selection.selected] : id ? [id] : [];
      const data = (event as DragEvent).dataTransfer;
      if (data && dragged.length) setDraggedIds(data, dragged);
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      setSelection(toggleAt(selection, index, rows));
      return;
    }
    if (event.shiftKey) {
      setSelection(moveTo(selection, index, rows, { extend: true }));
      return;
    }
    setSelection(moveTo(selection, index, rows));
    const id = cache.rowAt(index)?.id;
    if (id !== undefined) onOpen(id);
  };

  // One stable handler for every row, so memoised rows stay untouched while the list scrolls.
  const rowClick = useRef(onRowClickNow);
  rowClick.current = onRowClickNow;
  const onRowClick = useCallback(
    (event: MouseEvent, index: number) => rowClick.current(event, index),
    [],
  );

  const rowDomId = (index: number) => `${listId}-row-${index}`;
  const activeRendered =
    selection.focus !== null && items.some((item) => item.index === selection.focus);
  // "Today" for the date column; re-read when the store changes rather than on every frame.
  const now = useMemo(() => Date.now(), [version]);

  if (cache.total === null)
    return (
      <p className="list-empty" aria-busy="true">
        Loading messages…
      </p>
    );
  if (total === 0)
    return (
      <p className="list-empty">
        {cache.error
          ? describeError(cache.error, { account: '' }).text
          : query.search.trim()
            ? `No message matches “${query.search.trim()}”.`
            : query.unreadOnly || query.starredOnly
              ? 'No message matches the filter.'
              : 'No messages.'}
      </p>
    );

  return (
    <div
      ref={scrollRef}
      className="message-list"
      role="listbox"
      aria-label="Messages"
      aria-multiselectable="true"
      aria-activedescendant={
        activeRendered && selection.focus !== null ? rowDomId(selection.focus) : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (selection.focus === null && total > 0) focusRow(moveTo(selection, 0, lookup()));
      }}
    >
      <div className="message-list-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = cache.rowAt(item.index);
          return (
            <MessageRow
              key={item.index}
              domId={rowDomId(item.index)}
              row={row}
              index={item.index}
              total={total}
              top={item.start}
              height={item.size}
              selected={row ? selection.selected.has(row.id) : false}
              active={selection.focus === item.index}
              open={row ? row.id === openId : false}
              now={now}
              onClick={onRowClick}
            />
          );
        })}
      </div>
    </div>
  );
}
