import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountSettings, parsedMessage, rawMessage, storeWithAccount } from './store-test-support';

let env: ReturnType<typeof storeWithAccount>;
let otherAccountId: number;
const DAY = 86_400_000;

function commit(accountId: number, uidl: string, over: Parameters<typeof parsedMessage>[0] = {}) {
  return env.store.commitMessage({
    accountId,
    uidl,
    raw: rawMessage(over.subject ?? uidl, 'x'.repeat(uidl.length * 10)),
    sessionId: null,
    parsed: parsedMessage(over),
    contentKey: null,
    partial: false,
  }).messageId;
}

let ids: Record<'old' | 'mid' | 'undated' | 'other', number>;
beforeEach(() => {
  env = storeWithAccount();
  otherAccountId = env.store.accounts.create(accountSettings({ user: 'other' })).id;
  const a = env.accountId;
  ids = {
    old: commit(a, 'u-old', {
      subject: 'beta release notes',
      date: Date.UTC(2025, 0, 1),
      from: { name: 'Zed', address: 'zed@example.org' },
    }),
    mid: commit(a, 'u-mid-longer', {
      subject: 'Alpha meeting',
      date: Date.UTC(2025, 5, 1),
      from: { name: '', address: 'carol@example.org' },
      bodyText: 'agenda for the quarterly planning',
    }),
    undated: commit(a, 'u-undated', {
      subject: 'gamma',
      date: null,
      from: { name: 'Émile', address: 'emile@example.org' },
    }),
    other: commit(otherAccountId, 'u-other', {
      subject: 'quarterly numbers',
      date: Date.UTC(2025, 8, 1),
    }),
  };
});
afterEach(() => env.cleanup());

const listIds = (options: Parameters<typeof env.store.messages.list>[0] = {}) =>
  env.store.messages.list(options).map((m) => m.id);

