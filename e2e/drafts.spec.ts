// Drafts keep themselves: 5 s after the last change the compose window saves what is written
// ("Draft saved hh:mm"), closing it with unsaved changes saves them first, an empty new message
// is not kept, and sending removes the draft. Forward as attachment sends a stored message whole. In Chromium, through the bridge, real SQLite.
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, messageList, reader, setUpSending } from './support/steps';
import { privateSmtpServer } from './support/smtp';
import { rfc822Part } from '../main/testing/rfc822-part';

const smtp = privateSmtpServer();

const folderButton = (app: Page, name: string) =>
  app
    .getByRole('navigation', { name: 'Mailboxes' })
    .getByRole('button', { name: new RegExp(`^${name}`) });

async function openFolder(app: Page, name: string) {
  await folderButton(app, name).click();
  await expect(folderButton(app, name)).toHaveAttribute('aria-current', 'page');
}

test('a changed message is saved as a draft on its own and on close; sending removes the draft; a draft forwarded as attachment goes whole', async ({
  app,
  dovecot,
  popline,
}) => {
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });
  const dialog = app.getByRole('dialog', { name: 'New message' });
  const body = dialog.getByRole('textbox', { name: 'Message body' });

  await test.step('typing into a new message: "Draft saved hh:mm" after a quiet moment', async () => {
    await app.keyboard.press('Control+n');
    await setUpSending(dialog, smtp().plainPort);
    await dialog.getByLabel('To', { exact: true }).fill('bob@example.test');
    await dialog.getByLabel('Subject', { exact: true }).fill('Harbour draft one');
    await body.fill('First words.');
    await expect(dialog.getByRole('status')).toHaveText(/^Draft saved \d\d:\d\d$/, {
      timeout: 15_000,
    });
  });

  await test.step('more text, then Escape: the draft holds the latest text', async () => {
    await body.fill('First words. And the latest words.');
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await openFolder(app, 'Drafts');
    const rows = messageList(app).getByRole('option', { name: /Harbour draft one/ });
    await expect(rows).toHaveCount(1);
    await rows.click();
    await expect(reader(app).getByText('First words. And the latest words.')).toBeVisible();
  });

  await test.step('an empty new message closed at once is not kept', async () => {
    await app.keyboard.press('Control+n');
    await expect(dialog.getByLabel('To', { exact: true })).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(messageList(app).getByRole('option')).toHaveCount(1);
  });

  await test.step('a message saved as a draft and then sent leaves no draft', async () => {
    await app.keyboard.press('Control+n');
    await dialog.getByLabel('To', { exact: true }).fill('alice@example.test');
    await dialog.getByLabel('Subject', { exact: true }).fill('Harbour draft two');
    await body.fill('Sent in the end.');
    await expect(dialog.getByRole('status')).toHaveText(/^Draft saved/, { timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dialog).toBeHidden();
    expect(
      smtp()
        .received()
        .map((m) => m.raw.toString('latin1')),
    ).toEqual([expect.stringContaining('Subject: Harbour draft two')]);
    await openFolder(app, 'Sent');
    await openFolder(app, 'Drafts');
    await expect(messageList(app).getByRole('option', { name: /Harbour draft two/ })).toHaveCount(
      0,
    );
    await expect(messageList(app).getByRole('option', { name: /Harbour draft one/ })).toHaveCount(
      1,
    );
  });

  await test.step('Forward as attachment sends the stored draft whole as message/rfc822', async () => {
    await messageList(app)
      .getByRole('option', { name: /Harbour draft one/ })
      .click();
    await reader(app).getByRole('button', { name: 'Forward as attachment' }).click();
    const forward = app.getByRole('dialog', { name: 'Forward: Harbour draft one' });
    await expect(forward.getByRole('list', { name: 'Attachments' })).toContainText(
      'The original message, whole',
    );
    await expect(forward.getByRole('textbox', { name: 'Message body' })).toHaveValue('');
    await forward.getByLabel('To', { exact: true }).fill('carol@example.test');
    await forward.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(forward).toBeHidden();
    const db = new Database(popline.dbPath, { readonly: true });
    const stored = db
      .prepare(
        `SELECT r.raw FROM messages m JOIN message_raw r ON r.message_id = m.id
         WHERE m.subject = 'Harbour draft one'`,
      )
      .get() as { raw: Buffer };
    db.close();
    const part = rfc822Part(smtp().received().at(-1)?.raw as Buffer);
    expect(part.body.equals(stored.raw)).toBe(true);
  });
});
