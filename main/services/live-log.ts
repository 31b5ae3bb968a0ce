// A running session's protocol-log lines on their way to the renderer: gathered per session and
// sent as one event every ~50 ms (sooner when a batch is large), so a busy session costs a few
// events a second instead of one per line, and the panel never waits for the store's batches.
import type { LiveLogBatch, LogLine } from '../../shared/model/protocol-log';

export const LIVE_LOG_DELAY_MS = 50;
/** A batch this long goes at once: bounds the memory held and the size of one event. */
export const LIVE_LOG_MAX_LINES = 500;

export interface LiveLog {
  add(accountId: number, line: LogLine): void;
  /** Sends everything gathered so far (a session ended: its last lines must not wait). */
  flush(): void;
}

export function createLiveLog(
  emit: (batch: LiveLogBatch) => void,
  delayMs = LIVE_LOG_DELAY_MS,
  maxLines = LIVE_LOG_MAX_LINES,
): LiveLog {
  let pending = new Map<number, LiveLogBatch>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batches = [...pending.values()];
    pending = new Map();
    for (const batch of batches) emit(batch);
  };

  return {
    add(accountId, line) {
      let batch = pending.get(line.sessionId);
      if (!batch) {
        batch = { accountId, sessionId: line.sessionId, lines: [] };
        pending.set(line.sessionId, batch);
      }
      batch.lines.push(line);
      if (batch.lines.length >= maxLines) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    flush,
  };
}
