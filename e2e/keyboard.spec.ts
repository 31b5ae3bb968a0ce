// The message list from the keyboard: Ctrl+R gets mail, j/k and the arrows move, Enter opens,
// Delete deletes here, Shift+Delete deletes from the server after a confirmation.
import { expect, test, USERS } from './support/popline';
import { addAccount, messageList, messageRow, reader } from './support/steps';
import { plainMail } from './support/test-mail';

const uniquePart = (name: string) => name.replace(/:2,.*$/, '');

test('keyboard: get mail, move, open, delete here and delete from the server', async ({
  app,
  dovecot,
}) => {
  const mails = [
    plainMail({ subject: 'Oldest note', body: 'one', minute: 1 }),
    plainMail({ subject: 'Middle note', body: 'two', minute: 2 }),
    plainMail({ subject: 'Newest note', body: 'three', minute: 3 }),
  ];
  const [oldest, middle, newest] = mails;
  if (!oldest || !middle || !newest) throw new Error('three mails expected');
  const delivered = dovecot.deliver(
    USERS.bob.user,
    mails.map((m) => m.raw),
  );
  await addAccount(app, dovecot, { ...USERS.bob, retention: 'keep' });

  await app.keyboard.press('Control+r');
  await expect(app.getByRole('status')).toContainText('3 new messages');
  const list = messageList(app);
  await expect(list.getByRole('option')).toHaveCount(3);

  await list.focus();
  const selected = list.getByRole('option', { selected: true });
  await expect(selected).toHaveAccessibleName(/Newest note/);
  await app.keyboard.press('j');
  await expect(selected).toHaveAccessibleName(/Middle note/);
  await app.keyboard.press('ArrowDown');
  await expect(selected).toHaveAccessibleName(/Oldest note/);
  await app.keyboard.press('k');
  await expect(selected).toHaveAccessibleName(/Middle note/);
  await app.keyboard.press('Enter');
  await expect(reader(app).getByRole('heading', { name: 'Middle note' })).toBeVisible();

  // Delete: gone from the list here, still on the server (leave-on-server account).
  await list.focus();
  await app.keyboard.press('Delete');
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(messageRow(app, middle.sender, middle.subject)).toHaveCount(0);
  expect(dovecot.mailboxFiles(USERS.bob.user)).toHaveLength(3);

  // Shift+Delete asks first; Cancel changes nothing.
  await list.focus();
  await app.keyboard.press('Home');
  await expect(selected).toHaveAccessibleName(/Newest note/);
  await app.keyboard.press('Shift+Delete');
  const confirm = app.getByRole('dialog', { name: 'Delete from the server?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(messageRow(app, newest.sender, newest.subject)).not.toHaveAccessibleName(
    /deleted from the server/,
  );

  await list.focus();
  await app.keyboard.press('Shift+Delete');
  await confirm.getByRole('button', { name: 'Delete from server' }).click();
  await expect(messageRow(app, newest.sender, newest.subject)).toHaveAccessibleName(
    /to be deleted from the server/,
  );

  // The next session sends the DELE; the deleted-here message is not fetched again.
  await app.keyboard.press('Control+r');
  await expect(app.getByRole('status')).toContainText('1 deleted from the server');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(messageRow(app, oldest.sender, oldest.subject)).toBeVisible();
  const left = dovecot.mailboxFiles(USERS.bob.user).map(uniquePart);
  expect(left).toHaveLength(2);
  expect(left).not.toContain(delivered[2]);
});

test('reading by keyboard: the reader follows the selection, Delete shows the next, a message removed by a sync closes', async ({
  app,
  dovecot,
}) => {
  const mails = [
    plainMail({ subject: 'First of four', body: 'one', minute: 1 }),
    plainMail({ subject: 'Second of four', body: 'two', minute: 2 }),
    plainMail({ subject: 'Third of four', body: 'three', minute: 3 }),
    plainMail({ subject: 'Fourth of four', body: 'four', minute: 4 }),
  ];
  dovecot.deliver(
    USERS.bob.user,
    mails.map((m) => m.raw),
  );
  await addAccount(app, dovecot, { ...USERS.bob, retention: 'keep' });
  await app.keyboard.press('Control+r');
  await expect(app.getByRole('status')).toContainText('4 new messages');
  const list = messageList(app);
  const heading = (subject: string) => reader(app).getByRole('heading', { name: subject });

  // Focusing the list selects the newest; the reader shows it once the selection rests.
  await list.focus();
  await expect(heading('Fourth of four')).toBeVisible();
  await app.keyboard.press('j');
  await expect(heading('Third of four')).toBeVisible();
  await app.keyboard.press('ArrowDown');
  await expect(heading('Second of four')).toBeVisible();
  await app.keyboard.press('k');
  await expect(heading('Third of four')).toBeVisible();
  // Two quick presses: the reader follows to where the selection rests.
  await app.keyboard.press('j');
  await app.keyboard.press('j');
  await expect(heading('First of four')).toBeVisible();

  // Delete: the next message (the older one; here the last left above it) is selected and shown.
  await app.keyboard.press('k');
  await expect(heading('Second of four')).toBeVisible();
  await app.keyboard.press('Delete');
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(heading('First of four')).toBeVisible();
  await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName(/First of four/);

  // Marked for deletion from the server, it stays open until the sync removes it; then it closes.
  await app.keyboard.press('Home');
  await expect(heading('Fourth of four')).toBeVisible();
  await app.keyboard.press('Shift+Delete');
  await app
    .getByRole('dialog', { name: 'Delete from the server?' })
    .getByRole('button', { name: 'Delete from server' })
    .click();
  await expect(heading('Fourth of four')).toBeVisible();
  await app.keyboard.press('Control+r');
  await expect(app.getByRole('status')).toContainText('1 deleted from the server');
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(heading('Fourth of four')).toBeHidden();
  await expect(reader(app)).toContainText('No message selected');
});
