import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from './store-error';
import { manualClock, parsedMessage, rawMessage, storeWithAccount } from './store-test-support';

const clock = manualClock();
let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount({ now: clock.now });
});
afterEach(() => env.cleanup());

const commit = (uidl: string, contentKey: string | null = null) =>
  env.store.commitMessage({
    accountId: env.accountId,
    uidl,
    raw: rawMessage(uidl),
    sessionId: null,
    parsed: parsedMessage({ subject: uidl }),
    contentKey,
    partial: false,
  }).messageId;

describe('UIDL state', () => {
  it('walks seen -> committed -> dele-sent -> gone with timestamps', () => {
    const { store, accountId } = env;
    store.uidl.markSeen(accountId, [{ uidl: 'a', size: 100 }]);
    expect(store.uidl.get(accountId, 'a')).toMatchObject({
      state: 'seen',
      size: 100,
      messageId: null,
      firstSeenAt: clock.now(),
    });
    clock.advance(1000);
    const messageId = commit('a');
    expect(store.uidl.get(accountId, 'a')).toMatchObject({
      state: 'committed',
      messageId,
      committedAt: clock.now(),
    });
    const sessionId = store.sessions.start(accountId);
    store.uidl.markDeleSent(accountId, ['a'], sessionId);
    expect(store.uidl.get(accountId, 'a')).toMatchObject({
      state: 'dele-sent',
      deleSessionId: sessionId,
    });
    clock.advance(1000);
    expect(store.uidl.markGone(accountId, ['a'])).toBe(1);
    expect(store.uidl.get(accountId, 'a')).toMatchObject({ state: 'gone', goneAt: clock.now() });
    expect([...store.uidl.forAccount(accountId).keys()]).toEqual(['a']);
  });

  it('refuses to record DELE for a UIDL that is not committed, and changes nothing', () => {
    const { store, accountId } = env;
    commit('ok');
    store.uidl.markSeen(accountId, [{ uidl: 'only-seen' }]);
    const sessionId = store.sessions.start(accountId);
    let thrown: unknown;
    try {
      store.uidl.markDeleSent(accountId, ['ok', 'only-seen', 'unknown'], sessionId);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toMatchObject({ kind: 'not-committed' });
    expect((thrown as Error).message).toContain('only-seen, unknown');
    expect(store.uidl.get(accountId, 'ok')?.state).toBe('committed');
  });

  it('puts DELEs of a session that never reached UPDATE back to committed', () => {
    const { store, accountId } = env;
    commit('a');
    commit('b');
    const first = store.sessions.start(accountId);
    const second = store.sessions.start(accountId);
    store.uidl.markDeleSent(accountId, ['a'], first);
    store.uidl.markDeleSent(accountId, ['b'], second);
    expect(store.uidl.revertDeleSent(accountId, first)).toBe(1);
    expect(store.uidl.get(accountId, 'a')?.state).toBe('committed');
    expect(store.uidl.get(accountId, 'b')?.state).toBe('dele-sent');
  });

  it('brings a gone UIDL back when the server lists it again, committed if its message is stored', () => {
    const { store, accountId } = env;
    commit('kept');
    store.uidl.markSeen(accountId, [{ uidl: 'glimpsed' }]);
    store.uidl.markGone(accountId, ['kept', 'glimpsed']);
    store.uidl.markSeen(accountId, [{ uidl: 'kept' }, { uidl: 'glimpsed' }]);
    expect(store.uidl.get(accountId, 'kept')).toMatchObject({ state: 'committed', goneAt: null });
    expect(store.uidl.get(accountId, 'glimpsed')).toMatchObject({ state: 'seen', goneAt: null });
  });

  it('no longer vouches alone for a stored message whose key comes back after it was gone', () => {
    // Header keys (no UIDL) and reused UIDLs: what comes back may be another message.
    const { store, accountId } = env;
    commit('back');
    commit('stays');
    store.uidl.markGone(accountId, ['back']);
    store.uidl.markSeen(accountId, [{ uidl: 'back' }, { uidl: 'stays' }]);
    expect(store.uidl.get(accountId, 'back')).toMatchObject({
      state: 'committed',
      ambiguous: true,
    });
    expect(store.uidl.get(accountId, 'stays')).toMatchObject({ ambiguous: false });
  });

  it('never downgrades a committed UIDL when it is seen again', () => {
    const { store, accountId } = env;
    commit('a');
    store.uidl.markSeen(accountId, [{ uidl: 'a', size: 7 }]);
    expect(store.uidl.get(accountId, 'a')).toMatchObject({ state: 'committed', size: 7 });
  });

  it('removes a message the user deleted from the server once its UIDL is gone', () => {
    const { store, accountId } = env;
    const id = commit('a');
    store.messages.requestServerDelete([id]);
    store.uidl.markDeleSent(accountId, ['a'], store.sessions.start(accountId));
    store.uidl.markGone(accountId, ['a']);
    expect(store.messages.get(id)).toMatchObject({
      deletedLocally: true,
      deleteFromServerPending: false,
    });
  });

  it('keeps a message that simply vanished from the server', () => {
    const { store, accountId } = env;
    const id = commit('a');
    store.uidl.markGone(accountId, ['a']);
    expect(store.messages.get(id)?.deletedLocally).toBe(false);
  });
});

describe('content keys', () => {
  it('finds a committed message by content key', () => {
    const { store, accountId } = env;
    const id = commit('a', 'key-a');
    expect(store.uidl.findCommittedByContentKey(accountId, 'key-a')).toMatchObject({
      uidl: 'a',
      messageId: id,
    });
    expect(store.uidl.findCommittedByContentKey(accountId, 'nope')).toBeUndefined();
  });

  it('links a renamed UIDL to the stored message instead of storing it twice', () => {
    const { store, accountId } = env;
    const id = commit('old-name', 'key-a');
    // The old name is still listed: the same headers under a new UIDL are a different message.
    expect(store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', new Set(['old-name']))).toBe(
      null,
    );
    expect(
      store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', new Set(['new-name'])),
    ).toEqual({ messageId: id, partial: false });
    expect(store.uidl.get(accountId, 'new-name')).toMatchObject({
      state: 'committed',
      messageId: id,
    });
    expect(store.messages.get(id)?.uidl).toBe('new-name');
    // Committing under the new name now finds it.
    expect(commit('new-name', 'key-a')).toBe(id);
    expect(store.messages.count()).toBe(1);
  });

  it('keeps when the message was first seen and committed when it links a new name (keep-days does not restart)', () => {
    const { store, accountId } = env;
    store.uidl.markSeen(accountId, [{ uidl: 'old-name', size: 10 }]);
    const seenAt = clock.now();
    clock.advance(3 * 86_400_000);
    commit('old-name', 'key-a');
    const committedAt = clock.now();
    clock.advance(86_400_000);
    store.uidl.markSeen(accountId, [{ uidl: 'new-name', size: 10 }]);
    store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', new Set(['new-name']));
    expect(store.uidl.get(accountId, 'new-name')).toMatchObject({
      firstSeenAt: seenAt,
      committedAt,
    });
  });

  it('links by bytes only to the same bytes: equal headers with another body are a new message', () => {
    const { store, accountId } = env;
    const id = commit('old-name', 'key-a');
    const stored = store.uidl.get(accountId, 'old-name')!.sha256!;
    const listed = new Set(['new-name']);
    expect(
      store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', listed, {
        sha256: 'f'.repeat(64),
      }),
    ).toBe(null);
    expect(
      store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', listed, { sha256: stored }),
    ).toEqual({
      messageId: id,
      partial: false,
    });
  });

  it('never offers a derived key of a listed UIDL as a renamed message', () => {
    const { store, accountId } = env;
    commit('x sha256:00', 'key-a');
    expect(store.uidl.linkByContentKey(accountId, 'new-name', 'key-a', new Set(['x']))).toBe(null);
  });
});

describe('ambiguous UIDLs', () => {
  it('marks a UIDL ambiguous for good, creating it when unknown', () => {
    const { store, accountId } = env;
    commit('a');
    store.uidl.markAmbiguous(accountId, ['a', 'b']);
    store.uidl.markSeen(accountId, [{ uidl: 'a' }, { uidl: 'b' }]);
    expect(store.uidl.get(accountId, 'a')).toMatchObject({ state: 'committed', ambiguous: true });
    expect(store.uidl.get(accountId, 'b')).toMatchObject({ state: 'seen', ambiguous: true });
  });
});
