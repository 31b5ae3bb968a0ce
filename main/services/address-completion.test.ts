// Address completion through the contract, over a real store: senders and recipients of stored
// mail, the user's Sent mail and outbox (Bcc included), ranked; drafts and the user's own
// addresses left out; case and accents ignored; the cache follows new mail and removals, reading
// a large store a slice at a time between turns of the event loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressSuggestion } from '../../shared/model/compose';
import { parseMessage } from '../mime';
import { openStore, type AddressBook, type AddressUse, type Store } from '../store';
import {
  accountSettings,
  parsedMessage,
  tempProfile,
  type TempProfile,
} from '../store/store-test-support';
import { testServices, type TestServices } from '../testing/test-services';
import { completeAddress, createAddressCache } from './address-completion';

let t: TestServices;
let accountId: number;

const mail = (headers: string[], date = 'Fri, 20 Nov 2026 10:00:00 +0000') =>
  [...headers, `Date: ${date}`, 'Subject: hello', '', 'text', ''].join('\n');

async function importInto(role: 'sent' | 'drafts', raw: string) {
  const store = t.services.store;
  const bytes = Buffer.from(raw.replace(/\n/g, '\r\n'));
  const folder = role === 'sent' ? store.folders.sent() : store.folders.drafts();
  store.importMessage({ folderId: folder.id, raw: bytes, parsed: await parseMessage(bytes) });
}

