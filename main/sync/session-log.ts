// Collects one session's protocol log (already redacted by the engine) plus Popline's own
// informational lines, numbers them, and writes them to the store in batches so the log survives
// a crash. Each line is handed on live the moment it exists, with the number it is stored under,
// so a reader can tell a gap from a quiet server without waiting for a batch to reach the store.
import type { ProtocolLogEntry } from '../pop3';
import type { SessionLogLine, SyncPort } from './sync-port';

const FLUSH_EVERY = 64;

/** A line with its place in the session: 1, 2, 3… with no gaps, the same number the store keeps. */
export type NumberedLogLine = SessionLogLine & { seq: number };

export class SessionLog {
  private pending: NumberedLogLine[] = [];
  private seq = 0;

  constructor(
    private readonly port: SyncPort,
    private readonly sessionId: number,
    private readonly now: () => number,
    private readonly onLine?: (line: NumberedLogLine) => void,
  ) {}

  readonly protocol = (e: ProtocolLogEntry): void => this.push(e);

  info(text: string): void {
    this.push({ time: this.now(), dir: 'I', text });
  }

  private push(line: SessionLogLine): void {
    const numbered: NumberedLogLine = {
      time: line.time,
      dir: line.dir,
      text: line.text,
      seq: ++this.seq,
    };
    this.pending.push(numbered);
    this.onLine?.(numbered);
    if (this.pending.length >= FLUSH_EVERY) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.port.appendLog(this.sessionId, batch);
  }
}
