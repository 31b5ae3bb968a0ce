// bench:large — one ~100 MB message (mostly a base64 attachment) from a private Dovecot: synced by
// the built `popline` bin, then its raw bytes read back and compared, the message shown (parsed in
// detail), its attachment saved, its folder exported to mbox and that mbox imported into a new
// store, each compared byte for byte; and the app's Save As (messages.saveAs through the handlers,
// in a child: the CLI has none) compared too. The peak RSS of each process against issue 12's
// 300 MB. Asserts nothing.
//   BENCH_LARGE_MB=100
//   BENCH_COMPARE=<tree>/dist/cli/popline.mjs: another build's steps in the same run, for ratios
//     (that tree's main/ also runs the Save As child; build it there with `npm run build`)
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildCli, cliDir } from '../scripts/build-app';
import { benchDovecot, benchTempDir, cliSyncArgs, runBench, timedSpawn } from './bench-support';

const MB = Number(process.env.BENCH_LARGE_MB ?? 100);
const USER = 'large';
const PASSWORD = 'large-password';
const TARGET_MIB = 300;
const COMPARE = process.env.BENCH_COMPARE;

/** A text part and an attachment whose base64 makes up almost all of `total` octets. */
function largeMessage(total: number): { raw: Buffer; attachment: Buffer } {
  const attachment = randomBytes(Math.floor((total - 2048) / 78) * 57);
  const b64 = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = Buffer.from(
    'From: Big Sender <big@example.test>\r\nTo: large@example.test\r\n' +
      'Subject: The large one\r\nDate: Mon, 1 Dec 2025 10:00:00 +0000\r\n' +
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n' +
      '--b0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attachment.\r\n' +
      '--b0\r\nContent-Type: application/octet-stream\r\n' +
      'Content-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${b64}\r\n--b0--\r\n`,
  );
  return { raw, attachment };
}

// The bin runs by its first line, as a shell runs it: with the Node flags its launcher gives.
function run(args: string[], bin = join(cliDir, 'popline.mjs')) {
  const r = timedSpawn(bin, args, {
    ...process.env,
    POPLINE_PASSWORD: PASSWORD,
  });
  return { ...r, ms: r.wallMs, rss: r.maxRssKb / 1024 };
}

const syncArgs = (db: string, port: number) => [
  ...cliSyncArgs(db, port, USER),
  ...['--delete', '--json'],
];

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** The app's Save As of message 1 in a child running `root`'s main/; out '-': the child at rest. */
function saveAs(root: string, db: string, out: string) {
  const child = join(ROOT, 'bench', 'save-as-child.ts');
  const r = timedSpawn(process.execPath, ['--import', 'tsx', child, root, db, '1', out]);
  return { ...r, ms: r.wallMs, rss: r.maxRssKb / 1024 };
}