describe('messages.list', () => {
  it('lists newest first across all accounts, undated mail by arrival time', () => {
    // The undated one arrived "now", after every Date header above.
    expect(listIds()).toEqual([ids.undated, ids.other, ids.mid, ids.old]);
    expect(listIds({ order: 'asc' })).toEqual([ids.old, ids.mid, ids.other, ids.undated]);
  });

  it('narrows to one account', () => {
    expect(listIds({ accountId: env.accountId })).toEqual([ids.undated, ids.mid, ids.old]);
    expect(env.store.messages.count({ accountId: otherAccountId })).toBe(1);
  });

  it('sorts by sender (name, else address, case-insensitive), subject and size', () => {
    expect(listIds({ accountId: env.accountId, sort: 'from', order: 'asc' })).toEqual([
      ids.mid, // carol@…
      ids.undated, // émile
      ids.old, // zed
    ]);
    expect(listIds({ accountId: env.accountId, sort: 'subject', order: 'asc' })).toEqual([
      ids.mid,
      ids.old,
      ids.undated,
    ]);
    expect(listIds({ accountId: env.accountId, sort: 'size', order: 'desc' })).toEqual([
      ids.mid,
      ids.undated,
      ids.old,
    ]);
  });

  it('sorts by star: starred first, each group newest first, and the reverse', () => {
    env.store.moves.setFlagged([ids.old], true);
    expect(listIds({ accountId: env.accountId, sort: 'starred', order: 'desc' })).toEqual([
      ids.old,
      ids.undated,
      ids.mid,
    ]);
    expect(listIds({ accountId: env.accountId, sort: 'starred', order: 'asc' })).toEqual([
      ids.mid,
      ids.undated,
      ids.old,
    ]);
  });

  it('narrows a search by its operators: from:, subject:, has:attachment, is:, before:, after:', () => {
    const attached = commit(env.accountId, 'u-attached', {
      subject: 'scan of the contract',
      date: Date.UTC(2025, 2, 10),
      from: { name: 'Dora', address: 'dora@example.org' },
      to: [{ name: 'Carol', address: 'carol@example.org' }],
      hasAttachments: true,
    });
    // from: is the sender only, not a recipient with that name.
    expect(listIds({ search: 'from:carol' })).toEqual([ids.mid]);
    expect(listIds({ search: 'from:zed beta' })).toEqual([ids.old]);
    expect(listIds({ search: 'subject:quarterly' })).toEqual([ids.other]);
    expect(listIds({ search: 'quarterly' })).toEqual([ids.other, ids.mid]);
    expect(listIds({ search: 'has:attachment' })).toEqual([attached]);
    env.store.messages.setRead([ids.mid], true);
    expect(listIds({ search: 'is:read' })).toEqual([ids.mid]);
    expect(listIds({ search: 'is:unread', accountId: env.accountId })).toEqual([
      ids.undated,
      attached,
      ids.old,
    ]);
    const local = (y: number, m: number, d: number) =>
      `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    expect(listIds({ search: `after:${local(2025, 3, 1)} before:${local(2025, 7, 1)}` })).toEqual([
      ids.mid,
      attached,
    ]);
    expect(env.store.messages.count({ search: 'before:2025-02-01' })).toBe(1);
  });

  it('pages with limit and offset', () => {
    expect(listIds({ limit: 2 })).toEqual([ids.undated, ids.other]);
    expect(listIds({ limit: 2, offset: 2 })).toEqual([ids.mid, ids.old]);
    expect(listIds({ limit: 0 })).toHaveLength(1);
  });

  it('returns the contract summary shape', () => {
    const [summary] = env.store.messages.list({ accountId: otherAccountId });
    expect(summary).toEqual({
      id: ids.other,
      accountId: otherAccountId,
      folderId: env.store.folders.inboxOf(otherAccountId).id,
      starred: false,
      uidl: 'u-other',
      from: { name: 'Bob Sender', address: 'bob@example.org' },
      subject: 'quarterly numbers',
      date: Date.UTC(2025, 8, 1),
      receivedAt: expect.any(Number),
      size: expect.any(Number),
      read: false,
      hasAttachments: false,
      snippet: 'hello there',
      headersOnly: false,
      deleteFromServerPending: false,
    });
  });

  it('searches subject, addresses and body, with the last word as a prefix', () => {
    expect(listIds({ search: 'quarterly' })).toEqual([ids.other, ids.mid]);
    expect(listIds({ search: 'quarterly', accountId: env.accountId })).toEqual([ids.mid]);
    expect(listIds({ search: 'carol@example.org' })).toEqual([ids.mid]);
    expect(listIds({ search: 'emile' })).toEqual([ids.undated]);
    expect(listIds({ search: 'relea' })).toEqual([ids.old]);
    expect(listIds({ search: 'NEAR( "unbalanced' })).toEqual([]);
    expect(env.store.messages.count({ search: 'quarterly' })).toBe(2);
    // Nothing searchable: the plain list.
    expect(listIds({ search: ' -- ' })).toHaveLength(4);
  });

  it('filters unread messages', () => {
    env.store.messages.setRead([ids.undated, ids.other], true);
    expect(listIds({ unreadOnly: true })).toEqual([ids.mid, ids.old]);
    expect(env.store.messages.count({ unreadOnly: true, search: 'quarterly' })).toBe(1);
  });
});

describe('message changes', () => {
  it('marks read and unread, counting only real changes', () => {
    expect(env.store.messages.setRead([ids.old, ids.mid], true)).toBe(2);
    expect(env.store.messages.setRead([ids.old, ids.mid], true)).toBe(0);
    expect(env.store.messages.get(ids.old)?.read).toBe(true);
    expect(env.store.messages.setRead([ids.old], false)).toBe(1);
  });

  it('deleting locally hides a message from lists and search but keeps it for the UIDL bookkeeping', () => {
    expect(env.store.messages.deleteLocally([ids.mid])).toBe(1);
    expect(listIds()).not.toContain(ids.mid);
    expect(listIds({ search: 'agenda' })).toEqual([]);
    expect(env.store.messages.count({ search: 'quarterly' })).toBe(1);
    expect(env.store.messages.count()).toBe(3);
    expect(env.store.messages.get(ids.mid)?.deletedLocally).toBe(true);
    expect(env.store.uidl.get(env.accountId, 'u-mid-longer')).toMatchObject({
      state: 'committed',
      deletedLocally: true,
    });
  });

  it('marks messages for deletion from the server; one already gone there is removed at once', () => {
    env.store.uidl.markGone(env.accountId, ['u-old']);
    expect(env.store.messages.requestServerDelete([ids.old, ids.mid])).toBe(2);
    expect(env.store.messages.get(ids.old)?.deletedLocally).toBe(true);
    expect(env.store.messages.get(ids.mid)).toMatchObject({
      deleteFromServerPending: true,
      deletedLocally: false,
    });
    expect(env.store.uidl.get(env.accountId, 'u-mid-longer')?.deleteRequested).toBe(true);
    expect(env.store.messages.requestServerDelete([ids.mid])).toBe(0);
  });

  it('returns undefined for an unknown id', () => {
    expect(env.store.messages.get(12345)).toBeUndefined();
    expect(env.store.messages.raw(12345)).toBeUndefined();
  });
});

describe('requestFullFetch', () => {
  it('only marks headers-only messages', () => {
    const partialId = env.store.commitMessage({
      accountId: env.accountId,
      uidl: 'u-big',
      raw: Buffer.from('Subject: big\r\n\r\n'),
      sessionId: null,
      parsed: parsedMessage({ date: Date.UTC(2024, 0, 1) - DAY }),
      contentKey: null,
      partial: true,
    }).messageId;
    expect(env.store.messages.requestFullFetch([partialId, ids.old])).toBe(1);
    expect(env.store.uidl.get(env.accountId, 'u-big')).toMatchObject({
      partial: true,
      fetchRequested: true,
    });
  });
});
