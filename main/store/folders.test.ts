import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSession } from '../sync/plan';
import { storePort } from '../sync/store-port';
import { StoreError } from './store-error';
import {
  accountSettings,
  manualClock,
  parsedMessage,
  rawMessage,
  storeWithAccount,
} from './store-test-support';

const clock = manualClock();
let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount({ now: clock.now });
});
afterEach(() => env.cleanup());

let uidlCounter = 0;
const commit = (accountId = env.accountId, subject = 'hello') =>
  env.store.commitMessage({
    accountId,
    uidl: `u${++uidlCounter}`,
    raw: rawMessage(subject),
    sessionId: null,
    parsed: parsedMessage({ subject }),
    contentKey: null,
    partial: false,
  }).messageId;

const folderOf = (id: number) => env.store.messages.get(id)?.folderId;
const listed = (folderId: number) => env.store.messages.list({ folderId }).map((m) => m.id);
const kind = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof StoreError ? error.kind : String(error);
  }
  return 'no error';
};

describe('folders', () => {
  it('lists each Inbox, then Trash, Archive and user folders by name, with counts', () => {
    const other = env.store.accounts.create(accountSettings({ user: 'bea' })).id;
    const a = commit();
    commit();
    env.store.messages.setRead([a], true);
    env.store.folders.create('receipts');
    env.store.folders.create('Family');
    expect(env.store.folders.list().map((f) => [f.name, f.accountId, f.total, f.unread])).toEqual([
      ['Inbox', env.accountId, 2, 1],
      ['Inbox', other, 0, 0],
      ['Trash', null, 0, 0],
      ['Archive', null, 0, 0],
      ['Drafts', null, 0, 0],
      ['Sent', null, 0, 0],
      ['Family', null, 0, 0],
      ['receipts', null, 0, 0],
    ]);
  });

  it('refuses duplicate names (any case), empty names, and changing Inbox, Trash or Archive', () => {
    const receipts = env.store.folders.create('Receipts');
    expect(kind(() => env.store.folders.create('receipts'))).toBe('duplicate-folder');
    expect(kind(() => env.store.folders.create('Trash'))).toBe('duplicate-folder');
    expect(kind(() => env.store.folders.create('   '))).toBe('invalid-input');
    expect(kind(() => env.store.folders.create('a\u0000b'))).toBe('invalid-input');
    expect(kind(() => env.store.folders.rename(env.store.folders.trash().id, 'Bin'))).toBe(
      'invalid-input',
    );
    expect(kind(() => env.store.folders.remove(env.store.folders.inboxOf(env.accountId).id))).toBe(
      'invalid-input',
    );
    expect(kind(() => env.store.folders.rename(9999, 'x'))).toBe('not-found');
    expect(env.store.folders.rename(receipts.id, ' Bills ').name).toBe('Bills');
  });

  it('removes a folder that holds mail only into Trash, where undo finds it later', () => {
    const folder = env.store.folders.create('Projects');
    const [a, b] = [commit(), commit()];
    env.store.moves.move([a, b], folder.id);
    expect(env.store.folders.remove(folder.id)).toEqual({ movedToTrash: 2 });
    expect(env.store.folders.get(folder.id)).toBeUndefined();
    const trash = env.store.folders.trash();
    expect(listed(trash.id).sort()).toEqual([a, b].sort());
    expect(env.store.messages.get(a)?.deletedLocally).toBe(false);
  });

  it('finds a free name for a folder named after something', () => {
    env.store.folders.create('Work');
    expect(env.store.folders.freeName('Work')).toBe('Work (2)');
    expect(env.store.folders.freeName('Home')).toBe('Home');
  });
});

