// Adding an account through the UI: the first-run form, Test connection with the certificate
// shown and trusted by fingerprint, and what happens when the password is wrong.
import { expect, MAIL_DOMAIN, test, USERS } from './support/popline';
import {
  addAccount,
  fillAccount,
  getMail,
  messageRow,
  openAddAccount,
  trustServerCertificate,
} from './support/steps';
import { plainMail } from './support/test-mail';

test('first run asks for the e-mail address, ready for typing', async ({ app }) => {
  const dialog = app.getByRole('dialog', { name: 'Add account' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Email address', { exact: true })).toBeFocused();
  await app.keyboard.type('ana@example.org');
  await expect(dialog.getByLabel('Email address', { exact: true })).toHaveValue('ana@example.org');
  await expect(app.getByRole('status')).toContainText('No account yet');
  // "Configure manually" keeps what was typed and opens the server form on its first field.
  await dialog.getByLabel('Password', { exact: true }).fill('pw');
  await dialog.getByRole('button', { name: 'Configure manually' }).click();
  await expect(dialog.getByLabel('Server', { exact: true })).toBeFocused();
  await expect(dialog.getByLabel('User name', { exact: true })).toHaveValue('ana@example.org');
});

test('set-up by address finds the server from its SRV record; the password goes only after the certificate is trusted', async ({
  app,
  dovecot,
}) => {
  const mail = plainMail({ subject: 'Found by address', body: 'Autoconfigured.' });
  dovecot.deliver(USERS.alice.user, [mail.raw]);
  const dialog = app.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Email address', { exact: true }).fill(`alice@${MAIL_DOMAIN}`);
  await dialog.getByLabel('Password', { exact: true }).fill(USERS.alice.password);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  // Dovecot's certificate is self-signed: shown for comparison, nothing sent yet.
  await expect(dialog.getByText(/password has not been sent/)).toBeVisible();
  await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
  // The look-up signs in with the local part after the whole address is refused.
  await expect(dialog.getByText(/signed in as alice\./)).toBeVisible();
  await expect(dialog.getByLabel('Server', { exact: true })).toHaveValue('localhost');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue(String(dovecot.tlsPort));
  await expect(dialog.getByLabel('User name', { exact: true })).toHaveValue('alice');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await getMail(app);
  await expect(messageRow(app, 'Ada Lovelace', 'Found by address')).toBeVisible();
});

test('set-up by address says when no server answers and offers the manual form', async ({
  app,
}) => {
  const dialog = app.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Email address', { exact: true }).fill('ana@nowhere.test');
  await dialog.getByLabel('Password', { exact: true }).fill('pw');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText(/No POP3 server was found for nowhere\.test/)).toBeVisible();
  await expect(dialog.getByText(/pop\.nowhere\.test:995 \(TLS\): no such name/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Configure manually' }).click();
  await expect(dialog.getByLabel('Server', { exact: true })).toBeVisible();
});

test('Test connection shows the server report and the certificate, trusted by its fingerprint', async ({
  app,
  dovecot,
}) => {
  const dialog = await openAddAccount(app);
  await fillAccount(dialog, dovecot, USERS.alice);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/certificate is not trusted/)).toBeVisible();
  await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();

  await expect(dialog.getByText(/Connected to 127\.0\.0\.1:\d+ with TLS/)).toBeVisible();
  await expect(
    dialog.getByText('trusted because you chose to trust it', { exact: false }),
  ).toBeVisible();
  await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await expect(dialog.getByText(/UIDL/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('button', { name: /Inbox.*alice@127\.0\.0\.1/ })).toBeVisible();
});

test('a wrong password shows the credentials error and asks for the password', async ({
  app,
  dovecot,
}) => {
  const mail = plainMail({ subject: 'After the password fix', body: 'It works now.' });
  dovecot.deliver(USERS.carol.user, [mail.raw]);
  const dialog = await openAddAccount(app);
  await fillAccount(dialog, dovecot, {
    ...USERS.carol,
    password: 'not the password',
    retention: 'keep',
  });
  await trustServerCertificate(dialog, dovecot);
  // The probe gets past the certificate and fails at the login; the account is saved anyway.
  await expect(dialog.getByText('Password rejected — update it.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await getMail(app);
  await expect(app.getByRole('status')).toContainText(
    'Password rejected for carol@127.0.0.1 — update it.',
  );
  const ask = app.getByRole('dialog', { name: 'Password for carol@127.0.0.1' });
  await expect(ask).toBeVisible();
  await ask.getByLabel('Password', { exact: true }).fill(USERS.carol.password);
  await ask.getByRole('button', { name: 'Save password' }).click();
  await expect(ask).toBeHidden();
  await expect(messageRow(app, mail.sender, mail.subject)).toBeVisible();
  await expect(app.getByRole('status')).toContainText('1 new message');
});

test('an untrusted certificate met by "Get mail" is shown in the status bar and can be trusted', async ({
  app,
  dovecot,
}) => {
  const mail = plainMail({ subject: 'Behind a self-signed certificate', body: 'hello' });
  dovecot.deliver(USERS.alice.user, [mail.raw]);
  const dialog = await openAddAccount(app);
  await fillAccount(dialog, dovecot, { ...USERS.alice, retention: 'keep' });
  // Saved without testing: the certificate is not trusted yet.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await getMail(app);
  await expect(app.getByRole('status')).toContainText(
    'Certificate not trusted for alice@127.0.0.1 — view it or trust it.',
  );
  await app.getByRole('button', { name: 'View certificate' }).click();
  const trust = app.getByRole('dialog', { name: 'Certificate not trusted' });
  await expect(trust.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await trust.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(trust).toBeHidden();
  await expect(messageRow(app, mail.sender, mail.subject)).toBeVisible();
  await expect(app.getByRole('status')).toContainText('1 new message');
});

test('an account can be edited and removed', async ({ app, dovecot }) => {
  await addAccount(app, dovecot, { ...USERS.bob, retention: 'keep' });
  const sidebar = app.getByRole('navigation', { name: 'Mailboxes' });
  await sidebar.getByRole('button', { name: 'Edit account bob@127.0.0.1' }).click();
  const edit = app.getByRole('dialog', { name: 'Edit account' });
  await expect(edit.getByLabel('User name', { exact: true })).toHaveValue('bob');
  await expect(edit.getByLabel('After retrieving', { exact: true })).toHaveValue('keep');
  await edit.getByLabel('Account name', { exact: true }).fill('Bob at home');
  await edit.getByLabel('After retrieving', { exact: true }).selectOption('keep-days');
  await edit.getByLabel('Days to keep', { exact: true }).fill('30');
  await edit.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(edit).toBeHidden();
  await expect(sidebar.getByRole('button', { name: /Inbox\s*Bob at home/ })).toBeVisible();

  await sidebar.getByRole('button', { name: 'Edit account Bob at home' }).click();
  await expect(edit.getByLabel('Days to keep', { exact: true })).toHaveValue('30');
  await edit.getByRole('button', { name: 'Remove account' }).click();
  await edit.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(edit).toBeHidden();
  await expect(sidebar.getByRole('button', { name: /Bob at home/ })).toHaveCount(0);
  await expect(app.getByRole('status')).toContainText('No account yet');
});
