// A small scriptable SMTP server on 127.0.0.1 for the faults no real server produces on demand:
// a connection dropped in the middle of DATA, or after the end of DATA before the reply, or a
// server that never answers the end of DATA (to kill the client there). No TLS; AUTH takes any
// password (the tests of logins use aiosmtpd). Test-only.
import { createServer, type Server, type Socket } from 'node:net';

export type SmtpFault =
  /**
   * Stop reading after this many octets of the message and close soon after. Use a message far
   * larger than the socket buffers (several MB), or the client may have written it all already.
   */
  | { kind: 'drop-in-data'; afterOctets: number }
  /** Close right after the end of DATA arrived, without a reply. */
  | { kind: 'drop-after-data-end' }
  /** Stop reading after this many octets of the message, and never drop (the client waits). */
  | { kind: 'stall-in-data'; afterOctets: number }
  /** Never answer the end of DATA (and keep the connection open). */
  | { kind: 'hang-after-data-end' }
  /** Answer the end of DATA with this reply (e.g. "451 4.3.0 try later"). */
  | { kind: 'reply-to-data-end'; reply: string };

export type ServerEvent = 'mail' | 'stall' | 'data-end';

export interface ScriptedSmtpServer {
  port: number;
  /** Messages whose end of DATA arrived (whether or not they were answered). */
  readonly dataEnded: Buffer[];
  /** Messages answered 250 at the end of DATA. */
  readonly accepted: Buffer[];
  /** Every command line received, in order. */
  readonly commands: string[];
  /** Resolves when the next end of DATA arrives. */
  nextDataEnd(): Promise<void>;
  /** Resolves at the next MAIL FROM, the next stall in DATA, or the next end of DATA. */
  next(event: ServerEvent): Promise<void>;
  setFault(fault: SmtpFault | null): void;
  close(): Promise<void>;
}

export async function startScriptedSmtpServer(
  initial: SmtpFault | null = null,
): Promise<ScriptedSmtpServer> {
  let fault = initial;
  const dataEnded: Buffer[] = [];
  const accepted: Buffer[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  let waiters: Array<{ event: ServerEvent; resolve: () => void }> = [];
  const happened = (event: ServerEvent) => {
    const ready = waiters.filter((w) => w.event === event);
    waiters = waiters.filter((w) => w.event !== event);
    for (const w of ready) w.resolve();
  };

  const serve = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 scripted.test ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          const f = fault;
          if (f?.kind === 'drop-in-data' && (end < 0 ? buffer.length : end) >= f.afterOctets) {
            // Stop reading first, so the client's writes back up behind a full window (its
            // message cannot have been written whole), then drop the connection.
            socket.pause();
            setTimeout(() => socket.destroy(), 300);
            return;
          }
          if (f?.kind === 'stall-in-data' && (end < 0 ? buffer.length : end) >= f.afterOctets) {
            socket.pause();
            happened('stall');
            return;
          }
          if (end < 0) {
            return;
          }
          // Un-stuffed: the message as the client meant it (RFC 5321 4.5.2).
          const message = Buffer.from(
            `\r\n${buffer.subarray(0, end + 2).toString('latin1')}`
              .replace(/\r\n\./g, '\r\n')
              .slice(2),
            'latin1',
          );
          buffer = buffer.subarray(end + 5);
          inData = false;
          dataEnded.push(message);
          happened('data-end');
          if (f?.kind === 'drop-after-data-end') {
            socket.destroy();
            return;
          }
          if (f?.kind === 'hang-after-data-end') return;
          if (f?.kind === 'reply-to-data-end') {
            reply(f.reply);
            continue;
          }
          accepted.push(message);
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.subarray(0, eol).toString('latin1');
        buffer = buffer.subarray(eol + 2);
        commands.push(line);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO') reply('250-scripted.test\r\n250-SIZE 100000000\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 scripted.test');
        else if (verb === 'AUTH') reply('235 2.7.0 any password will do here');
        else if (verb === 'MAIL') {
          reply('250 OK');
          happened('mail');
        } else if (verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') {
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('502 5.5.2 not here');
      }
    });
  };

  const server: Server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    port: address.port,
    dataEnded,
    accepted,
    commands,
    nextDataEnd: () => new Promise<void>((resolve) => waiters.push({ event: 'data-end', resolve })),
    next: (event) => new Promise<void>((resolve) => waiters.push({ event, resolve })),
    setFault: (f) => void (fault = f),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
