// One SMTP submission session through nodemailer's SMTPConnection: connect (TLS or STARTTLS),
// EHLO, AUTH, then either one message or nothing (the probe), then QUIT and its reply. Popline
// writes no SMTP itself; it only decides what each failure means for the message:
//   - anything before the end of DATA was written, or any reply but 2xx to it: not sent;
//   - the end of DATA written and no reply: it MAY have been sent, and only the user may resend.
// The caller's onDataEnding runs before the final "." is written, so it can record that moment
// durably first: a crash before it leaves nothing the server could have accepted.

import { Readable } from 'node:stream';
import { TLSSocket, type ConnectionOptions } from 'node:tls';
import { fingerprintsMatch } from '../pop3';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { createSmtpTranscript, type SmtpTranscript, type TranscriptSink } from './smtp-transcript';

export interface SmtpServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  /** null: send without logging in. */
  credentials: { user: string; pass: string } | null;
  allowInsecurePassword: boolean;
  /** Extra TLS options (tests trust their own CA). */
  tls?: ConnectionOptions;
  /** Trust exactly this certificate (SHA-256) although its chain does not verify. */
  certFingerprint256?: string;
  /**
   * "Test sending": the handshake completes whatever the certificate, and it is checked here
   * (before AUTH) so that an untrusted one can be shown with its fingerprint.
   */
  inspectCertificate?: boolean;
  /** Per step: connect, greeting, and silence on the socket. Default 30 s, 30 s, 120 s. */
  timeouts?: { connectMs?: number; greetingMs?: number; socketMs?: number };
}

export type SmtpFailureKind =
  | 'connect'
  | 'tls'
  | 'insecure'
  | 'auth'
  | 'refused-sender'
  | 'refused-recipients'
  | 'refused-message'
  | 'connection-lost'
  | 'protocol'
  | 'local';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  message: string;
  /** The server's reply that ended it, if one did. */
  reply: string | null;
  /** A certificate that is not trusted (nor the pinned one): what to show the user. */
  certificate?: { subject: string; fingerprint256: string };
  /** 4xx, a lost connection: trying again later may work. */
  transient: boolean;
}

export type SubmitOutcome =
  | { kind: 'accepted'; reply: string; accepted: string[]; refused: string[] }
  | { kind: 'not-sent'; failure: SmtpFailure }
  | { kind: 'maybe-sent'; failure: SmtpFailure };

export interface SessionEnd {
  /** The server's reply to QUIT; null when the session ended without one (the log says why). */
  quitReply: string | null;
  transcript: SmtpTranscript;
}

export interface SubmitRequest {
  server: SmtpServer;
  envelope: { from: string; to: readonly string[] };
  raw: Uint8Array;
  /** Runs just before the end of DATA is written; if it throws, the message is not ended. */
  onDataEnding(): void;
  onLine?: TranscriptSink;
}

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message: string;
}

const asSmtpError = (error: unknown): SmtpErrorShape =>
  error instanceof Error ? (error as SmtpErrorShape) : { message: String(error) };

/** What a nodemailer error says, in Popline's words. */
export function describeFailure(error: unknown): SmtpFailure {
  const e = asSmtpError(error);
  const reply = e.response ?? null;
  const transient = e.responseCode === undefined || (e.responseCode >= 400 && e.responseCode < 500);
  const kind = ((): SmtpFailureKind => {
    if (e.code === 'EAUTH') return 'auth';
    if (e.code === 'ETLS') return 'tls';
    if (e.code === 'EENVELOPE' && e.command === 'MAIL FROM') return 'refused-sender';
    if (e.code === 'EENVELOPE' && e.command === 'RCPT TO') return 'refused-recipients';
    if (e.responseCode !== undefined && e.command === 'DATA') return 'refused-message';
    if (e.code === 'EDNS' || (e.code === 'ECONNECTION' && e.command === 'CONN' && !reply)) {
      return /closed/i.test(e.message) ? 'connection-lost' : 'connect';
    }
    if (e.code === 'ESOCKET' || e.code === 'ETIMEDOUT') return 'connection-lost';
    if (e.code === 'ESTREAM') return 'local';
    return 'protocol';
  })();
  const base = e.message.replace(/\s+/g, ' ').trim();
  return {
    kind,
    message: reply && !base.includes(reply.trim()) ? `${base}: ${reply.trim()}` : base,
    reply,
    transient,
  };
}

