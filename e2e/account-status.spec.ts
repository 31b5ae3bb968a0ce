// With several accounts the status bar sums up all of them and names the one it speaks of; an
// account that needs the user is marked in the sidebar, its error on hover, its remedy on click.
import { expect, test, USERS } from './support/popline';
import { addAccount, fillAccount, getMail, messageRow, openAddAccount } from './support/steps';
import { plainMail } from './support/test-mail';

test('two accounts: the status bar sums both and names the one whose certificate is not trusted', async ({
  app,
  dovecot,
}) => {
  const forAlice = plainMail({ subject: 'For Alice', body: 'hello' });
  const forBob = plainMail({ subject: 'For Bob', body: 'hello', sender: 'Bea' });
  dovecot.deliver(USERS.alice.user, [forAlice.raw]);
  dovecot.deliver(USERS.bob.user, [forBob.raw]);
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep' });
  // Bob's account is saved without testing: its certificate is not trusted yet.
  const dialog = await openAddAccount(app);
  await fillAccount(dialog, dovecot, { ...USERS.bob, retention: 'keep' });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await getMail(app);
  await expect(app.getByRole('status')).toHaveText(
    '2 accounts checked · 1 new · 1 needs attention — Certificate not trusted for bob@127.0.0.1 — view it or trust it.',
  );
  await expect(messageRow(app, forAlice.sender, forAlice.subject)).toBeVisible();

  const sidebar = app.getByRole('navigation', { name: 'Mailboxes' });
  const mark = sidebar.getByRole('button', { name: /^bob@127\.0\.0\.1 needs attention/ });
  await expect(mark).toHaveAttribute(
    'title',
    'Certificate not trusted for bob@127.0.0.1 — view it or trust it.',
  );
  await expect(
    sidebar.getByRole('button', { name: /alice@127\.0\.0\.1 needs attention/ }),
  ).toHaveCount(0);

  await mark.click();
  const trust = app.getByRole('dialog', { name: 'Certificate not trusted' });
  await expect(trust.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await trust.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(trust).toBeHidden();
  await expect(messageRow(app, forBob.sender, forBob.subject)).toBeVisible();
  await expect(mark).toHaveCount(0);
  await expect(app.getByRole('status')).toContainText(/^2 accounts checked · 2 new — /);
});