/** Export to mbox, import into a new store, Save As: by `bin` (and its tree), checked against raw. */
function fileSteps(bin: string, db: string, dir: string, raw: Buffer): string[] {
  const tag = bin === join(cliDir, 'popline.mjs') ? 'this' : 'other';
  const mbox = join(dir, `${tag}.mbox`);
  const exported = run(['export', '--db', db, '--folder', 'Inbox', '--mbox', mbox], bin);
  // The message has no From_ line inside: the entry is the From_ line, the bytes, one empty line.
  const written = existsSync(mbox) ? readFileSync(mbox) : Buffer.alloc(0);
  const exportExact = written
    .subarray(written.indexOf(10) + 1)
    .equals(Buffer.concat([raw, Buffer.from('\n')]));
  const importDb = join(dir, `${tag}-import.db`);
  const imported = run(['import', '--db', importDb, '--folder', 'Archive', mbox], bin);
  const importExact = sha(run(['show', '--db', importDb, '1', '--raw'], bin).stdout) === sha(raw);
  const root = resolve(dirname(bin), '..', '..');
  const eml = join(dir, `${tag}.eml`);
  const base = saveAs(root, db, '-');
  const saved = saveAs(root, db, eml);
  const saveExact = existsSync(eml) && sha(readFileSync(eml)) === sha(raw);
  const failed = (r: { status: number | null; stderr: string }) =>
    r.status === 0 ? '' : `; exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
  return [
    `export --mbox: ${exported.ms.toFixed(0)} ms, ${verdict(exported.rss)}; byte-exact: ${exportExact}${failed(exported)}`,
    `import (that mbox, new store): ${imported.ms.toFixed(0)} ms, ${verdict(imported.rss)}; byte-exact: ${importExact}${failed(imported)}`,
    `Save As (app handlers, tsx child): ${saved.ms.toFixed(0)} ms, ${verdict(saved.rss)} ` +
      `(the child at rest: ${base.rss.toFixed(0)} MiB); byte-exact: ${saveExact}${failed(saved)}`,
  ];
}
const verdict = (rss: number) => `${rss.toFixed(0)} MiB peak RSS (target < ${TARGET_MIB})`;

async function main() {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for peak RSS');
  await buildCli();
  const { raw, attachment } = largeMessage(MB * 1024 * 1024);
  const dovecot = await benchDovecot([{ user: USER, password: PASSWORD }]);
  const dir = benchTempDir('large');
  dovecot.deliver(USER, [raw]);
  const db = join(dir, 'large.db');
  console.log(`one message of ${(raw.length / 1048576).toFixed(1)} MiB`);
  const sync = run(syncArgs(db, dovecot.port));
  console.log(`sync: ${sync.ms.toFixed(0)} ms, ${verdict(sync.rss)}; exit ${sync.status}`);
  if (sync.status !== 0) console.log(sync.stderr || sync.stdout.toString());
  const rawBack = run(['show', '--db', db, '1', '--raw']);
  console.log(
    `show --raw: ${rawBack.ms.toFixed(0)} ms, ${verdict(rawBack.rss)}; byte-exact: ${sha(rawBack.stdout) === sha(raw)}`,
  );
  const shown = run(['show', '--db', db, '1', '--json']);
  const detail = JSON.parse(shown.stdout.toString() || '{}') as {
    detail?: { attachments?: Array<{ size: number }> };
  };
  console.log(
    `show --json: ${shown.ms.toFixed(0)} ms, ${verdict(shown.rss)}; attachment size ${detail.detail?.attachments?.[0]?.size} (expected ${attachment.length})`,
  );
  const file = join(dir, 'big.bin');
  const saved = run(['show', '--db', db, '1', '--attachment', '0', '--out', file]);
  const exact = existsSync(file) && sha(readFileSync(file)) === sha(attachment);
  console.log(
    `show --attachment 0 --out FILE: ${saved.ms.toFixed(0)} ms, ${verdict(saved.rss)}; byte-exact: ${exact}` +
      (saved.status === 0 ? '' : `; exit ${saved.status}: ${saved.stderr.trim()}`),
  );
  for (const line of fileSteps(join(cliDir, 'popline.mjs'), db, dir, raw)) console.log(line);
  if (COMPARE) compare(COMPARE, dovecot.port, raw, dir, () => dovecot.deliver(USER, [raw]));
}

/** The same sync and show by another build (e.g. main's before a change), for ratios. */
function compare(bin: string, port: number, raw: Buffer, dir: string, redeliver: () => void) {
  const db = join(dir, 'compare.db');
  redeliver();
  const sync = run(syncArgs(db, port), bin);
  const rawBack = run(['show', '--db', db, '1', '--raw'], bin);
  const shown = run(['show', '--db', db, '1', '--json'], bin);
  console.log(
    `${bin}: sync ${sync.rss.toFixed(0)} MiB (exit ${sync.status}), show --raw ${rawBack.rss.toFixed(0)} MiB ` +
      `(byte-exact: ${sha(rawBack.stdout) === sha(raw)}), show --json ${shown.rss.toFixed(0)} MiB peak RSS`,
  );
  for (const line of fileSteps(bin, db, dir, raw)) console.log(`${bin}: ${line}`);
}

runBench(main);
