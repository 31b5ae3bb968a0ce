// What the private Dovecot promises the integration tests that lean on it.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, syntheticMessage, type Dovecot } from './dovecot';

const USER = 'reset';
const PASSWORD = 'reset-password';
let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
});
afterAll(async () => {
  await dovecot?.stop();
});

/** A raw POP3 connection: commands written as given, the transcript kept whole. */
async function rawSession() {
  const socket: Socket = connect(dovecot.port, '127.0.0.1');
  let transcript = '';
  socket.on('data', (b: Buffer) => (transcript += b.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  /** Sends `commands` and waits until the transcript ends with `until`. */
  const send = async (commands: string, until: RegExp) => {
    socket.write(commands);
    for (let i = 0; !until.test(transcript); i++) {
      if (i > 400) throw new Error(`no ${String(until)} in:\n${transcript.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { socket, closed, send, transcript: () => transcript };
}

const messages = (from: number) =>
  Array.from({ length: 200 }, (_, i) => syntheticMessage(from + i, 4096));

describe('resetMailbox', () => {
  it('ends a session still open on the old mailbox, whose end would otherwise break a session on the new one', async () => {
    dovecot.deliver(USER, messages(1));
    // A client killed mid-session can leave Dovecot's side open for its 10-minute idle timeout.
    const old = await rawSession();
    await old.send(`USER ${USER}\r\nPASS ${PASSWORD}\r\nRETR 1\r\n`, /\r\n\.\r\n$/);
    const [oldPid] = dovecot.sessions(USER);
    expect(oldPid).toBeGreaterThan(0);
    // Dovecot's index id is its creation time in seconds: the new mailbox's must differ, as it
    // does between the crash test's rounds.
    await new Promise((r) => setTimeout(r, 1100));

    dovecot.resetMailbox(USER);
    dovecot.deliver(USER, messages(1001));
    const next = await rawSession();
    await next.send(`USER ${USER}\r\nPASS ${PASSWORD}\r\nSTAT\r\n`, /\+OK 200 \d+\r\n$/);
    // The old session ends now (as the stuck one does at its timeout), with its index writes.
    old.socket.end();
    await old.closed;
    for (let i = 0; dovecot.sessions(USER).includes(oldPid!); i++) {
      expect(i, 'the old session never ended').toBeLessThan(400);
      await new Promise((r) => setTimeout(r, 25));
    }

    await next.send('RETR 200\r\nDELE 200\r\nQUIT\r\n', /\r\n[+-][^\r\n]*\r\n$/);
    await next.closed;
    // Before the reset ended the old session, this QUIT answered
    // "-ERR [SYS/TEMP] Mailbox is in inconsistent state, please relogin."
    expect(next.transcript().split('\r\n').at(-2)).toMatch(/^\+OK/);
    expect(dovecot.mailboxFiles(USER)).toHaveLength(199);
  });
});
