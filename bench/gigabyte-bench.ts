// bench:gigabyte — 1 GB of mail in 10,000 messages (~100 KB each, mostly a base64 attachment) from
// a private Dovecot, synced in one delete-mode session by the built `popline` bin into a fresh
// store. Samples the process's peak RSS (VmHWM) as messages are stored and prints it at 10%, 50%
// and 100% of the way: flat figures mean memory does not grow with the mailbox. Asserts nothing.
//   BENCH_GB_MESSAGES=10000  BENCH_GB_KB=100
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildCli, cliDir } from '../scripts/build-app';
import { benchDovecot, benchTempDir, cliSyncArgs, runBench } from './bench-support';

const COUNT = Number(process.env.BENCH_GB_MESSAGES ?? 10_000);
const KB = Number(process.env.BENCH_GB_KB ?? 100);
const USER = 'gigabyte';
const PASSWORD = 'gigabyte-password';
const MARKS = [0.1, 0.5, 1];
const TARGET_MIB = 300;

function message(i: number): Buffer {
  const attachment = randomBytes(Math.floor(((KB * 1024 - 1200) / 78) * 57));
  const b64 = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `From: Sender ${i} <s${i}@example.test>\r\nTo: ${USER}@example.test\r\n` +
      `Subject: Report ${i} of ${COUNT}\r\nMessage-ID: <gb-${i}@example.test>\r\n` +
      'Date: Mon, 1 Dec 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n--b0\r\n' +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nReport number ${i}, see the attachment.\r\n` +
      '--b0\r\nContent-Type: application/octet-stream\r\n' +
      `Content-Disposition: attachment; filename="report-${i}.bin"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b0--\r\n`,
  );
}

/** VmHWM (peak) and VmRSS (now) of a process, in MiB; null once it is gone. */
function memoryOf(pid: number): { peak: number; now: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

async function main() {
  await buildCli();
  const dovecot = await benchDovecot([{ user: USER, password: PASSWORD }]);
  const dir = benchTempDir('gigabyte');
  let octets = 0;
  for (let start = 0; start < COUNT; start += 500) {
    const batch = Array.from({ length: Math.min(500, COUNT - start) }, (_, k) =>
      message(start + k + 1),
    );
    octets += batch.reduce((sum, m) => sum + m.length, 0);
    dovecot.deliver(USER, batch);
  }
  console.log(`${COUNT} messages, ${(octets / 1e9).toFixed(2)} GB in the maildir`);
  const db = join(dir, 'gigabyte.db');
  const started = performance.now();
  // The bin runs by its first line, as a shell runs it: with the Node flags its launcher gives.
  const child = spawn(
    join(cliDir, 'popline.mjs'),
    [...cliSyncArgs(db, dovecot.port, USER), ...['--delete', '--json']],
    { env: { ...process.env, POPLINE_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));

  const marks = [...MARKS];
  let reader: Database.Database | null = null;
  let last = { peak: NaN, now: NaN };
  for (let final = false; !final;) {
    final = done;
    await new Promise((r) => setTimeout(r, final ? 0 : 250));
    const mem = memoryOf(child.pid ?? -1);
    // A process that has exited but not been reaped has no figures left: keep the last ones.
    if (mem && Number.isFinite(mem.peak)) last = mem;
    try {
      reader ??= new Database(db, { readonly: true, fileMustExist: true });
      const { n } = reader.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
      while (marks.length > 0 && n >= (marks[0] ?? 1) * COUNT) {
        const mark = marks.shift() ?? 1;
        console.log(
          `${String(mark * 100).padStart(3)}%: ${n} stored after ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
            `peak RSS so far ${last.peak.toFixed(0)} MiB, now ${last.now.toFixed(0)} MiB (target < ${TARGET_MIB})`,
        );
      }
    } catch {
      // The store is not there yet, or busy migrating: the next sample will see it.
    }
  }
  reader?.close();
  const status = await exited;
  console.log(
    `sync: exit ${status}, ${((performance.now() - started) / 1000).toFixed(1)} s; final peak RSS ${last.peak.toFixed(0)} MiB`,
  );
  if (status !== 0) console.log(stderr || stdout);
  else {
    const r = JSON.parse(stdout) as { outcome?: string; retrieved?: number; deleted?: number };
    console.log(`outcome ${r.outcome}, retrieved ${r.retrieved}, deleted ${r.deleted}`);
  }
}

runBench(main);
