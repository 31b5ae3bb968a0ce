// One session's protocol lines (time, C:/S:, text — already redacted by main), with a text filter,
// copy and export. Draws only the rows in view, so a session of any length scrolls; follows the
// newest line until the user scrolls up, and "Jump to newest" follows it again.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLine, LogSession } from '../../shared/model/protocol-log';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { downloadText } from '../ui/download-text';
import { formatLogTime } from '../ui/format';
import { isAtBottom } from './live-lines';
import { filterLines } from './session-verdict';

/** A one-line row (line-height 18px in CSS): only a wrapped row, measured taller, moves others. */
const ROW_ESTIMATE = 18;
/** Rows drawn beyond the visible ones each way: a short session is drawn whole. */
const OVERSCAN = 120;

/** C: and S: as in every POP3 transcript; Popline's own notes are marked with an asterisk. */
const dirLabel = (dir: LogLine['dir']) => (dir === 'I' ? '*' : `${dir}:`);

export function linesAsText(lines: readonly LogLine[]): string {
  return (
    lines.map((l) => `${formatLogTime(l.time)} ${dirLabel(l.dir)} ${l.text}`).join('\n') + '\n'
  );
}

interface SessionLinesProps {
  session: LogSession;
  lines: readonly LogLine[];
  /** Changes whenever lines were added (the array itself grows in place). */
  version: number;
}

export function SessionLines({ session, lines, version }: SessionLinesProps) {
  const api = useApi();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [note, setNote] = useState('');
  const [following, setFollowing] = useState(true);
  const follow = useRef(true);
  const lastTop = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  // `version` stands for the array having grown in place.
  const shown = useMemo(() => filterLines(lines, filter), [lines, filter, version]);

  // Stable between renders: a new key function makes the virtualizer re-lay every row.
  const keyOf = useCallback((index: number) => shown[index]?.seq ?? index, [shown]);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: keyOf,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const totalSize = virtualizer.getTotalSize();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, totalSize - (items.at(-1)?.end ?? 0));

  const setFollow = (on: boolean) => {
    follow.current = on;
    setFollowing(on);
  };

  // New lines (or rows measured taller) while following: stay at the newest line.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [shown.length, totalSize, following]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // Only the user moves the view up: growing content never lowers scrollTop.
    if (isAtBottom(el)) {
      if (!follow.current) setFollow(true);
    } else if (el.scrollTop < lastTop.current - 1 && follow.current) {
      setFollow(false);
    }
    lastTop.current = el.scrollTop;
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(linesAsText(shown));
      setNote(`Copied ${shown.length} lines.`);
    } catch {
      setNote('Copying was not allowed; use Export instead.');
    }
  };

  const exportSession = async () => {
    const result = await api.log.export({ sessionId: session.id });
    if (!result.ok) {
      setNote(describeError(result.error, { account: '' }).text);
      return;
    }
    downloadText(result.value.filename, result.value.text);
    setNote(`Exported ${result.value.filename}.`);
  };

  return (
    <div className="session-lines">
      <div className="log-tools">
        <label htmlFor={filterId}>Filter lines</label>
        <input
          id={filterId}
          type="text"
          value={filter}
          spellCheck={false}
          onChange={(event) => setFilter(event.target.value)}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={() => void exportSession()}>
          Export
        </button>
        <span className="log-note" aria-live="polite">
          {note}
        </span>
        <span className="log-count">{shown.length.toLocaleString('en-US')} lines</span>
      </div>
      <div className="log-lines-box">
        <div
          ref={scrollRef}
          className="log-table-wrap"
          role="region"
          aria-label="Session lines"
          tabIndex={0}
          onScroll={onScroll}
        >
          <table className="log-table">
            <thead>
              <tr>
                <th scope="col" className="log-time">
                  Time
                </th>
                <th scope="col" className="log-dir">
                  Dir.
                </th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr aria-hidden="true" className="log-spacer">
                  <td colSpan={3} style={{ height: padTop }} />
                </tr>
              ) : null}
              {items.map((item) => {
                const line = shown[item.index];
                if (!line) return null;
                return (
                  <tr
                    key={item.key}
                    ref={virtualizer.measureElement}
                    data-index={item.index}
                    className={`dir-${line.dir === 'I' ? 'note' : line.dir}`}
                  >
                    <td className="log-time">{formatLogTime(line.time)}</td>
                    <td className="log-dir">{dirLabel(line.dir)}</td>
                    <td className="log-text">{line.text}</td>
                  </tr>
                );
              })}
              {padBottom > 0 ? (
                <tr aria-hidden="true" className="log-spacer">
                  <td colSpan={3} style={{ height: padBottom }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        {following ? null : (
          <button type="button" className="log-jump" onClick={() => setFollow(true)}>
            Jump to newest
          </button>
        )}
      </div>
    </div>
  );
}
