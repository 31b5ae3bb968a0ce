// Leave-on-server mode: mail is retrieved but Dovecot's maildir stays as it was, no DELE is sent,
// and a second check neither deletes nor downloads anything again.
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, messageList, messageRow } from './support/steps';
import { plainMail } from './support/test-mail';

/** Dovecot renames new/ files into cur/ with flags (":2,S"); the unique part stays. */
const uniquePart = (name: string) => name.replace(/:2,.*$/, '');

test('leave on server: the maildir is untouched and nothing is fetched twice', async ({
  app,
  dovecot,
}) => {
  const mails = [
    plainMail({ subject: 'Kept one', body: 'first', minute: 5 }),
    plainMail({ subject: 'Kept two', body: 'second', minute: 6 }),
  ];
  const delivered = dovecot.deliver(
    USERS.bob.user,
    mails.map((m) => m.raw),
  );
  await addAccount(app, dovecot, { ...USERS.bob, retention: 'keep' });

  await getMail(app);
  await expect(app.getByRole('status')).toContainText('2 new messages');
  await expect(app.getByRole('status')).not.toContainText('deleted');
  for (const m of mails) await expect(messageRow(app, m.sender, m.subject)).toBeVisible();
  expect(dovecot.mailboxFiles(USERS.bob.user).map(uniquePart).sort()).toEqual(
    [...delivered].sort(),
  );

  // The log panel stays open through the next check and follows it live.
  await app.getByRole('button', { name: 'Protocol log' }).click();
  const panel = app.getByRole('region', { name: 'Protocol log' });
  const sessions = panel.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  const lines = panel.getByRole('region', { name: 'Session lines' }).getByRole('row');
  await expect(sessions).toHaveCount(1);
  await expect(lines.filter({ hasText: /C:\s*RETR/ })).toHaveCount(2);
  await expect(lines.filter({ hasText: /C:\s*DELE/ })).toHaveCount(0);

  await getMail(app);
  await expect(app.getByRole('status')).toContainText('No new mail');
  await expect(messageList(app).getByRole('option')).toHaveCount(2);
  expect(dovecot.mailboxFiles(USERS.bob.user).map(uniquePart).sort()).toEqual(
    [...delivered].sort(),
  );

  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('0 retrieved, 0 deleted');
  await expect(sessions.first()).toContainText('QUIT +OK');
  // The newest session is shown: it retrieved nothing and deleted nothing.
  await expect(lines.filter({ hasText: /C:\s*QUIT/ })).toHaveCount(1);
  await expect(lines.filter({ hasText: /C:\s*(RETR|DELE)/ })).toHaveCount(0);
});
