// bench:commit — what the sync's commit costs alone, without the wire or the parse worker: N parsed
// ~8 KB messages (bench:sync's) committed into a fresh store exactly as a session does (the store
// port's commit, in CommitGroups of 48, durability deferred, one fsynced write at the end).
// Prints CPU and wall per message, medians of alternating rounds; asserts nothing.
//   COMMIT_BENCH_MESSAGES=2000  COMMIT_BENCH_ROUNDS=3
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseMessage } from '../main/mime';
import { openStore } from '../main/store';
import { accountSettings } from '../main/store/store-test-support';
import { CommitGroups } from '../main/sync/commit-group';
import { contentKey } from '../main/sync/content-key';
import { storePort } from '../main/sync/store-port';
import { syntheticMessage } from '../main/testing/dovecot';
import { benchTempDir, median, runBench } from './bench-support';

const COUNT = Number(process.env.COMMIT_BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.COMMIT_BENCH_ROUNDS ?? 3);

async function round(
  dir: string,
  raws: Buffer[],
  parsed: Awaited<ReturnType<typeof parseMessage>>[],
) {
  const store = openStore(join(dir, `commit-${Math.random()}.db`));
  try {
    const accountId = store.accounts.create(accountSettings()).id;
    const port = storePort(store);
    const sessionId = port.startSession(accountId, Date.now());
    port.durability('deferred');
    const groups = new CommitGroups({
      transaction: (fn) => port.transaction(fn),
      allOrNothing: (fn) => port.allOrNothing(fn),
      maxMessages: 48,
      maxOctets: 8 * 1024 * 1024,
      maxDelayMs: 50,
    });
    const cpu = process.cpuUsage();
    const start = performance.now();
    const done = raws.map((raw, i) =>
      groups.add(
        () =>
          port.commit({
            accountId,
            uidl: `u${i}`,
            raw,
            sessionId,
            parsed: parsed[i]!,
            contentKey: contentKey(raw),
            partial: false,
            replacePartial: false,
            sha256: createHash('sha256').update(raw).digest('hex'),
          }),
        raw.length,
      ),
    );
    groups.flush();
    await Promise.all(done);
    // The session's last write goes back to FULL: it fsyncs everything before it.
    port.durability('full');
    port.transaction(() => undefined);
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    store.close();
  }
}

async function main() {
  const raws = Array.from({ length: COUNT }, (_, i) => syntheticMessage(i));
  const parsed = await Promise.all(raws.map((raw) => parseMessage(raw)));
  const dir = benchTempDir('commitbench');
  const runs: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const run = await round(dir, raws, parsed);
    runs.push(run);
    console.log(
      `  round ${r}: wall ${run.wallMs.toFixed(0)} ms, cpu ${run.cpuMs.toFixed(0)} ms for ${COUNT} messages`,
    );
  }
  const per = (ms: number) => (ms / COUNT).toFixed(3);
  console.log(
    `median of ${ROUNDS}: ${per(median(runs.map((r) => r.cpuMs)))} ms CPU and ${per(median(runs.map((r) => r.wallMs)))} ms wall per message committed`,
  );
}

runBench(main);
