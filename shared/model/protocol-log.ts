// The protocol log as the renderer reads it: sessions and their lines, already redacted at the source.

export interface LogSession {
  id: number;
  accountId: number;
  startedAt: number;
  endedAt: number | null;
  /** The sync layer's word for how it ended; null while it runs. */
  outcome: string | null;
  retrieved: number;
  deleted: number;
  error: string | null;
}

/** C: client to server, S: server to client, '*': a note by Popline (e.g. "ended without UPDATE"). */
export type LogDirection = 'C' | 'S' | '*';

export interface LogLine {
  sessionId: number;
  /** Order within the session. */
  seq: number;
  time: number;
  dir: LogDirection;
  text: string;
}

export interface LiveLogLine {
  accountId: number;
  /** Null before the session is recorded. */
  sessionId: number | null;
  time: number;
  dir: LogDirection;
  text: string;
}

export interface LogExport {
  filename: string;
  text: string;
}
