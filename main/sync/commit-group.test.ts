import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { CommitGroups, type CommitGroupOptions } from './commit-group';

let profile: TempProfile;
let store: Store;
afterEach(() => {
  store?.close();
  profile?.remove();
});

function groups(options: Partial<CommitGroupOptions> = {}) {
  profile = tempProfile();
  store = openStore(profile.dbPath);
  const commits: number[] = [];
  const g = new CommitGroups({
    transaction: (fn) => store.batch(fn),
    allOrNothing: (fn) => store.allOrNothing(fn),
    maxMessages: 3,
    maxOctets: 1 << 20,
    maxDelayMs: 60_000,
    onCommit: (n) => commits.push(n),
    ...options,
  });
  return { g, commits };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('CommitGroups', () => {
  it('commits several messages in one transaction and answers each only after it committed', async () => {
    const { g, commits } = groups();
    const answered: string[] = [];
    const a = g.add(() => (store.settings.set('a', 1), 'a'), 10).then((v) => answered.push(v));
    const b = g.add(() => (store.settings.set('b', 2), 'b'), 10).then((v) => answered.push(v));
    await settle();
    // Written inside the open group, but not committed: nobody may act on them yet.
    expect(answered).toEqual([]);
    expect(commits).toEqual([]);
    const c = g.add(() => 'c', 10).then((v) => answered.push(v));
    await Promise.all([a, b, c]);
    expect(commits).toEqual([3]);
    expect(answered).toEqual(['a', 'b', 'c']);
    expect(store.settings.get('a')).toBe(1);
  });

  it('commits when the octets reach the bound, or when the oldest has waited long enough', async () => {
    const { g, commits } = groups({ maxOctets: 100, maxDelayMs: 20 });
    await Promise.all([g.add(() => 1, 60), g.add(() => 2, 60)]);
    expect(commits).toEqual([2]);
    await g.add(() => 3, 1);
    expect(commits).toEqual([2, 1]);
  });

  it('undoes only the message whose work threw; the rest of its group is stored', async () => {
    const { g } = groups();
    const ok1 = g.add(() => store.settings.set('one', 1), 1);
    const bad = g.add(() => {
      store.settings.set('two', 2);
      throw new Error('no room for two');
    }, 1);
    const ok3 = g.add(() => store.settings.set('three', 3), 1);
    await expect(bad).rejects.toThrow('no room for two');
    await Promise.all([ok1, ok3]);
    expect(store.settings.get('one')).toBe(1);
    expect(store.settings.get('two')).toBeUndefined();
    expect(store.settings.get('three')).toBe(3);
  });

  it('runs a group that does not fail as one transaction with no savepoint per message', async () => {
    let savepointed = 0;
    const { g } = groups({
      transaction: (fn) => {
        savepointed++;
        return store.batch(fn);
      },
    });
    await Promise.all([1, 2, 3].map((n) => g.add(() => store.settings.set(`k${n}`, n), 1)));
    expect(savepointed).toBe(0);
    expect(store.settings.get('k3')).toBe(3);
  });

  it('undoes the whole first attempt when a message fails, then stores the others exactly once', async () => {
    const bump = (key: string) => store.settings.set(key, Number(store.settings.get(key) ?? 0) + 1);
    let tries = 0;
    const { g, commits } = groups({ before: () => bump('log') });
    const ok1 = g.add(() => bump('one'), 1);
    const bad = g.add(() => {
      tries++;
      bump('two');
      throw new Error('no room for two');
    }, 1);
    const ok3 = g.add(() => bump('three'), 1);
    await expect(bad).rejects.toThrow('no room for two');
    await Promise.all([ok1, ok3]);
    // Tried without savepoints, then again each alone: what the first try wrote is gone.
    expect(tries).toBe(2);
    expect([store.settings.get('one'), store.settings.get('three')]).toEqual([1, 1]);
    expect(store.settings.get('two')).toBeUndefined();
    // The log lines written with the group went in once, with the attempt that committed.
    expect(store.settings.get('log')).toBe(1);
    expect(commits).toEqual([3]);
  });

  it('rejects every message of a group whose transaction failed, and stores none of it', async () => {
    const { g, commits } = groups({
      before: () => {
        throw new Error('disk full');
      },
    });
    const all = [1, 2, 3].map((n) => g.add(() => store.settings.set(`k${n}`, n), 1));
    for (const p of all) await expect(p).rejects.toThrow('disk full');
    expect(commits).toEqual([]);
    expect(store.settings.get('k1')).toBeUndefined();
  });

  it('flush commits what waits at once, and does nothing when nothing waits', async () => {
    const { g, commits } = groups();
    g.flush();
    const p = g.add(() => 'x', 1);
    expect(g.waiting).toBe(1);
    g.flush();
    expect(g.waiting).toBe(0);
    await expect(p).resolves.toBe('x');
    expect(commits).toEqual([1]);
  });
});
