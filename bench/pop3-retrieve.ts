// bench:pop3 — RETR 5,000 messages of ~8 KB from a private Dovecot, discarding the bytes: the
// Popline engine with and without pipelining, against a minimal pipelined raw-socket client
// measured in the same run (alternating rounds, medians). Prints figures; asserts nothing.
import { connect, type Socket } from 'node:net';
import { Pop3Client } from '../main/pop3';
import { syntheticMessage } from '../main/testing/dovecot';
import { benchDovecot, median, runBench } from './bench-support';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RAW_WINDOW = 32;

/** The baseline: USER/PASS, then RETR 1..N with RAW_WINDOW in flight, counting terminators. */
async function rawClient(port: number, user: string, password: string): Promise<number> {
  const sock: Socket = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    let phase = 0; // 0 greeting, 1 USER, 2 PASS, 3 retrieving
    let carry = '';
    let inBody = false;
    let sent = 0;
    let completed = 0;
    const sendRetr = () => {
      while (sent < COUNT && sent - completed < RAW_WINDOW) sock.write(`RETR ${++sent}\r\n`);
    };
    sock.on('error', reject);
    sock.on('data', (chunk: Buffer) => {
      const text = carry + chunk.toString('latin1');
      let pos = 0;
      for (;;) {
        if (phase < 3 || !inBody) {
          const eol = text.indexOf('\r\n', pos);
          if (eol < 0) {
            carry = text.slice(pos);
            return;
          }
          if (!text.startsWith('+OK', pos)) return reject(new Error(text.slice(pos, eol)));
          pos = eol + 2;
          if (phase < 3) {
            phase++;
            if (phase === 1) sock.write(`USER ${user}\r\n`);
            else if (phase === 2) sock.write(`PASS ${password}\r\n`);
            else sendRetr();
          } else inBody = true;
          continue;
        }
        const end = text.indexOf('\r\n.\r\n', pos - 2);
        if (end < 0) {
          carry = text.slice(Math.max(pos, text.length - 4));
          return;
        }
        pos = end + 5;
        inBody = false;
        if (++completed === COUNT) {
          sock.end('QUIT\r\n');
          return resolve();
        }
        sendRetr();
      }
    });
  });
  return performance.now() - start;
}

async function engine(
  port: number,
  user: string,
  password: string,
  pipelining: boolean,
): Promise<number> {
  const start = performance.now();
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port,
    security: 'none',
    pipelining,
  });
  await client.authenticate({
    user,
    secret: password,
    method: 'user',
    allowInsecurePassword: true,
  });
  let octets = 0;
  const discard = (c: Buffer) => {
    octets += c.length;
  };
  const all: Promise<unknown>[] = [];
  for (let n = 1; n <= COUNT; n++) all.push(client.retr(n, discard));
  await Promise.all(all);
  await client.quit();
  if (octets === 0) throw new Error('nothing retrieved');
  return performance.now() - start;
}

async function main() {
  const user = 'bench';
  const password = 'bench-password';
  const dovecot = await benchDovecot([{ user, password }]);
  process.stdout.write(`delivering ${COUNT} messages of ~8 KB into Dovecot…\n`);
  const batch: Buffer[] = [];
  for (let i = 0; i < COUNT; i++) batch.push(syntheticMessage(i));
  dovecot.deliver(user, batch);
  await engine(dovecot.port, user, password, true); // prime: index built, new/ moved to cur/

  const times = { raw: [] as number[], pipelined: [] as number[], serial: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    times.raw.push(await rawClient(dovecot.port, user, password));
    times.pipelined.push(await engine(dovecot.port, user, password, true));
    times.serial.push(await engine(dovecot.port, user, password, false));
  }
  const rate = (ms: number) => (COUNT / (ms / 1000)).toFixed(0);
  const m = {
    raw: median(times.raw),
    pipelined: median(times.pipelined),
    serial: median(times.serial),
  };
  console.log(`rounds: ${ROUNDS}, messages per round: ${COUNT} (medians)`);
  console.log(`raw pipelined socket:       ${m.raw.toFixed(0)} ms  ${rate(m.raw)} msg/s`);
  console.log(
    `popline, pipelining:        ${m.pipelined.toFixed(0)} ms  ${rate(m.pipelined)} msg/s`,
  );
  console.log(`popline, one at a time:     ${m.serial.toFixed(0)} ms  ${rate(m.serial)} msg/s`);
  console.log(`serial/pipelined speed-up: ${(m.serial / m.pipelined).toFixed(2)}`);
  console.log(`pipelined/raw ratio: ${(m.pipelined / m.raw).toFixed(2)}`);
}

runBench(main);
