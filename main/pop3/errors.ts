// Typed POP3 failures and the RFC 2449 / 3206 response codes they are classified by.
// Classification happens here, where the reply is seen; callers switch on `kind`, never on text.
import type { Pop3Limit } from './limits';
import type { ProtocolLogEntry } from './protocol-log';

export type Pop3ErrorKind =
  | 'auth'
  | 'login-delay'
  | 'in-use'
  | 'sys-temp'
  | 'sys-perm'
  | 'server'
  | 'connection-refused'
  | 'connection'
  | 'timeout'
  | 'tls'
  | 'certificate-untrusted'
  | 'stls-unavailable'
  | 'auth-unavailable'
  | 'protocol';

export interface Pop3ErrorDetails {
  code?: string;
  serverText?: string;
  command?: string;
  certificate?: { subject: string; fingerprint256: string };
  /** Set when one of the engine's own limits (limits.ts) ended the session. */
  limit?: Pop3Limit;
  /** Set when the error is the server's -ERR to one command: the session itself goes on. */
  refused?: boolean;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<Pop3ErrorKind> = new Set([
  'login-delay',
  'in-use',
  'sys-temp',
  'timeout',
  'connection',
  'connection-refused',
]);

export class Pop3Error extends Error {
  readonly kind: Pop3ErrorKind;
  readonly code?: string;
  readonly serverText?: string;
  readonly command?: string;
  readonly certificate?: { subject: string; fingerprint256: string };
  /** Which of the engine's limits ended the session, if one did. */
  readonly limit?: Pop3Limit;
  /**
   * True for the server's -ERR to one command (e.g. UIDL or TOP not implemented): the connection
   * is still up and other commands may follow. False for anything that ended the session.
   */
  readonly refused: boolean;
  /** The protocol log up to the failure; filled in by runProbe. */
  log?: ProtocolLogEntry[];

  constructor(kind: Pop3ErrorKind, message: string, details: Pop3ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'Pop3Error';
    this.kind = kind;
    if (details.code !== undefined) this.code = details.code;
    if (details.serverText !== undefined) this.serverText = details.serverText;
    if (details.command !== undefined) this.command = details.command;
    if (details.certificate !== undefined) this.certificate = details.certificate;
    if (details.limit !== undefined) this.limit = details.limit;
    this.refused = details.refused === true;
  }

  /** True when the same request may succeed later without the user changing anything. */
  get retryLater(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** The same failure attributed to another command (used when one broken link fails many). */
  withCommand(command: string | undefined): Pop3Error {
    const copy = new Pop3Error(this.kind, this.message, {
      code: this.code,
      serverText: this.serverText,
      command,
      certificate: this.certificate,
      limit: this.limit,
      refused: this.refused,
      cause: this.cause,
    });
    return copy;
  }
}

export interface ParsedResponseText {
  /** Upper-case response code without brackets, e.g. 'SYS/TEMP'. */
  code?: string;
  /** The human text after the code. */
  text: string;
}

// RFC 2449 section 8: resp-code = "[" resp-level *("/" resp-level) "]", printable except "]".
const RESP_CODE = /^\[([\x21-\x5c\x5e-\x7e]+)\]\s*/;

/** Splits "[IN-USE] mailbox locked" into code and text; text without a code is returned as is. */
export function parseResponseText(text: string): ParsedResponseText {
  const m = RESP_CODE.exec(text);
  if (!m || m[1] === undefined) return { text };
  return { code: m[1].toUpperCase(), text: text.slice(m[0].length) };
}

function codeIs(code: string, name: string): boolean {
  return code === name || code.startsWith(`${name}/`);
}

/**
 * Maps an -ERR to an error kind. `duringAuth` marks replies to USER/PASS/APOP/AUTH, where a bare
 * -ERR means bad credentials unless the server promised AUTH-RESP-CODE (RFC 3206 section 6:
 * then only [AUTH] blames the credentials).
 */
export function kindForErr(
  code: string | undefined,
  duringAuth: boolean,
  serverUsesAuthCode = false,
): Pop3ErrorKind {
  if (code !== undefined) {
    if (codeIs(code, 'LOGIN-DELAY')) return 'login-delay';
    if (codeIs(code, 'IN-USE')) return 'in-use';
    if (codeIs(code, 'SYS/TEMP')) return 'sys-temp';
    if (codeIs(code, 'SYS/PERM')) return 'sys-perm';
    if (codeIs(code, 'AUTH')) return 'auth';
    return 'server';
  }
  if (duringAuth && !serverUsesAuthCode) return 'auth';
  return 'server';
}

/** Builds the error for an -ERR reply to `command` (already redacted). */
export function errFromReply(
  replyText: string,
  command: string | undefined,
  duringAuth: boolean,
  serverUsesAuthCode = false,
): Pop3Error {
  const { code, text } = parseResponseText(replyText);
  const kind = kindForErr(code, duringAuth, serverUsesAuthCode);
  const what = command === undefined ? 'greeting' : command;
  return new Pop3Error(kind, `${what}: -ERR ${replyText}`.trim(), {
    code,
    serverText: text,
    command,
    // A refused greeting ends the session; any other -ERR leaves it open.
    refused: command !== undefined,
  });
}
