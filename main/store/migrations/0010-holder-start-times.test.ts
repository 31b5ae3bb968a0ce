import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../migrate';
import { processStartTime } from '../process-alive';
import { identitySettings } from '../store-test-support';
import { databaseAt, insertAccount, profileForEachTest } from './migration-test-support';

const profile = profileForEachTest();

const DEAD_PID = 2 ** 22 + 4321;

describe('migration 0010-holder-start-times', () => {
  it('keeps the locks and claims made before it on the pid alone, and records start times from then on', () => {
    // A version-9 store: two accounts locked, one by this live process, one by a dead one.
    const v9 = databaseAt(9, profile.path);
    const live = insertAccount(v9, 'ann');
    const dead = insertAccount(v9, 'bob');
    const lock = v9.prepare(
      "INSERT INTO sync_locks (account_id, owner, pid, acquired_at) VALUES (?, 'before', ?, 1)",
    );
    lock.run(live, process.pid);
    lock.run(dead, DEAD_PID);
    v9.close();

    const store = profile.open();
    expect(store.schemaVersion).toBe(latestVersion());
    // No start time on record: a live pid keeps its lock, a dead one's is taken over.
    expect(store.locks.tryAcquire(live)).toBe(false);
    expect(store.locks.tryAcquire(dead)).toBe(true);
    expect(store.locks.holder(dead)?.pid).toBe(process.pid);

    // From now on a lock and a claim name their process's start time beside its pid.
    const identity = store.identities.upsert(identitySettings(live));
    const id = store.outbox.enqueue({
      identityId: identity.id,
      messageId: '<x@example.org>',
      raw: Buffer.from('Subject: x\r\n\r\nx\r\n'),
      envelopeFrom: 'a@example.org',
      envelopeTo: ['b@example.org'],
      subject: 'x',
    }).id;
    expect(store.outbox.claim(id, store.sessions.startSmtp(identity.id, null))).toBe(true);
    const db = new Database(profile.path, { readonly: true });
    const started = processStartTime(process.pid);
    expect(started).toEqual(expect.any(Number));
    expect(db.prepare('SELECT pid_started FROM sync_locks WHERE account_id = ?').get(dead)).toEqual(
      {
        pid_started: started,
      },
    );
    expect(db.prepare('SELECT claim_pid_started FROM outbox WHERE id = ?').get(id)).toEqual({
      claim_pid_started: started,
    });
    db.close();
  });
});
