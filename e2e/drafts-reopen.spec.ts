// A saved draft opened again from Drafts ("Edit draft" in the reader, or a double-click in the
// list) comes back as the user left it — an entry that is not an address yet, Bcc, subject, body
// and attachment — saving it replaces it, and sending it removes it from Drafts. Chromium through
// the bridge, aiosmtpd.
import type { Page } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, messageList, reader, setUpSending } from './support/steps';
import { privateSmtpServer } from './support/smtp';
import { getAttachment, parseDetail } from '../main/mime';

const smtp = privateSmtpServer();

async function openFolder(app: Page, name: string) {
  const button = app
    .getByRole('navigation', { name: 'Mailboxes' })
    .getByRole('button', { name: new RegExp(`^${name}`) });
  await button.click();
  await expect(button).toHaveAttribute('aria-current', 'page');
}

test('a draft opened again keeps what was typed; saving replaces it; sending removes it', async ({
  app,
  dovecot,
}) => {
  const bytes = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 256));
  const typedTo = 'bob@example.test, Bob at the harbour';
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });

  await test.step('write a draft with an unfinished address, Bcc and an attachment', async () => {
    const dialog = app.getByRole('dialog', { name: 'New message' });
    await app.keyboard.press('Control+n');
    await setUpSending(dialog, smtp().plainPort);
    await dialog.getByLabel('To', { exact: true }).fill(typedTo);
    await dialog.getByLabel('Bcc', { exact: true }).fill('carol@example.test');
    await dialog.getByLabel('Subject', { exact: true }).fill('Harbour reopened');
    await dialog.getByRole('textbox', { name: 'Message body' }).fill('First version.');
    await dialog.getByLabel('Files to attach').setInputFiles({
      name: 'chart.bin',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    await dialog.getByRole('button', { name: 'Save draft' }).click();
    await expect(dialog.getByRole('status')).toHaveText(/^Draft saved/);
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  const edit = app.getByRole('dialog', { name: 'Edit draft: Harbour reopened' });
  await test.step('Edit draft in the reader opens it as it was', async () => {
    await openFolder(app, 'Drafts');
    await messageList(app)
      .getByRole('option', { name: /Harbour reopened/ })
      .click();
    await reader(app).getByRole('button', { name: 'Edit draft' }).click();
    await expect(edit.getByLabel('To', { exact: true })).toHaveValue(typedTo);
    await expect(edit.getByText('Not an e-mail address: Bob at the harbour')).toBeVisible();
    await expect(edit.getByLabel('Bcc', { exact: true })).toHaveValue('carol@example.test');
    await expect(edit.getByLabel('Subject', { exact: true })).toHaveValue('Harbour reopened');
    await expect(edit.getByRole('textbox', { name: 'Message body' })).toHaveValue('First version.');
    await expect(edit.getByRole('list', { name: 'Attachments' })).toContainText(
      'chart.bin (3.9 KB)',
    );
  });

  await test.step('saving it again replaces it: still one draft, with the new text', async () => {
    await edit.getByRole('textbox', { name: 'Message body' }).fill('Second version.');
    await edit.getByRole('button', { name: 'Save draft' }).click();
    await expect(edit.getByRole('status')).toHaveText(/^Draft saved/);
    await app.keyboard.press('Escape');
    await expect(edit).toBeHidden();
    const rows = messageList(app).getByRole('option', { name: /Harbour reopened/ });
    await expect(rows).toHaveCount(1);
    await rows.click();
    await expect(reader(app).getByText('Second version.')).toBeVisible();
    // Enter on the draft in the list opens it for editing, as a double-click does.
    await rows.press('Enter');
    await expect(edit.getByRole('textbox', { name: 'Message body' })).toHaveValue(
      'Second version.',
    );
    await app.keyboard.press('Escape');
    await expect(edit).toBeHidden();
  });

  await test.step('finished and sent: it leaves Drafts, goes whole, Bcc in the envelope only', async () => {
    // A double-click on the draft in the list opens it for editing too.
    await messageList(app)
      .getByRole('option', { name: /Harbour reopened/ })
      .dblclick();
    await expect(edit.getByRole('textbox', { name: 'Message body' })).toHaveValue(
      'Second version.',
    );
    await edit.getByLabel('To', { exact: true }).fill('bob@example.test');
    await edit.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(edit).toBeHidden();
    const [sent] = smtp().received();
    expect(sent?.rcptTos.sort()).toEqual(['bob@example.test', 'carol@example.test']);
    const text = sent?.raw.toString('latin1') ?? '';
    expect(text).toContain('Second version.');
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).not.toMatch(/^X-Popline-Draft:/im);
    const raw = sent?.raw as Buffer;
    const chart = (await parseDetail(raw)).attachments.find((a) => a.filename === 'chart.bin');
    const got = await getAttachment(raw, chart?.index ?? -1);
    expect(Buffer.from(got.content).equals(bytes)).toBe(true);
    await expect(messageList(app).getByRole('option', { name: /Harbour reopened/ })).toHaveCount(0);
    await openFolder(app, 'Sent');
    await expect(messageList(app).getByRole('option', { name: /Harbour reopened/ })).toHaveCount(1);
  });
});
