// Address completion through the contract, over a real store: senders and recipients of stored
// mail, the user's Sent mail and outbox (Bcc included), ranked; drafts and the user's own
// addresses left out; case and accents ignored; the cache follows new mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressSuggestion } from '../../shared/model/compose';
import { parseMessage } from '../mime';
import type { AddressBook, AddressUse } from '../store';
import { testServices, type TestServices } from '../testing/test-services';
import { createAddressCache } from './address-completion';

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

describe('the completion cache', () => {
  it('reads only the mail added since its last read, and all of it again after a removal', () => {
    const use = (address: string): AddressUse => ({
      address,
      name: '',
      seen: 1,
      sentTo: 0,
      lastAt: 1,
    });
    let state = { maxId: 2, live: 2, outbox: '0:0' };
    const reads: number[] = [];
    const book: AddressBook = {
      mailUses(afterId) {
        reads.push(afterId);
        return afterId === 0 ? [use('a@x.example'), use('b@x.example')] : [use('c@x.example')];
      },
      outboxUses: () => [],
      state: () => state,
      liveAfter: (afterId) => (afterId < state.maxId ? state.maxId - afterId : 0),
    };
    const entries = createAddressCache(book, () => new Set());
    expect(entries().map((e) => e.address)).toEqual(['a@x.example', 'b@x.example']);
    expect(entries()).toHaveLength(2);
    state = { maxId: 3, live: 3, outbox: '0:0' };
    expect(entries().map((e) => e.address)).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    // One message gone: the counts no longer add up, so everything is read again.
    state = { maxId: 3, live: 2, outbox: '0:0' };
    expect(entries()).toHaveLength(2);
    expect(reads).toEqual([0, 2, 0]);
  });
});
