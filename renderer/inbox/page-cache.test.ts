import { describe, expect, it } from 'vitest';
import type { MessagePage, MessageSummary } from '../../shared/model/message';
import type { Result } from '../../shared/result';
import { MessagePageCache } from './page-cache';

const row = (id: number): MessageSummary => ({
  id,
  accountId: 1,
  folderId: 1,
  starred: false,
  uidl: `u${id}`,
  from: null,
  subject: `s${id}`,
  date: null,
  receivedAt: 0,
  size: 1,
  read: false,
  hasAttachments: false,
  snippet: '',
  headersOnly: false,
  deleteFromServerPending: false,
});

/** A store of `total` rows whose answers the test releases by hand. */
function controlledStore(total: number) {
  const calls: Array<{ offset: number; limit: number; answer: () => void }> = [];
  let rows = Array.from({ length: total }, (_, i) => row(i + 1));
  const fetch = (offset: number, limit: number) =>
    new Promise<Result<MessagePage>>((resolve) => {
      calls.push({
        offset,
        limit,
        answer: () =>
          resolve({
            ok: true,
            value: { items: rows.slice(offset, offset + limit), total: rows.length, offset },
          }),
      });
    });
  return {
    calls,
    fetch,
    replace(next: MessageSummary[]) {
      rows = next;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the message page cache', () => {
  it('fetches only the pages a visible range needs, once each', async () => {
    const store = controlledStore(1000);
    const cache = new MessagePageCache(store.fetch, () => undefined, 100);
    cache.ensure(150, 260);
    cache.ensure(150, 260);
    expect(store.calls.map((c) => c.offset)).toEqual([100, 200]);
    store.calls.forEach((c) => c.answer());
    await settle();
    expect(cache.total).toBe(1000);
    expect(cache.rowAt(150)?.id).toBe(151);
    expect(cache.rowAt(50)).toBeUndefined();
  });

  it('drops an answer that arrives after the query was reset', async () => {
    const store = controlledStore(10);
    const cache = new MessagePageCache(store.fetch, () => undefined, 5);
    cache.ensure(0, 4);
    cache.reset();
    store.calls[0]?.answer();
    await settle();
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.total).toBeNull();
  });

  it('keeps old rows on screen during a refresh, then drops pages it did not re-read', async () => {
    const store = controlledStore(20);
    const cache = new MessagePageCache(store.fetch, () => undefined, 5);
    cache.ensure(0, 19);
    store.calls.forEach((c) => c.answer());
    await settle();
    store.replace(Array.from({ length: 12 }, (_, i) => row(100 + i)));
    const done = cache.refresh(5, 9);
    expect(cache.rowAt(5)?.id).toBe(6);
    store.calls.at(-1)?.answer();
    await done;
    expect(cache.rowAt(5)?.id).toBe(105);
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.total).toBe(12);
  });

  it('patches a loaded row and finds a row by id', async () => {
    const store = controlledStore(3);
    let changes = 0;
    const cache = new MessagePageCache(store.fetch, () => changes++, 5);
    cache.ensure(0, 2);
    store.calls[0]?.answer();
    await settle();
    cache.patch(2, { read: true });
    expect(cache.rowAt(1)?.read).toBe(true);
    expect(cache.indexOf(3)).toBe(2);
    expect(cache.rowsBetween(0, 2).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(changes).toBe(2);
  });

  it('reports a failed page and does not ask for it again on every render', async () => {
    let asked = 0;
    const cache = new MessagePageCache(
      async () => {
        asked++;
        return { ok: false, error: { kind: 'network', message: 'gone' } };
      },
      () => undefined,
      5,
    );
    cache.ensure(0, 4);
    await settle();
    cache.ensure(0, 4);
    await settle();
    expect(cache.error?.kind).toBe('network');
    expect(cache.total).toBe(0);
    expect(asked).toBe(1);
  });
});
