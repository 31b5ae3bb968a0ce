// Sending settings edited after set-up, as a user does it: name, security and port changed,
// Test sending finds aiosmtpd's self-signed certificate untrusted and shows its fingerprint,
// "Trust this certificate" pins it, and mail goes out over TLS with the new name; moved to a
// server with another certificate, the dialog names it as changed beside the one trusted before,
// and trusting it takes a ticked confirmation. Chromium through the bridge.
import type { Page } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, setUpSending } from './support/steps';
import { privateSmtpServer } from './support/smtp';

const smtp = privateSmtpServer();
const other = privateSmtpServer();

async function openSendingSettings(app: Page) {
  await app.getByRole('button', { name: 'Settings' }).click();
  await app
    .getByRole('dialog', { name: 'Settings' })
    .getByRole('button', { name: 'Edit sending settings for alice@example.test' })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Sending settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('sending settings are edited after set-up, and a self-signed certificate is trusted by fingerprint', async ({
  app,
  dovecot,
}) => {
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });
  const compose = app.getByRole('dialog', { name: 'New message' });
  await app.keyboard.press('Control+n');
  await setUpSending(compose, smtp().plainPort);
  await app.keyboard.press('Escape');
  await expect(compose).toBeHidden();

  await test.step('edit: new name, TLS on the other port; the certificate is not trusted yet', async () => {
    const dialog = await openSendingSettings(app);
    await expect(dialog.getByLabel('Your name')).toHaveValue('Alice Example');
    await expect(dialog.getByLabel('SMTP port')).toHaveValue(String(smtp().plainPort));
    await dialog.getByLabel('Your name').fill('Alice Q. Example');
    await dialog.getByLabel('SMTP security').selectOption('tls');
    await dialog.getByLabel('SMTP port').fill(String(smtp().tlsPort));
    await dialog.getByRole('button', { name: 'Test sending' }).click();
    await expect(dialog.getByText('The certificate of 127.0.0.1 is not trusted.')).toBeVisible();
    await expect(dialog.getByText(smtp().fingerprint256, { exact: true })).toBeVisible();
    await expect(dialog.getByText(/^C: AUTH/)).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(dialog.getByRole('status', { name: 'Sending test' })).toContainText(
      'Test sending succeeded · encrypted · logged in',
    );
    await dialog.getByRole('button', { name: 'Save sending settings' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('mail goes out over TLS, from the new name', async () => {
    await app.keyboard.press('Control+n');
    await compose.getByLabel('To', { exact: true }).fill('bob@example.test');
    await compose.getByLabel('Subject', { exact: true }).fill('Over TLS now');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(compose).toBeHidden();
    const [received] = smtp().received();
    expect(received).toMatchObject({ tls: true, login: 'alice' });
    expect(received?.raw.toString('latin1')).toMatch(/^From: "?Alice Q\. Example"? </m);
  });

  await test.step('another server, another certificate: named as changed, trusted only when ticked', async () => {
    const dialog = await openSendingSettings(app);
    await expect(dialog.getByLabel('SMTP port')).toHaveValue(String(smtp().tlsPort));
    await dialog.getByLabel('SMTP port').fill(String(other().tlsPort));
    await dialog.getByRole('button', { name: 'Test sending' }).click();
    await expect(dialog.getByText(/The certificate of 127\.0\.0\.1 has changed/)).toBeVisible();
    await expect(dialog.getByText(smtp().fingerprint256, { exact: true })).toBeVisible();
    await expect(dialog.getByText(other().fingerprint256, { exact: true })).toBeVisible();
    const trustNew = dialog.getByRole('button', { name: 'Trust the new certificate' });
    await expect(trustNew).toBeDisabled();
    await dialog.getByLabel(/I compared the new fingerprint/).check();
    await trustNew.click();
    await expect(dialog.getByRole('status', { name: 'Sending test' })).toContainText(
      'Test sending succeeded',
    );
    await dialog.getByRole('button', { name: 'Save sending settings' }).click();
    await expect(dialog).toBeHidden();
    const again = await openSendingSettings(app);
    await again.getByRole('button', { name: 'Test sending' }).click();
    await expect(again.getByRole('status', { name: 'Sending test' })).toContainText(
      'Test sending succeeded',
    );
  });
});