const insecureFailure = (): SmtpFailure => ({
  kind: 'insecure',
  message:
    'the connection is not encrypted and sending the password over it was not allowed ' +
    '(choose TLS or STARTTLS, or allow an unencrypted password)',
  reply: null,
  transient: false,
});

function openConnection(server: SmtpServer, transcript: SmtpTranscript): SMTPConnection {
  return new SMTPConnection({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    // No host name of this machine goes out (privacy); an address literal is valid EHLO.
    name: '[127.0.0.1]',
    connectionTimeout: server.timeouts?.connectMs ?? 30_000,
    greetingTimeout: server.timeouts?.greetingMs ?? 30_000,
    socketTimeout: server.timeouts?.socketMs ?? 120_000,
    socketCloseTimeout: 2_000,
    // With a pinned certificate the chain is not checked here but by checkPinned, after the
    // handshake and before AUTH or any mail: only EHLO has been said to the server by then.
    tls: {
      minVersion: 'TLSv1.2',
      ...server.tls,
      ...(server.certFingerprint256 || server.inspectCertificate
        ? { rejectUnauthorized: false }
        : {}),
    },
    logger: transcript.logger,
    transactionLog: true,
  });
}

const connect = (c: SMTPConnection) =>
  new Promise<void>((resolve, reject) => {
    c.once('error', reject);
    c.connect(() => {
      c.removeListener('error', reject);
      resolve();
    });
  });

const login = (c: SMTPConnection, credentials: { user: string; pass: string }) =>
  new Promise<void>((resolve, reject) =>
    c.login({ user: credentials.user, pass: credentials.pass }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );

/** Sends QUIT if the connection still stands, waits for its reply (or the close), closes the socket. */
async function finish(c: SMTPConnection, transcript: SmtpTranscript, why?: string): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    if (c.destroyed) return resolve();
    c.once('end', () => resolve());
  });
  const usable = !c.destroyed && c._socket && !c._socket.destroyed;
  if (usable) {
    c.quit();
  } else {
    transcript.note(`no QUIT: ${why ?? 'the connection was already closed'}`);
    c.close();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ended,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        transcript.note('no reply to QUIT within 5 s: connection closed');
        resolve();
      }, 5_000);
    }),
  ]);
  clearTimeout(timer);
  c.close();
}

const subjectOf = (name: Record<string, unknown> | undefined) =>
  Object.entries(name ?? {})
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');

/**
 * A pinned certificate must be exactly the one the server showed; without a pin, an inspected
 * connection must have verified (chain and host name) like any other.
 */
function checkPinned(c: SMTPConnection, server: SmtpServer): void {
  if (server.security === 'none' || (!server.certFingerprint256 && !server.inspectCertificate))
    return;
  const socket = c._socket;
  const tls = socket instanceof TLSSocket ? socket : undefined;
  const cert = tls?.getPeerCertificate(false);
  const certificate = cert?.fingerprint256
    ? {
        subject: subjectOf(cert.subject as unknown as Record<string, unknown>),
        fingerprint256: cert.fingerprint256,
      }
    : undefined;
  if (server.certFingerprint256) {
    if (certificate && fingerprintsMatch(server.certFingerprint256, certificate.fingerprint256))
      return;
    throw new SmtpFailureError({
      kind: 'tls',
      message: `certificate ${certificate?.fingerprint256 ?? '(none)'} is not the pinned one`,
      reply: null,
      transient: false,
      ...(certificate ? { certificate } : {}),
    });
  }
  if (tls?.authorized) return;
  throw new SmtpFailureError({
    kind: 'tls',
    message: `the server's certificate is not trusted (${String(tls?.authorizationError ?? 'no certificate')})`,
    reply: null,
    transient: false,
    ...(certificate ? { certificate } : {}),
  });
}

/** Login if the identity needs one; throws an SmtpFailure-carrying error when it may not. */
async function authenticate(c: SMTPConnection, server: SmtpServer): Promise<void> {
  checkPinned(c, server);
  if (!server.credentials) return;
  if (!c.secure && !server.allowInsecurePassword) throw new SmtpFailureError(insecureFailure());
  await login(c, server.credentials);
}

export class SmtpFailureError extends Error {
  constructor(readonly failure: SmtpFailure) {
    super(failure.message);
  }
}

