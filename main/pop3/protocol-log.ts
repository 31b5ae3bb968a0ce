// The protocol log tap: one entry per POP3 line, in wire order, redacted before it leaves the engine.
// It must never pass on a password, an APOP digest, a SASL response or a message body.

export interface ProtocolLogEntry {
  /** Milliseconds since the epoch. */
  time: number;
  dir: 'C' | 'S';
  text: string;
}

export type ProtocolLogSink = (entry: ProtocolLogEntry) => void;

export const REDACTED = '********';

/**
 * The loggable form of a line the client sends. `saslResponse` marks an AUTH continuation line,
 * which is always a credential (or part of one) and so is never shown.
 */
export function redactClientLine(line: string, saslResponse = false): string {
  if (saslResponse) return REDACTED;
  const verb = /^(\S+)/.exec(line)?.[1]?.toUpperCase();
  if (verb === 'PASS') return `PASS ${REDACTED}`;
  if (verb === 'APOP') {
    const user = /^\S+\s+(\S+)/.exec(line)?.[1];
    return user === undefined ? `APOP ${REDACTED}` : `APOP ${user} ${REDACTED}`;
  }
  if (verb === 'AUTH') {
    const m = /^\S+\s+(\S+)(\s+\S)?/.exec(line);
    if (m?.[2] !== undefined) return `AUTH ${m[1]} ${REDACTED}`;
  }
  return line;
}

/** "<12,345 octets>": how a RETR/TOP body appears in the log. */
export function bodySummary(octets: number): string {
  return `<${octets.toLocaleString('en-US')} octets>`;
}

export class ProtocolLog {
  constructor(private readonly sink?: ProtocolLogSink) {}

  /** Logs a line the client wrote; redaction is applied here so no caller can forget it. */
  client(line: string, saslResponse = false): void {
    this.emit('C', redactClientLine(line, saslResponse));
  }

  server(text: string): void {
    this.emit('S', text);
  }

  body(octets: number): void {
    this.emit('S', bodySummary(octets));
  }

  private emit(dir: 'C' | 'S', text: string): void {
    if (!this.sink) return;
    try {
      this.sink({ time: Date.now(), dir, text });
    } catch {
      // A failing log consumer must not break a session half-way through its DELEs.
    }
  }
}
