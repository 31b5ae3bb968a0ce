// bench:completion — address completion (compose.completeAddress) on a store of 100,000 messages:
// how long the first query holds the main thread, the longest the event loop waits while the
// cache is built, and the time until the full answer; then the same after one message is deleted
// for good; each against one read of the whole store in the same run (what a first query and a
// removal cost before). Prints figures; asserts nothing. The store is built once, cached in .tmp/.
//   COMPLETION_BENCH_MESSAGES=100000
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStore } from '../main/store';
import { parsedMessage } from '../main/store/store-test-support';
import {
  addressEntries,
  completeAddress,
  createAddressCache,
} from '../main/services/address-completion';
import { benchAccount, benchTempDir, median, runBench } from './bench-support';

const MESSAGES = Number(process.env.COMPLETION_BENCH_MESSAGES) || 100_000;
const CORRESPONDENTS = 5000;
const cacheDir = join(resolve(fileURLToPath(new URL('..', import.meta.url))), '.tmp');
const dbPath = join(cacheDir, `completion-bench-v1-${MESSAGES}.db`);

const FIRST = ['Ann', 'Bob', 'Carla', 'Dmitri', 'Émile', 'Fatima', 'Hiro', 'Ines', 'Kwame', 'Lea'];
const LAST = ['Smith', 'Okafor', 'Müller', 'Tanaka', 'Rossi', 'Nguyen', 'Silva', 'Larsen'];
const person = (k: number) => ({
  name: `${FIRST[k % FIRST.length]} ${LAST[(k * 7) % LAST.length]} ${k}`,
  address: `person${k}@host${k % 37}.example`,
});

/** 100,000 messages from 5,000 correspondents, each to the user and up to two others. */
function build(): void {
  mkdirSync(cacheDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const started = performance.now();
  const store = openStore(dbPath);
  const accountId = store.accounts.create(benchAccount({ user: 'me@home.example' })).id;
  const start = Date.UTC(2023, 0, 1);
  store.batch(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const from = person((i * 7919) % CORRESPONDENTS);
      const cc = Array.from({ length: i % 3 }, (_, n) =>
        person((i * 31 + n * 977) % CORRESPONDENTS),
      );
      const date = start + i * 60_000;
      store.commitMessage({
        accountId,
        uidl: `U${i}`,
        raw: Buffer.from(`From: ${from.address}\r\nSubject: m${i}\r\n\r\nx\r\n`),
        sessionId: null,
        // Built beside the raw bytes, not parsed from them: this times completion, not the parser.
        parsed: parsedMessage({
          from,
          to: [{ name: 'Me', address: 'me@home.example' }],
          cc,
          subject: `m${i}`,
          date,
          messageId: `<${i}@bench>`,
        }),
        contentKey: null,
        partial: false,
        receivedAt: date,
      });
    }
  });
  store.close();
  console.log(
    `built ${MESSAGES} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Milliseconds `fn` holds the thread, and the longest the event loop waited until `done` settles. */
async function held(fn: () => unknown, done: () => Promise<void>) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  fn();
  const syncMs = performance.now() - started;
  // A timer that keeps the loop turning, so the monitor samples every turn.
  const ticking = setInterval(() => undefined, 1);
  await done();
  const totalMs = performance.now() - started;
  clearInterval(ticking);
  delay.disable();
  return { syncMs, totalMs, maxDelayMs: Math.max(syncMs, delay.max / 1e6) };
}

const figures = (f: { syncMs: number; totalMs: number; maxDelayMs: number }) =>
  `the query held the main thread ${f.syncMs.toFixed(0)} ms; longest event-loop stall ` +
  `${f.maxDelayMs.toFixed(0)} ms; complete answer after ${f.totalMs.toFixed(0)} ms`;

async function main() {
  if (existsSync(dbPath)) console.log(`using cached ${dbPath}`);
  else build();
  // A copy, so the deletion below leaves the cached store as built.
  const copy = join(benchTempDir('completion'), 'store.db');
  copyFileSync(dbPath, copy);
  const store = openStore(copy);
  const own = () => new Set(['me@home.example']);
  // The baseline, in the same run: what the cache did before on a first query and after any
  // removal, one read of the whole store (warmed once).
  const whole = () =>
    addressEntries(
      [
        ...store.addressBook.mailUses(0, Number.MAX_SAFE_INTEGER),
        ...store.addressBook.outboxUses(),
      ],
      own(),
    );
  whole();
  const wholeMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    whole();
    wholeMs.push(performance.now() - t0);
  }
  const baseline = median(wholeMs);
  console.log(
    `one read of the whole store (before: every first query and removal): ${baseline.toFixed(0)} ms`,
  );
  const cache = createAddressCache(store.addressBook, own);
  let answer: number = 0;
  const first = await held(
    () => (answer = completeAddress(cache.entries(), 'kwame', 10).length),
    () => cache.ready(),
  );
  console.log(
    `${MESSAGES} messages, first query: ${figures(first)} (${answer} suggestions at once); ` +
      `held ${(first.syncMs / baseline).toFixed(2)}× the whole read`,
  );
  const [victim] = store.messages.list({ limit: 1 });
  if (victim) {
    store.moves.move([victim.id], store.folders.trash().id);
    store.moves.deleteForever([victim.id]);
    const after = await held(
      () => completeAddress(cache.entries(), 'kwame', 10),
      () => cache.ready(),
    );
    console.log(
      `after one message deleted for good: ${figures(after)}; held ${(after.syncMs / baseline).toFixed(2)}× the whole read`,
    );
  }
  const timed = (label: string) => {
    const t = performance.now();
    completeAddress(cache.entries(), 'kwam', 10);
    console.log(`${label}: ${(performance.now() - t).toFixed(1)} ms`);
  };
  timed('a query with nothing changed');
  const accountId = store.accounts.list()[0]?.id ?? 0;
  const session = store.sessions.start(accountId);
  store.sessions.appendLog(session, [{ dir: 'C', text: 'NOOP' }]);
  timed('a query after a write that is not mail (a log line)');
  store.commitMessage({
    accountId,
    uidl: 'new-1',
    raw: Buffer.from('From: new@host.example\r\n\r\nx\r\n'),
    sessionId: null,
    parsed: parsedMessage({ from: { name: 'New One', address: 'new@host.example' } }),
    contentKey: null,
    partial: false,
  });
  timed('a query after one new message');
  store.close();
}

runBench(main);
