// Says that only a message's headers were downloaded (the account's size limit) and lets the user
// ask for the whole of it. Asks main only when clicked; the download happens in a sync of the account.
import type { FullFetchState } from '../../shared/model/message';
import { formatSize } from '../ui/format';

interface FullFetchBarProps {
  state: FullFetchState;
  /** Octets on the server. */
  size: number;
  /** The request and its sync are under way. */
  busy: boolean;
  /** Why the last request failed, in words. */
  problem: string | null;
  onFetch(): void;
}

function explanation(state: FullFetchState, size: number): string {
  const why = `Only the headers were downloaded: this message (${formatSize(size)}) is larger than the account’s size limit.`;
  if (state === 'gone')
    return `${why} The server no longer has it, so the rest cannot be downloaded.`;
  if (state === 'requested')
    return `${why} The whole message will be downloaded at the next check.`;
  return `${why} The rest is still on the server.`;
}

export function FullFetchBar({ state, size, busy, problem, onFetch }: FullFetchBarProps) {
  return (
    <div className="full-fetch-bar">
      <p>{explanation(state, size)}</p>
      {state === 'gone' ? null : (
        <button type="button" onClick={onFetch} disabled={busy}>
          Download the whole message
        </button>
      )}
      <span className="full-fetch-note" aria-live="polite">
        {busy ? 'Downloading…' : (problem ?? '')}
      </span>
    </div>
  );
}
