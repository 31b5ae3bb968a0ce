// A server whose certificate changed after the user trusted it: Popline says it changed, shows the
// fingerprint trusted before and the one offered now, and trusting the new one takes a deliberate
// second step. The server is the scripted POP3 server with two self-signed certificates.
import { makeTestCertificate } from '../main/testing/test-certificate';
import { startScriptedServer } from '../main/testing/scripted-pop3-server';
import { expect, test } from './support/popline';
import { messageRow, openAddAccount } from './support/steps';
import { plainMail } from './support/test-mail';

test('a changed certificate is named as a change with both fingerprints, trusted only on purpose', async ({
  app,
}) => {
  const before = makeTestCertificate();
  const after = makeTestCertificate();
  expect(after.fingerprint256).not.toBe(before.fingerprint256);
  const mail = plainMail({ subject: 'Behind a renewed certificate', body: 'hello' });
  const server = await startScriptedServer({
    tls: { key: before.key, cert: before.cert },
    implicitTls: true,
    users: { ann: 'secret words' },
    mailbox: [{ uid: 'one', body: Buffer.from(mail.raw) }],
  });
  try {
    const dialog = await openAddAccount(app);
    await dialog.getByLabel('Server', { exact: true }).fill(server.host);
    await dialog.getByLabel('Security', { exact: true }).selectOption('tls');
    await dialog.getByLabel('Port', { exact: true }).fill(String(server.port));
    await dialog.getByLabel('User name', { exact: true }).fill('ann');
    await dialog.getByLabel('Password', { exact: true }).fill('secret words');
    await dialog.getByLabel('Authentication', { exact: true }).selectOption('user');
    await dialog.getByLabel('After retrieving', { exact: true }).selectOption('keep');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByText(before.fingerprint256, { exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(dialog.getByText(/Connected to 127\.0\.0\.1/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();

    // The provider renews its certificate.
    server.setTls({ key: after.key, cert: after.cert });
    await app.getByRole('button', { name: 'Get mail' }).click();
    await expect(app.getByRole('status')).toHaveText(
      'The certificate for ann@127.0.0.1 changed since you trusted it — compare the fingerprints.',
    );
    await expect(messageRow(app, mail.sender, mail.subject)).toHaveCount(0);

    // Test connection in the account's settings says the same.
    const sidebar = app.getByRole('navigation', { name: 'Mailboxes' });
    await sidebar.getByRole('button', { name: 'Edit account ann@127.0.0.1' }).click();
    const edit = app.getByRole('dialog', { name: 'Edit account' });
    await edit.getByRole('button', { name: 'Test connection' }).click();
    await expect(edit.getByText(/has changed/)).toBeVisible();
    await expect(edit.getByText(before.fingerprint256, { exact: true })).toBeVisible();
    await expect(edit.getByText(after.fingerprint256, { exact: true })).toBeVisible();
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await app.getByRole('button', { name: 'View certificate' }).click();
    const change = app.getByRole('dialog', { name: 'Certificate changed' });
    await expect(change.getByText(/has changed/)).toBeVisible();
    await expect(change.getByText(before.fingerprint256, { exact: true })).toBeVisible();
    await expect(change.getByText(after.fingerprint256, { exact: true })).toBeVisible();
    // The safe choice has the focus; trusting waits for the user to say they compared.
    await expect(change.getByRole('button', { name: 'Keep the old certificate' })).toBeFocused();
    const trust = change.getByRole('button', { name: 'Trust the new certificate' });
    await expect(trust).toBeDisabled();
    await change.getByRole('checkbox', { name: /I compared the new fingerprint/ }).check();
    await trust.click();
    await expect(change).toBeHidden();
    await expect(messageRow(app, mail.sender, mail.subject)).toBeVisible();
    await expect(app.getByRole('status')).toContainText('1 new message');
  } finally {
    await server.close();
  }
});