async function complete(query: string, limit?: number): Promise<AddressSuggestion[]> {
  const result = await t.dispatch(
    'compose.completeAddress',
    { query, ...(limit ? { limit } : {}) },
    { transport: 'electron' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as AddressSuggestion[];
}
const addresses = async (query: string, limit?: number) =>
  (await complete(query, limit)).map((s) => s.address);

beforeAll(async () => {
  t = testServices();
  accountId = t.addAccount({ user: 'me@home.example' });
  const identity = t.services.sending.saveIdentity({
    accountId,
    name: 'Me',
    address: 'me@home.example',
    smtpHost: 'smtp.home.example',
    smtpPort: 587,
    security: 'starttls',
    allowInsecurePassword: false,
    auth: 'auto',
    smtpUser: null,
  });
  await t.seedMessage(
    accountId,
    'u1',
    mail(['From: Émile Zola <emile@zola.example>', 'To: me@home.example']),
  );
  await t.seedMessage(
    accountId,
    'u2',
    mail(['From: Marie Curie <marie@radium.example>', 'To: Me <me@home.example>']),
  );
  await t.seedMessage(
    accountId,
    'u3',
    mail([
      'From: marie@radium.example',
      'To: me@home.example',
      'Cc: Marc Bloch <MARC@annales.example>',
    ]),
  );
  await importInto(
    'sent',
    mail(
      ['From: me@home.example', 'To: Martin Luther <martin@wittenberg.example>'],
      'Mon, 6 Jan 2020 09:00:00 +0000',
    ),
  );
  await importInto('drafts', mail(['From: me@home.example', 'To: Marvin <marvin@draft.example>']));
  t.services.store.outbox.enqueue({
    identityId: identity.id,
    messageId: '<out-1@home.example>',
    raw: Buffer.from(mail(['From: me@home.example', 'To: x@y.example'])),
    envelopeFrom: 'me@home.example',
    envelopeTo: ['mara@bcc.example'],
    subject: 'hello',
  });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('address completion', () => {
  it('matches the start of any word of the name or the address, ignoring case and accents', async () => {
    expect(await complete('emi')).toEqual([
      { name: 'Émile Zola', address: 'emile@zola.example', sentTo: 0, seen: 1 },
    ]);
    expect(await addresses('ÉMILE')).toEqual(['emile@zola.example']);
    expect(await addresses('zol')).toEqual(['emile@zola.example']);
    expect(await addresses('radium')).toEqual(['marie@radium.example']);
    expect(await addresses('emile@zo')).toEqual(['emile@zola.example']);
    expect(await addresses('marie cu')).toEqual(['marie@radium.example']);
    // Inside a word is not the start of one.
    expect(await addresses('mile')).toEqual([]);
  });

  it('ranks addresses the user wrote to first (newest first), then the most used', async () => {
    expect(await addresses('mar')).toEqual([
      'mara@bcc.example',
      'martin@wittenberg.example',
      'marie@radium.example',
      'MARC@annales.example',
    ]);
    expect(await addresses('mar', 2)).toEqual(['mara@bcc.example', 'martin@wittenberg.example']);
    const [marie] = await complete('curie');
    // The name comes from the newest message that gave one.
    expect(marie).toEqual({
      name: 'Marie Curie',
      address: 'marie@radium.example',
      sentTo: 0,
      seen: 2,
    });
  });

  it("leaves out drafts and the user's own addresses", async () => {
    expect(await addresses('marvin')).toEqual([]);
    expect(await addresses('me@')).toEqual([]);
  });

  it('finds an address from mail stored after an earlier query, counted with the rest', async () => {
    expect(await addresses('polo')).toEqual([]);
    await t.seedMessage(accountId, 'u4', mail(['From: Marco Polo <marco@venezia.example>']));
    await t.seedMessage(accountId, 'u5', mail(['From: Marie Curie <marie@radium.example>']));
    expect(await addresses('polo')).toEqual(['marco@venezia.example']);
    expect((await complete('curie'))[0]?.seen).toBe(3);
  });

  it('forgets an address whose only message was deleted for good', async () => {
    const id = await t.seedMessage(accountId, 'u6', mail(['From: Ottoline <otto@gone.example>']));
    expect(await addresses('otto')).toEqual(['otto@gone.example']);
    const store = t.services.store;
    store.moves.move([id], store.folders.trash().id);
    store.moves.deleteForever([id]);
    expect(await addresses('otto')).toEqual([]);
    expect((await complete('curie'))[0]?.seen).toBe(3);
  });

  it('refuses an empty or oversized query and a limit out of range', async () => {
    for (const arg of [
      { query: '' },
      { query: '   ' },
      { query: 'x'.repeat(321) },
      { query: 'a', limit: 0 },
      { query: 'a', limit: 51 },
    ]) {
      const result = await t.dispatch('compose.completeAddress', arg, { transport: 'electron' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    }
  });
});

/** A store of `count` messages (ids 1..count) behind the AddressBook interface, counting reads. */
function fakeBook(count: number) {
  const mail = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    address: `p${(i + 1) % 50}@x.example`,
    live: true,
  }));
  let version = 0;
  const read: number[] = [];
  let passes = 0;
  const counted = (from: number, to: number) =>
    mail.filter((m) => m.live && m.id >= from && m.id < to);
  const book: AddressBook = {
    mailUses(fromId, toId) {
      const inRange = counted(fromId, toId);
      read.push(...inRange.map((m) => m.id));
      const uses = new Map<string, AddressUse>();
      for (const m of inRange) {
        const use = uses.get(m.address) ?? {
          address: m.address,
          name: '',
          seen: 0,
          sentTo: 0,
          lastAt: 0,
        };
        use.seen++;
        use.lastAt = Math.max(use.lastAt, m.id);
        uses.set(m.address, use);
      }
      return [...uses.values()];
    },
    outboxUses: () => [],
    slices(bits, range) {
      if (!range) passes++;
      const bySlice = new Map<number, { messages: number; checksum: number }>();
      for (const m of counted(range?.fromId ?? 0, range?.toId ?? Infinity)) {
        const s = bySlice.get(m.id >> bits) ?? { messages: 0, checksum: 0 };
        s.messages++;
        s.checksum += m.id * 7919;
        bySlice.set(m.id >> bits, s);
      }
      return [...bySlice].map(([slice, s]) => ({ slice, ...s }));
    },
    lastId: () => mail.at(-1)?.id ?? 0,
    probe: (upTo) =>
      mail
        .filter((m) => m.live && m.id <= upTo)
        .map((m) => m.id)
        .join(','),
    version: () => String(version),
  };
  return {
    book,
    /** Message ids read since the last call. */
    taken: () => read.splice(0),
    /** Passes over the whole store's checksums so far. */
    passes: () => passes,
    add(n: number) {
      for (let k = 0; k < n; k++)
        mail.push({ id: mail.length + 1, address: `new${mail.length}@x.example`, live: true });
      version++;
    },
    /** A write that is not mail (a session's log, a setting). */
    touch() {
      version++;
    },
    remove(id: number) {
      mail[id - 1]!.live = false;
      version++;
    },
  };
}

const seenOf = (entries: AddressSuggestion[], address: string) =>
  entries.find((e) => e.address === address)?.seen;

describe('the completion cache', () => {
  it('answers the first query after reading one slice, newest first, and reads the rest one slice a step', () => {
    const store = fakeBook(1000);
    const later: Array<() => void> = [];
    const cache = createAddressCache(store.book, () => new Set(), {
      sliceBits: 8,
      schedule: (step) => later.push(step),
    });
    cache.entries();
    // Slices of 256 ids: 768..999 first (ids 768-1000).
    expect(store.taken()).toEqual(Array.from({ length: 233 }, (_, i) => 768 + i));
    let steps = 0;
    while (later.length > 0) {
      later.shift()!();
      steps++;
      expect(store.taken().length).toBeLessThanOrEqual(256);
    }
    // Three slices, and a turn that probes the store to compare the next change with.
    expect(steps).toBe(4);
    // Every message counted once: p0 is in ids 50, 100, ..., 1000.
    expect(seenOf(cache.entries(), 'p0@x.example')).toBe(20);
    expect(store.taken()).toEqual([]);
  });

  it('reads only the new mail, after a removal only the slice that held it, and nothing after a write that is not mail', async () => {
    const store = fakeBook(1000);
    const cache = createAddressCache(store.book, () => new Set(), { sliceBits: 8 });
    await cache.ready();
    store.taken();
    store.add(3);
    expect(seenOf(cache.entries(), 'new1002@x.example')).toBe(1);
    // The newest slice (ids 768-1003) again, not the store, and no pass over every checksum.
    expect(store.taken()).toEqual(Array.from({ length: 236 }, (_, i) => 768 + i));
    expect(store.passes()).toBe(0);
    await cache.ready();
    store.remove(100);
    expect(seenOf(cache.entries(), 'p0@x.example')).toBe(19);
    expect(store.taken()).toEqual(
      Array.from({ length: 255 }, (_, i) => 1 + i).filter((id) => id !== 100),
    );
    expect(store.passes()).toBe(1);
    await cache.ready();
    // Nothing changed, or a write that is not mail: nothing read, no pass.
    cache.entries();
    store.touch();
    cache.entries();
    expect(store.taken()).toEqual([]);
    expect(store.passes()).toBe(1);
  });
});

describe('address completion on a large store', () => {
  const COUNT = 3000;
  let profile: TempProfile;
  let store: Store;
  beforeAll(() => {
    profile = tempProfile();
    store = openStore(profile.dbPath);
    const account = store.accounts.create(accountSettings()).id;
    store.batch(() => {
      for (let i = 1; i <= COUNT; i++) {
        const from = { name: `Person ${i % 97}`, address: `person${i % 97}@big.example` };
        store.commitMessage({
          accountId: account,
          uidl: `u${i}`,
          raw: Buffer.from(`From: ${from.address}\r\n\r\nx\r\n`),
          sessionId: null,
          parsed: parsedMessage({
            from,
            to: [{ name: 'Me', address: 'me@home.example' }],
            cc: i % 3 ? [] : [{ name: '', address: `cc${i % 11}@big.example` }],
            date: Date.UTC(2026, 0, 1) + i * 60_000,
          }),
          contentKey: null,
          partial: false,
        });
      }
    });
  });
  afterAll(() => {
    store.close();
    profile.remove();
  });

  it('keeps the event loop turning while it reads the store, and ends with every message counted', async () => {
    let messagesRead = 0;
    const book: AddressBook = {
      ...store.addressBook,
      mailUses(fromId, toId) {
        messagesRead += Math.max(0, Math.min(toId, COUNT + 1) - Math.max(fromId, 1));
        return store.addressBook.mailUses(fromId, toId);
      },
    };
    const cache = createAddressCache(book, () => new Set(['me@home.example']), { sliceBits: 8 });
    let ticks = 0;
    let building = true;
    const tick = () => {
      ticks++;
      if (building) setImmediate(tick);
    };
    setImmediate(tick);
    // The first query reads one slice of 256 ids, not the 3,000 messages.
    expect(completeAddress(cache.entries(), 'person', 5)).toHaveLength(5);
    expect(messagesRead).toBeLessThanOrEqual(256);
    await cache.ready();
    building = false;
    // 3,000 ids are 12 slices: the 11 after the first each waited for a turn of the loop.
    expect(ticks).toBeGreaterThanOrEqual(11);
    expect(messagesRead).toBe(COUNT);
    const entries = cache.entries();
    expect(entries.filter((e) => e.address.startsWith('person'))).toHaveLength(97);
    expect(entries.reduce((n, e) => n + e.seen, 0)).toBe(COUNT + COUNT / 3);
    for (const k of [0, 1, 96])
      expect(entries.find((e) => e.address === `person${k}@big.example`)).toMatchObject({
        name: `Person ${k}`,
        seen: Array.from({ length: COUNT }, (_, i) => i + 1).filter((i) => i % 97 === k).length,
        sentTo: 0,
      });
    // The ranking is the one a single read of the whole store gives.
    const whole = createAddressCache(store.addressBook, () => new Set(['me@home.example']), {
      sliceBits: 20,
    });
    for (const query of ['person', 'person1', 'cc', 'big'])
      expect(completeAddress(entries, query, 50)).toEqual(
        completeAddress(whole.entries(), query, 50),
      );
  });
});
