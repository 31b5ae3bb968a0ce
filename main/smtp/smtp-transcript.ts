// Turns nodemailer's transaction log into protocol-log lines: C: what Popline sent, S: what the
// server answered, I: Popline's own notes. Credentials never pass: every AUTH argument and every
// line answering a 334 challenge is redacted here, and the secrets themselves are masked in any
// text as a last guard. The message itself appears only as "<N octets>".

import { format } from 'node:util';
import { bodySummary, REDACTED } from '../pop3';

export interface TranscriptLine {
  time: number;
  dir: 'C' | 'S' | 'I';
  text: string;
}

export type TranscriptSink = (line: TranscriptLine) => void;

/** The bunyan-style logger nodemailer calls: (fields, message, ...format arguments). */
type LogCall = (fields: Record<string, unknown>, message?: unknown, ...args: unknown[]) => void;
export interface NodemailerLogger {
  trace: LogCall;
  debug: LogCall;
  info: LogCall;
  warn: LogCall;
  error: LogCall;
  fatal: LogCall;
}

export interface SmtpTranscript {
  readonly logger: NodemailerLogger;
  readonly lines: readonly TranscriptLine[];
  /** A note of Popline's own (why a session ended without QUIT, what was decided). */
  note(text: string): void;
  /** The server's reply to QUIT, once it came. */
  readonly quitReply: string | null;
  /** The server's last reply, whole. */
  readonly lastReply: string | null;
}

/** Lines nodemailer logs about the network that belong in the log (others are chatter). */
const NOTEWORTHY =
  /^(Connection (established|upgraded|closed)|Resolved|Connection closed unexpectedly)/;

export function createSmtpTranscript(
  secrets: readonly string[],
  sink?: TranscriptSink,
  now: () => number = Date.now,
): SmtpTranscript {
  const lines: TranscriptLine[] = [];
  let challengePending = false;
  let quitSent = false;
  let quitReply: string | null = null;
  let lastReply: string | null = null;
  // Each secret also as base64 (SASL PLAIN and LOGIN carry them that way).
  const masks = secrets
    .filter((s) => s.length > 0)
    .flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')]);
  const mask = (text: string) => masks.reduce((t, m) => t.split(m).join(REDACTED), text);

  const emit = (dir: TranscriptLine['dir'], text: string) => {
    const line = { time: now(), dir, text: mask(text) };
    lines.push(line);
    try {
      sink?.(line);
    } catch {
      // A failing log consumer must not break a submission half-way.
    }
  };

  const client = (text: string) => {
    let shown = text;
    if (challengePending) shown = REDACTED;
    else {
      const auth = /^AUTH\s+(\S+)\s+\S/i.exec(text);
      if (auth) shown = `AUTH ${auth[1]} ${REDACTED}`;
    }
    if (/^QUIT$/i.test(text)) quitSent = true;
    emit('C', shown);
  };
  const server = (text: string) => {
    const replyLines = text.split(/\r?\n/).filter((l) => l.length > 0);
    for (const l of replyLines) emit('S', l);
    const last = replyLines.at(-1) ?? '';
    lastReply = text;
    challengePending = /^334[ -]/.test(last);
    if (quitSent && quitReply === null) quitReply = last;
  };

  const call =
    (level: string): LogCall =>
    (fields, message, ...args) => {
      const text = typeof message === 'string' ? format(message, ...args) : '';
      if (fields.tnx === 'client') return client(text);
      if (fields.tnx === 'server') return server(text);
      if (fields.tnx === 'message' && typeof fields.inByteCount === 'number') {
        return emit('C', `${bodySummary(fields.inByteCount)} then "."`);
      }
      if (level === 'debug' || level === 'trace') return;
      if (level === 'info' && !NOTEWORTHY.test(text)) return;
      emit('I', text);
    };

  return {
    logger: {
      trace: call('trace'),
      debug: call('debug'),
      info: call('info'),
      warn: call('warn'),
      error: call('error'),
      fatal: call('fatal'),
    },
    lines,
    note: (text) => emit('I', text),
    get quitReply() {
      return quitReply;
    },
    get lastReply() {
      return lastReply;
    },
  };
}
