// One session's protocol lines (time, C:/S:, text — already redacted by main), with a text filter,
// copy and export. Shows the lines as they are; never rewrites them.
import { useId, useState } from 'react';
import type { LogLine, LogSession } from '../../shared/model/protocol-log';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { downloadText } from '../ui/download-text';
import { formatLogTime } from '../ui/format';
import { filterLines } from './session-verdict';

/** Beyond this many lines only the first are drawn; export has them all. */
const MAX_DRAWN = 5000;

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
}

export function SessionLines({ session, lines }: SessionLinesProps) {
  const api = useApi();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [note, setNote] = useState('');
  const shown = filterLines(lines, filter);
  const drawn = shown.slice(0, MAX_DRAWN);

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
      </div>
      <div className="log-table-wrap" role="region" aria-label="Session lines" tabIndex={0}>
        <table className="log-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Dir.</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {drawn.map((line) => (
              <tr key={line.seq} className={`dir-${line.dir === 'I' ? 'note' : line.dir}`}>
                <td className="log-time">{formatLogTime(line.time)}</td>
                <td className="log-dir">{dirLabel(line.dir)}</td>
                <td className="log-text">{line.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > drawn.length ? (
          <p className="log-more">
            Showing the first {drawn.length} of {shown.length} lines; export the session for all of
            them.
          </p>
        ) : null}
      </div>
    </div>
  );
}
