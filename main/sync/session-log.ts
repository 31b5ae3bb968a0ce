// Collects one session's protocol log (already redacted by the engine) plus Popline's own
// informational lines, and writes them to the store in batches so the log survives a crash.
import type { ProtocolLogEntry } from '../pop3';
import type { SessionLogLine, SyncPort } from './sync-port';

const FLUSH_EVERY = 64;

export class SessionLog {
  private pending: SessionLogLine[] = [];

  constructor(
    private readonly port: SyncPort,
    private readonly sessionId: number,
    private readonly now: () => number,
    private readonly onLine?: (line: SessionLogLine) => void,
  ) {}

  readonly protocol = (e: ProtocolLogEntry): void => this.push(e);

  info(text: string): void {
    this.push({ time: this.now(), dir: 'I', text });
  }

  private push(line: SessionLogLine): void {
    this.pending.push(line);
    this.onLine?.(line);
    if (this.pending.length >= FLUSH_EVERY) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.port.appendLog(this.sessionId, batch);
  }
}
