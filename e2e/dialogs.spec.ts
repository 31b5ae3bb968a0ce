// Dialogs fit small windows: at 1024×700 and 1280×800 the first-run set-up with a self-signed
// certificate is finished with the mouse alone, every button clicked where it is on screen; a
// modal dialog keeps Tab inside and gives focus back where it was.
import { expect, MAIL_DOMAIN, test, USERS } from './support/popline';
import { clickInView } from './support/in-view';
import { fillAccount, messageRow } from './support/steps';
import { plainMail } from './support/test-mail';

for (const size of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the first-run form with a self-signed certificate is finished by mouse', async ({
      app,
      dovecot,
    }) => {
      const mail = plainMail({ subject: 'Set up by mouse', body: 'Every button was on screen.' });
      dovecot.deliver(USERS.alice.user, [mail.raw]);
      const dialog = app.getByRole('dialog', { name: 'Add account' });
      await expect(dialog).toBeVisible();
      await clickInView(app, dialog.getByRole('button', { name: 'Configure manually' }));
      await fillAccount(dialog, dovecot, { ...USERS.alice, retention: 'keep' });
      await clickInView(app, dialog.getByRole('button', { name: 'Test connection' }));
      await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
      await clickInView(app, dialog.getByRole('button', { name: 'Trust this certificate' }));
      await expect(dialog.getByText(/Connected to 127\.0\.0\.1:\d+ with TLS/)).toBeVisible();
      await clickInView(app, dialog.getByRole('button', { name: 'Save', exact: true }));
      await expect(dialog).toBeHidden();
      await clickInView(app, app.getByRole('button', { name: 'Get mail' }));
      await expect(messageRow(app, mail.sender, mail.subject)).toBeVisible();
    });

    test('set-up by address with a self-signed certificate is finished by mouse', async ({
      app,
      dovecot,
    }) => {
      const dialog = app.getByRole('dialog', { name: 'Add account' });
      await dialog.getByLabel('Email address', { exact: true }).fill(`alice@${MAIL_DOMAIN}`);
      await dialog.getByLabel('Password', { exact: true }).fill(USERS.alice.password);
      await clickInView(app, dialog.getByRole('button', { name: 'Continue' }));
      await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
      await clickInView(app, dialog.getByRole('button', { name: 'Trust this certificate' }));
      await expect(dialog.getByText(/signed in as alice\./)).toBeVisible();
      await clickInView(app, dialog.getByRole('button', { name: 'Save', exact: true }));
      await expect(dialog).toBeHidden();
      await expect(
        app.getByRole('navigation', { name: 'Mailboxes' }).getByRole('button', { name: /Inbox/ }),
      ).not.toHaveCount(0);
    });
  });
}

test('a modal dialog keeps Tab inside and gives focus back to what opened it', async ({ app }) => {
  await app
    .getByRole('dialog', { name: 'Add account' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  const opener = app.getByRole('button', { name: 'Add account', exact: true });
  await opener.click();
  const dialog = app.getByRole('dialog', { name: 'Add account' });
  const address = dialog.getByLabel('Email address', { exact: true });
  await expect(address).toBeFocused();
  const close = dialog.getByRole('button', { name: 'Close' });
  const last = dialog.getByRole('button', { name: 'Continue' });
  await app.keyboard.press('Shift+Tab');
  await expect(close).toBeFocused();
  // Past the first control Shift+Tab comes round to the last, and Tab back to the first.
  await app.keyboard.press('Shift+Tab');
  await expect(last).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});