const failureOf = (error: unknown) =>
  error instanceof SmtpFailureError ? error.failure : describeFailure(error);

/** The message bytes as a stream that calls `beforeEnd` before it lets nodemailer end DATA. */
function messageStream(raw: Uint8Array, beforeEnd: () => void): Readable {
  const CHUNK = 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (offset < raw.byteLength) {
        const end = Math.min(raw.byteLength, offset + CHUNK);
        this.push(Buffer.from(raw.buffer, raw.byteOffset + offset, end - offset));
        offset = end;
        return;
      }
      try {
        beforeEnd();
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      this.push(null);
    },
  });
}

export async function submitMessage(
  request: SubmitRequest,
): Promise<SessionEnd & { outcome: SubmitOutcome }> {
  const { server } = request;
  const transcript = createSmtpTranscript(
    server.credentials ? [server.credentials.pass] : [],
    request.onLine,
  );
  const c = openConnection(server, transcript);
  // nodemailer also reports failures as 'error' events: the send callback carries them here.
  c.on('error', () => undefined);
  let dataEnded = false;
  let outcome: SubmitOutcome;
  try {
    await connect(c);
    await authenticate(c, server);
    const info = await new Promise<{ response: string; accepted: string[]; rejected: string[] }>(
      (resolve, reject) => {
        c.send(
          {
            from: request.envelope.from,
            to: [...request.envelope.to],
            size: request.raw.byteLength,
          },
          messageStream(request.raw, () => {
            request.onDataEnding();
            dataEnded = true;
          }),
          (error, result) => (error ? reject(error) : resolve(result)),
        );
      },
    );
    outcome = {
      kind: 'accepted',
      reply: info.response,
      accepted: info.accepted,
      refused: info.rejected,
    };
  } catch (error) {
    const failure = failureOf(error);
    const e = asSmtpError(error);
    // The end of DATA went out and no reply came: the server may have taken it.
    outcome =
      dataEnded && e.responseCode === undefined
        ? { kind: 'maybe-sent', failure: { ...failure, kind: 'connection-lost' } }
        : { kind: 'not-sent', failure };
    transcript.note(
      outcome.kind === 'maybe-sent'
        ? `no reply to the end of DATA (${failure.message}): the message may have been sent; not resending`
        : `not sent: ${failure.message}`,
    );
  }
  await finish(c, transcript, outcome.kind === 'accepted' ? undefined : outcome.failure.message);
  return { outcome, quitReply: transcript.quitReply, transcript };
}

export interface ProbeResult extends SessionEnd {
  ok: boolean;
  encrypted: boolean;
  greeting: string | null;
  extensions: string[];
  authMechanisms: string[];
  authenticated: boolean | null;
  failure: SmtpFailure | null;
}

/** "Test sending": connect, EHLO, STARTTLS, AUTH, QUIT. No MAIL FROM, no message. */
export async function probeSmtp(server: SmtpServer, onLine?: TranscriptSink): Promise<ProbeResult> {
  const transcript = createSmtpTranscript(
    server.credentials ? [server.credentials.pass] : [],
    onLine,
  );
  const c = openConnection(server, transcript);
  c.on('error', () => undefined);
  let failure: SmtpFailure | null = null;
  let authenticated: boolean | null = null;
  try {
    await connect(c);
    checkPinned(c, server);
    if (server.credentials) {
      authenticated = false;
      await authenticate(c, server);
      authenticated = true;
    }
  } catch (error) {
    failure = failureOf(error);
    transcript.note(`test failed: ${failure.message}`);
  }
  const sLines = transcript.lines.filter((l) => l.dir === 'S').map((l) => l.text);
  const ehlo = sLines.filter((l) => /^250[- ]/.test(l)).map((l) => l.slice(4));
  const extensions = ehlo.slice(1);
  const authLine = extensions.find((l) => /^AUTH[ =]/i.test(l));
  const encrypted = c.secure;
  await finish(c, transcript, failure?.message);
  return {
    ok: failure === null,
    encrypted,
    greeting: sLines.find((l) => /^220[ -]/.test(l)) ?? null,
    extensions,
    authMechanisms: authLine ? authLine.slice(5).trim().split(/\s+/) : [],
    authenticated,
    failure,
    quitReply: transcript.quitReply,
    transcript,
  };
}
