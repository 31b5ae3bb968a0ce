// Address completion through the contract, over a real store: senders and recipients of stored
// mail, the user's Sent mail and outbox (Bcc included), ranked; drafts and the user's own
// addresses left out; case and accents ignored; the cache follows new mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressSuggestion } from '../../shared/model/compose';
import { parseMessage } from '../mime';
import { testServices, type TestServices } from '../testing/test-services';

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

  it('finds an address from mail stored after an earlier query', async () => {
    expect(await addresses('polo')).toEqual([]);
    await t.seedMessage(accountId, 'u4', mail(['From: Marco Polo <marco@venezia.example>']));
    expect(await addresses('polo')).toEqual(['marco@venezia.example']);
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
