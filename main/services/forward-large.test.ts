// Reply and forward of a large message (stored in chunks): its attachments carried a chunk at a
// time, never the whole message in one buffer; what stored mail a message carries is capped
// (ATTACHMENTS_MAX_OCTETS) and counted before any of it is read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATTACHMENTS_MAX_OCTETS } from '../../shared/model/compose';
import { getAttachment } from '../mime';
import { identitySettings } from '../store/store-test-support';
import { largeAttachmentMessage } from '../testing/large-message';
import { testServices, type TestServices } from '../testing/test-services';

let t: TestServices;
afterEach(async () => t?.cleanup());

async function seedLarge(attachmentOctets: number) {
  t = testServices();
  const accountId = t.addAccount({ user: 'ana@example.org' });
  const identityId = t.services.sending.saveIdentity(
    identitySettings(accountId, { name: 'Ana', address: 'ana@example.org' }),
  ).id;
  const { raw, attachment } = largeAttachmentMessage(attachmentOctets);
  const id = await t.seedMessage(accountId, 'u1', raw);
  expect(t.services.store.stagedBodies.isChunked(id)).toBe(true);
  // The one reader that joins a message whole: forwarding a large one must not call it.
  const joined = vi.spyOn(t.services.store.messages, 'raw');
  return { id, identityId, attachment, joined };
}

describe('forward of a large message', () => {
  it('lists and carries its attachment byte-exact, reading the message a chunk at a time', async () => {
    const { id, identityId, attachment, joined } = await seedLarge(9 * 1024 * 1024);
    const { sending, store } = t.services;
    const template = await sending.template(id, 'forward');
    expect(template.carriedAttachments).toEqual([{ filename: 'big.bin', size: attachment.length }]);
    const reply = await sending.template(id, 'reply');
    expect(reply.subject).toBe('Re: Big report');
    const { draftId } = await sending.saveDraft({
      identityId,
      to: [{ name: '', address: 'bob@example.org' }],
      cc: [],
      bcc: [],
      subject: template.subject,
      body: template.body,
      attachments: [],
      inReplyTo: id,
      attachmentsOf: template.attachmentsOf,
      forwardAsAttachment: [],
      draftId: null,
    });
    expect(joined).not.toHaveBeenCalled();
    joined.mockRestore();
    const carried = await getAttachment(store.messages.raw(draftId)!, 0);
    expect(carried.filename).toBe('big.bin');
    expect(Buffer.from(carried.content).equals(attachment)).toBe(true);
  });

  it('opens a large message in Drafts with its attachment, reading it a chunk at a time', async () => {
    const { id, attachment, joined } = await seedLarge(9 * 1024 * 1024);
    const { sending, store } = t.services;
    store.moves.move([id], store.folders.drafts().id);
    const draft = await sending.openDraft(id);
    expect(draft.attachments).toEqual([
      expect.objectContaining({ filename: 'big.bin', size: attachment.length }),
    ]);
    expect(Buffer.from(draft.attachments[0]!.contentBase64, 'base64').equals(attachment)).toBe(
      true,
    );
    expect(joined).not.toHaveBeenCalled();
  });

  it('refuses to carry more than the attachment cap of stored mail, before reading any of it', async () => {
    const { id, identityId, joined } = await seedLarge(ATTACHMENTS_MAX_OCTETS - 5 * 1024 * 1024);
    const compose = {
      identityId,
      to: [{ name: '', address: 'bob@example.org' }],
      cc: [],
      bcc: [],
      subject: 'Fwd: Big report',
      body: '',
      attachments: [],
      inReplyTo: null,
      attachmentsOf: null,
      forwardAsAttachment: [id],
      draftId: null,
    };
    // 20 MiB of attachment: its base64 makes the stored message larger than the 25 MiB cap.
    await expect(t.services.sending.saveDraft(compose)).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/at most 25 MB/),
    });
    expect(joined).not.toHaveBeenCalled();
  });
});
