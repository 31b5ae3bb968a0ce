// kill -9 of the `send` process while it submits, at the moments that matter and at random ones;
// after each, the store is reopened and what the dead process left is settled. Every message is
// then queued (and the server never took it), sent (the server took it exactly once, a copy is
// in Sent) or maybe-sent (the server did get the end of its DATA): never half, never twice.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import {
  startScriptedSmtpServer,
  type ScriptedSmtpServer,
  type ServerEvent,
} from '../testing/scripted-smtp-server';
import { seededRandom } from '../testing/seeded-random';
import { recoverOutbox, sendFromOutbox } from './outbox-sender';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'main/cli/main.ts');
const RANDOM_KILLS = Number(process.env.POPLINE_SEND_CRASH_KILLS ?? 8);
const SEED = Number(process.env.POPLINE_SEND_CRASH_SEED ?? Date.now() % 1_000_000);

let server: ScriptedSmtpServer;
let profile: TempProfile;
let db: string;
let attachment: string;

beforeAll(() => {
  console.log(`send crash test: seed ${SEED} (POPLINE_SEND_CRASH_SEED to replay)`);
});
beforeEach(async () => {
  server = await startScriptedSmtpServer();
  profile = tempProfile();
  db = profile.dbPath;
  attachment = join(profile.dir, 'big.bin');
});
afterEach(async () => {
  await server.close();
  profile.remove();
});
afterAll(() => undefined);

function sendArgs(subject: string, attach: boolean): string[] {
  return [
    '--import',
    'tsx',
    CLI,
    'send',
    '--db',
    db,
    '--smtp-host',
    '127.0.0.1',
    '--smtp-port',
    String(server.port),
    '--security',
    'none',
    '--allow-insecure-password',
    '--user',
    'alice',
    '--from',
    'alice@example.org',
    '--to',
    'bob@example.org',
    '--subject',
    subject,
    '--json',
    ...(attach ? ['--attach', attachment] : []),
  ];
}

/** Runs `send` as its own process and kills it with SIGKILL at `event` or after `ms`. */
function runSend(
  subject: string,
  kill: { event?: ServerEvent; ms?: number },
  attach = false,
): Promise<{ killed: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, sendArgs(subject, attach), {
      cwd: ROOT,
      env: { ...process.env, POPLINE_PASSWORD: 'anything' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const killNow = () => child.kill('SIGKILL');
    if (kill.event) void server.next(kill.event).then(killNow);
    const timer = kill.ms === undefined ? undefined : setTimeout(killNow, kill.ms);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0) return fail(new Error(`send exited ${code}: ${stderr}`));
      done({ killed: signal === 'SIGKILL' });
    });
  });
}

const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString('latin1'))?.[1]?.trim();

/** Settles the dead process's rows, then checks every outbox row against what the server got. */
function settleAndCheck(): Map<string, string> {
  if (!existsSync(db)) return new Map();
  const conn = new Database(db);
  try {
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    conn.close();
  }
  const store = openStore(db);
  try {
    recoverOutbox(store);
    const statuses = new Map<string, string>();
    for (const item of store.outbox.list()) {
      statuses.set(item.subject, item.status);
      const ended = server.dataEnded.filter((m) => subjectOf(m) === item.subject).length;
      const taken = server.accepted.filter((m) => subjectOf(m) === item.subject).length;
      expect(taken, item.subject).toBeLessThanOrEqual(1);
      if (item.status === 'queued') expect(taken, item.subject).toBe(0);
      else if (item.status === 'maybe-sent') expect(ended, item.subject).toBe(1);
      else if (item.status === 'sent') {
        expect(taken, item.subject).toBe(1);
        expect(store.messages.get(item.sentCopyId as number)?.folderId).toBe(
          store.folders.sent().id,
        );
      } else throw new Error(`${item.subject} left ${item.status} after recovery`);
      expect(store.sessions.get(item.lastSessionId as number)?.outcome).not.toBe('running');
    }
    return statuses;
  } finally {
    store.close();
  }
}

describe('kill -9 during a send', () => {
  it('at MAIL FROM: queued, and the next send delivers it once', async () => {
    expect((await runSend('at-mail', { event: 'mail' })).killed).toBe(true);
    expect(settleAndCheck().get('at-mail')).toBe('queued');
    const store = openStore(db);
    try {
      const [item] = store.outbox.list();
      const r = await sendFromOutbox({ store, password: () => 'anything' }, item?.id as number);
      expect(r.status).toBe('sent');
    } finally {
      store.close();
    }
    expect(server.accepted).toHaveLength(1);
  });

  it('in the middle of DATA: queued, the server never took it', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(attachment, Buffer.alloc(6 * 1024 * 1024, 1));
    server.setFault({ kind: 'stall-in-data', afterOctets: 100_000 });
    expect((await runSend('in-data', { event: 'stall' }, true)).killed).toBe(true);
    expect(settleAndCheck().get('in-data')).toBe('queued');
    expect(server.dataEnded).toHaveLength(0);
  });

  it('after the end of DATA, before the reply: maybe-sent, never resent by itself', async () => {
    server.setFault({ kind: 'hang-after-data-end' });
    expect((await runSend('after-end', { event: 'data-end' })).killed).toBe(true);
    expect(settleAndCheck().get('after-end')).toBe('maybe-sent');
    // A later send run settles and sends its own message, and leaves this one alone.
    server.setFault(null);
    await runSend('later', {});
    expect(settleAndCheck()).toEqual(
      new Map([
        ['later', 'sent'],
        ['after-end', 'maybe-sent'],
      ]),
    );
    expect(server.dataEnded.filter((m) => subjectOf(m) === 'after-end')).toHaveLength(1);
  });

  it(`at ${RANDOM_KILLS} random moments: queued, sent or maybe-sent, never half or twice`, async () => {
    const random = seededRandom(SEED);
    const seen = new Set<string>();
    for (let i = 0; i < RANDOM_KILLS; i++) {
      // tsx starts in ~0.5-1.5 s on the build machines; the send itself takes a few ms.
      const ms = Math.floor(300 + random() * 2500);
      const { killed } = await runSend(`random-${i}`, { ms });
      const status = settleAndCheck().get(`random-${i}`);
      seen.add(killed ? (status ?? 'not-created') : 'finished');
    }
    console.log(`send crash test: outcomes ${[...seen].join(', ')}`);
  });
});
