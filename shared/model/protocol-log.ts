// The protocol log as the renderer reads it: sessions and their lines, already redacted at the source.

export interface LogSession {
  id: number;
  /** null only for an SMTP session of an identity without a POP3 account. */
  accountId: number | null;
  protocol: 'pop3' | 'smtp';
  /** For an SMTP session: who sent through which server ("ann@example.org via smtp.example.org"). */
  sender: string | null;
  startedAt: number;
  endedAt: number | null;
  /** 'running' while it runs; then the sync layer's word ('ok', 'partial', 'error', 'interrupted'…). */
  outcome: string;
  retrieved: number;
  /** Deletions the server confirmed with QUIT +OK. */
  deleted: number;
  skipped: number;
  /** QUIT was answered +OK: the server applied the session's deletions (RFC 1939 UPDATE). */
  reachedUpdate: boolean;
  /** The server's reply to QUIT, as logged; null when the session never got that far. */
  quitReply: string | null;
  errorKind: string | null;
  errorMessage: string | null;
}

/** C: client to server, S: server to client, I: a note by Popline (e.g. "ended without UPDATE"). */
export type LogDirection = 'C' | 'S' | 'I';

export interface LogLine {
  sessionId: number;
  /** 1, 2, 3… within the session. */
  seq: number;
  time: number;
  dir: LogDirection;
  text: string;
}

/**
 * Lines of a running session as they happen, in seq order, a few at a time (main gathers ~50 ms
 * of them). A seq that does not follow the last one seen means lines were missed: ask log.lines.
 */
export interface LiveLogBatch {
  /** null for an SMTP session of an identity without a POP3 account. */
  accountId: number | null;
  sessionId: number;
  lines: LogLine[];
}

export interface LogExport {
  filename: string;
  text: string;
}
