// Drafts opened again, through the contract over a real store: what the user typed comes back
// as typed (an entry that is not an address yet included, Bcc too), with subject, body,
// attachments and the message it answers; saving again replaces the draft instead of adding one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeInput, DraftContent } from '../../shared/model/compose';
import { parseMessage } from '../mime';
import { testServices, type TestServices } from '../testing/test-services';
import { identitySettings } from '../store/store-test-support';

let t: TestServices;
let identityId: number;
let accountId: number;

async function call<T>(name: string, arg: unknown): Promise<T> {
  const result = await t.dispatch(name as never, arg, { transport: 'electron' });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
const drafts = () =>
  t.services.store.messages.list({ folderId: t.services.store.folders.drafts().id, limit: 100 });

beforeAll(() => {
  t = testServices();
  accountId = t.addAccount({ user: 'ana@example.org' });
  identityId = t.services.sending.saveIdentity(
    identitySettings(accountId, { name: 'Ana Núñez', address: 'ana@example.org' }),
  ).id;
});
afterAll(async () => {
  await t?.cleanup();
});

const LONG =
  'A paragraph long enough to be carried as several flowed lines, because it runs well past seventy-eight characters, and comes back whole.';

describe('drafts opened again', () => {
  it('give back what was typed, invalid entries and Bcc included, with body and attachments', async () => {
    const bytes = randomBytes(5000);
    const typed = {
      to: 'Bob <bob@example.org>, Bob at the harbour',
      cc: '"Doe, Jane" <jane@example.org>',
      bcc: 'zoë@exämple',
    };
    const body = `Hello Bob,\n\n${LONG}\n\n> quoted line\n\nAna`;
    const draft: ComposeInput = {
      identityId,
      to: [{ name: 'Bob', address: 'bob@example.org' }],
      cc: [{ name: 'Doe, Jane', address: 'jane@example.org' }],
      subject: 'Harbour plans — ça va',
      body,
      attachments: [
        {
          filename: 'plan.bin',
          contentType: 'application/octet-stream',
          contentBase64: bytes.toString('base64'),
        },
      ],
      typed,
    };
    const { draftId } = await call<{ draftId: number }>('compose.saveDraft', draft);
    const opened = await call<DraftContent>('compose.openDraft', { id: draftId });
    expect(opened).toMatchObject({
      draftId,
      identityId,
      typed,
      to: [{ name: 'Bob', address: 'bob@example.org' }],
      cc: [{ name: 'Doe, Jane', address: 'jane@example.org' }],
      subject: 'Harbour plans — ça va',
      body,
      inReplyTo: null,
    });
    expect(opened.attachments).toHaveLength(1);
    expect(opened.attachments[0]).toMatchObject({ filename: 'plan.bin', size: 5000 });
    expect(Buffer.from(opened.attachments[0]?.contentBase64 ?? '', 'base64').equals(bytes)).toBe(
      true,
    );
  });

  it('saving it again replaces it: one draft, the newest text', async () => {
    const before = drafts().length;
    const first = await call<{ draftId: number }>('compose.saveDraft', {
      identityId,
      subject: 'Replace me',
      body: 'one',
      typed: { to: 'not yet an address', cc: '', bcc: '' },
    });
    const opened = await call<DraftContent>('compose.openDraft', { id: first.draftId });
    const second = await call<{ draftId: number }>('compose.saveDraft', {
      identityId,
      subject: opened.subject,
      body: 'two',
      draftId: opened.draftId,
      typed: { to: 'carol@example.org', cc: '', bcc: '' },
    });
    expect(drafts()).toHaveLength(before + 1);
    expect(drafts().filter((d) => d.subject === 'Replace me')).toHaveLength(1);
    // A new id: a view still showing the old draft cannot take it for the new one.
    expect(second.draftId).not.toBe(first.draftId);
    expect(await call<DraftContent>('compose.openDraft', { id: second.draftId })).toMatchObject({
      body: 'two',
      typed: { to: 'carol@example.org', cc: '', bcc: '' },
    });
  });

  it('keep the message a reply answers, and its threading headers', async () => {
    const original = await t.seedMessage(
      accountId,
      'orig',
      'From: bob@example.org\nTo: ana@example.org\nSubject: Boats\nMessage-ID: <boats-1@example.org>\n\nHow many?\n',
    );
    const { draftId } = await call<{ draftId: number }>('compose.saveDraft', {
      identityId,
      to: [{ name: '', address: 'bob@example.org' }],
      subject: 'Re: Boats',
      body: 'Three.',
      inReplyTo: original,
    });
    expect((await call<DraftContent>('compose.openDraft', { id: draftId })).inReplyTo).toBe(
      original,
    );
    const raw = t.services.store.messages.raw(draftId)?.toString('latin1') ?? '';
    expect(raw).toContain('In-Reply-To: <boats-1@example.org>');
  });

  it('open a draft from elsewhere (no note) from its headers', async () => {
    const store = t.services.store;
    const bytes = Buffer.from(
      'From: ana@example.org\r\nTo: Eve <eve@example.org>\r\nCc: fay@example.org\r\nSubject: Imported\r\n\r\nWritten elsewhere.\r\n',
    );
    const { messageId } = store.importMessage({
      folderId: store.folders.drafts().id,
      raw: bytes,
      parsed: await parseMessage(bytes),
    });
    expect(await call<DraftContent>('compose.openDraft', { id: messageId })).toMatchObject({
      identityId,
      typed: null,
      to: [{ name: 'Eve', address: 'eve@example.org' }],
      cc: [{ name: '', address: 'fay@example.org' }],
      subject: 'Imported',
      body: 'Written elsewhere.',
      attachments: [],
    });
  });

  it('refuse a message that is not in Drafts, and one that does not exist', async () => {
    const inbox = await t.seedMessage(accountId, 'other', 'From: x@example.org\nSubject: x\n\nx\n');
    expect(
      await t.dispatch('compose.openDraft', { id: inbox }, { transport: 'electron' }),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not in Drafts') },
    });
    expect(
      await t.dispatch('compose.openDraft', { id: 999_999 }, { transport: 'electron' }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });
});