describe('moves, Trash and undo', () => {
  it('moves to Trash and undo puts every message back in its own folder', () => {
    const other = env.store.accounts.create(accountSettings({ user: 'bea' })).id;
    const [a, b] = [commit(), commit(other)];
    const trash = env.store.folders.trash().id;
    const result = env.store.moves.move([a, b], trash);
    expect(result.moved).toBe(2);
    expect(listed(trash).sort()).toEqual([a, b].sort());
    // Trash is not "All mail", and nothing is deleted here yet.
    expect(env.store.messages.list().map((m) => m.id)).toEqual([]);
    expect(env.store.messages.get(a)).toMatchObject({
      deletedLocally: false,
      trashedFrom: env.store.folders.inboxOf(env.accountId).id,
    });
    expect(env.store.moves.undoMove(result.undo)).toBe(2);
    expect(folderOf(a)).toBe(env.store.folders.inboxOf(env.accountId).id);
    expect(folderOf(b)).toBe(env.store.folders.inboxOf(other).id);
    expect(env.store.messages.get(a)?.trashedFrom).toBeNull();
    expect(
      env.store.messages
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual([a, b].sort());
  });

  it('leaves out messages already in the target, and refuses a folder that does not exist', () => {
    const a = commit();
    const inbox = env.store.folders.inboxOf(env.accountId).id;
    expect(env.store.moves.move([a], inbox)).toEqual({ moved: 0, undo: [], folderId: inbox });
    expect(kind(() => env.store.moves.move([a], 9999))).toBe('not-found');
    expect(folderOf(a)).toBe(inbox);
  });

  it('counts a message as deleted here (what the sync reads) only when it leaves Trash', () => {
    const [a, b] = [commit(), commit()];
    const trash = env.store.folders.trash().id;
    env.store.moves.move([a, b], trash);
    const uidlOf = (id: number) => env.store.messages.get(id)?.uidl ?? '';
    expect(env.store.uidl.get(env.accountId, uidlOf(a))?.deletedLocally).toBe(false);
    // Only messages in Trash can be deleted for good.
    const c = commit();
    expect(env.store.moves.deleteForever([a, c])).toBe(1);
    expect(env.store.uidl.get(env.accountId, uidlOf(a))?.deletedLocally).toBe(true);
    expect(env.store.messages.get(c)?.deletedLocally).toBe(false);
    expect(env.store.moves.emptyTrash()).toBe(1);
    expect(env.store.uidl.get(env.accountId, uidlOf(b))?.deletedLocally).toBe(true);
    expect(listed(trash)).toEqual([]);
    // Gone for good: undo cannot bring it back, search does not find it.
    expect(env.store.moves.undoMove([{ id: a, fromFolderId: folderOf(c) as number }])).toBe(0);
    expect(env.store.messages.list({ search: 'hello', folderId: trash })).toEqual([]);
  });

  it('removes a Local Folders message with no account, bytes and all, when Trash is emptied', () => {
    const folder = env.store.folders.create('Imported');
    const { messageId } = env.store.importMessage({
      folderId: folder.id,
      raw: rawMessage('old'),
      parsed: parsedMessage({ subject: 'old' }),
    });
    env.store.moves.move([messageId], env.store.folders.trash().id);
    expect(env.store.moves.emptyTrash()).toBe(1);
    expect(env.store.messages.get(messageId)).toBeUndefined();
    expect(env.store.messages.raw(messageId)).toBeUndefined();
  });

  it('restores from Trash by moving back, and that move is undoable into Trash again', () => {
    const a = commit();
    const trash = env.store.folders.trash().id;
    const inbox = env.store.folders.inboxOf(env.accountId).id;
    env.store.moves.move([a], trash);
    const back = env.store.moves.move([a], inbox);
    expect(env.store.messages.get(a)?.trashedFrom).toBeNull();
    env.store.moves.undoMove(back.undo);
    expect(env.store.messages.get(a)).toMatchObject({ folderId: trash, trashedFrom: inbox });
  });

  it('stars and unstars, and filters by star and by unread in any scope', () => {
    const [a, b, c] = [commit(), commit(), commit()];
    expect(env.store.moves.setFlagged([a, b], true)).toBe(2);
    expect(env.store.moves.setFlagged([a], true)).toBe(0);
    env.store.messages.setRead([b], true);
    const inbox = env.store.folders.inboxOf(env.accountId).id;
    expect(
      env.store.messages
        .list({ starredOnly: true })
        .map((m) => m.id)
        .sort(),
    ).toEqual([a, b].sort());
    expect(
      env.store.messages.list({ folderId: inbox, starredOnly: true, unreadOnly: true }),
    ).toEqual([expect.objectContaining({ id: a, starred: true, read: false })]);
    expect(env.store.messages.count({ folderId: inbox, unreadOnly: true })).toBe(2);
    env.store.moves.setFlagged([a], false);
    expect(env.store.messages.list({ starredOnly: true }).map((m) => m.id)).toEqual([b]);
    expect(c).toBeGreaterThan(0);
  });
});

describe('removing an account', () => {
  it('keeps its mail in a Local Folders folder named after it, without the account', () => {
    const [a, b, gone] = [commit(), commit(), commit()];
    const archive = env.store.folders.archive().id;
    env.store.moves.move([b], archive);
    env.store.moves.move([gone], env.store.folders.trash().id);
    env.store.moves.emptyTrash();
    env.store.messages.requestServerDelete([a]);
    const kept = env.store.removeAccount(env.accountId, 'keep', 'Work');
    expect(kept).toMatchObject({ name: 'Work', role: 'user', accountId: null, total: 1 });
    expect(env.store.accounts.get(env.accountId)).toBeUndefined();
    expect(env.store.messages.get(a)).toMatchObject({
      folderId: kept?.id,
      accountId: null,
      deleteFromServerPending: false,
    });
    expect(env.store.messages.raw(a)).toEqual(rawMessage('hello'));
    expect(env.store.messages.get(b)).toMatchObject({ folderId: archive, accountId: null });
    // What was deleted for good goes with the account.
    expect(env.store.messages.get(gone)).toBeUndefined();
  });

  it('deletes its mail when asked, in every folder', () => {
    const [a, b] = [commit(), commit()];
    env.store.moves.move([b], env.store.folders.archive().id);
    expect(env.store.removeAccount(env.accountId, 'delete', 'Work')).toBeNull();
    expect(env.store.messages.get(a)).toBeUndefined();
    expect(env.store.messages.get(b)).toBeUndefined();
    expect(kind(() => env.store.removeAccount(env.accountId, 'keep', 'Work'))).toBe('not-found');
  });

  it('makes no folder for an empty Inbox, and still keeps its archived mail', () => {
    const archived = commit();
    env.store.moves.move([archived], env.store.folders.archive().id);
    expect(env.store.removeAccount(env.accountId, 'keep', 'Work')).toBeNull();
    expect(env.store.folders.list().map((f) => f.name)).toEqual([
      'Trash',
      'Archive',
      'Drafts',
      'Sent',
    ]);
    expect(env.store.messages.get(archived)).toMatchObject({ accountId: null });
  });

  it('names the kept folder apart from one that exists', () => {
    env.store.folders.create('Work');
    commit();
    expect(env.store.removeAccount(env.accountId, 'keep', 'Work')?.name).toBe('Work (2)');
  });
});

describe('importing a message', () => {
  it('stores the exact bytes once per folder: same Message-ID and content is a duplicate', () => {
    const folder = env.store.folders.create('Imported').id;
    const other = env.store.folders.create('Elsewhere').id;
    const raw = rawMessage('imported');
    const parsed = parsedMessage({ subject: 'imported' });
    const first = env.store.importMessage({ folderId: folder, raw, parsed });
    expect(first.inserted).toBe(true);
    expect(env.store.importMessage({ folderId: folder, raw, parsed })).toEqual({
      messageId: first.messageId,
      inserted: false,
    });
    // Same Message-ID, other bytes: a different message.
    const edited = rawMessage('imported', 'edited');
    expect(env.store.importMessage({ folderId: folder, raw: edited, parsed }).inserted).toBe(true);
    // Another folder may hold its own copy.
    expect(env.store.importMessage({ folderId: other, raw, parsed }).inserted).toBe(true);
    expect(env.store.messages.raw(first.messageId)).toEqual(raw);
    expect(env.store.messages.get(first.messageId)).toMatchObject({ accountId: null, uidl: '' });
    expect(env.store.messages.list({ search: 'imported', folderId: folder })).toHaveLength(2);
    expect(kind(() => env.store.importMessage({ folderId: 9999, raw, parsed }))).toBe('not-found');
  });
});

describe('the sync reading "deleted here" with retention delete-when-deleted-locally', () => {
  it('plans no DELE for a message in Trash, and plans it once the message leaves Trash', () => {
    const a = commit();
    const uidl = env.store.messages.get(a)?.uidl ?? '';
    const planDele = () =>
      planSession({
        server: [{ n: 1, uidl, size: 10 }],
        known: storePort(env.store).known(env.accountId),
        retention: { mode: 'delete-when-deleted-locally' },
        maxMessageSize: null,
        now: clock.now(),
      }).dele.map((m) => m.uidl);
    env.store.moves.move([a], env.store.folders.trash().id);
    expect(planDele()).toEqual([]);
    env.store.moves.emptyTrash();
    expect(planDele()).toEqual([uidl]);
  });
});
