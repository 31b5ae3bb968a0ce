// View source of a message over 512 KB shows its head and says so (main ships no more of it over
// the bridge); Save As in that dialog gets all of it.
import { readFileSync } from 'node:fs';
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, openMessage } from './support/steps';
import { plainMail } from './support/test-mail';

test('View source of a long message shows its first 512 KB, says how large all of it is, and its Save As gets all of it', async ({
  app,
  dovecot,
}) => {
  const line = 'The minutes of the harbour board, read out line by line, again and again.';
  const long = plainMail({
    subject: 'The long minutes',
    body: `${Array.from({ length: 12_000 }, () => line).join('\n')}\nThe very last line.`,
  });
  dovecot.deliver(USERS.alice.user, [long.raw]);
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });
  await getMail(app);
  const region = await openMessage(app, long.sender, long.subject);
  await region.getByRole('button', { name: 'View source' }).click();
  const source = app.getByRole('dialog', { name: 'Message source' });
  const kb = Math.round(Buffer.byteLength(long.raw) / 1024);
  await expect(source.getByRole('note')).toHaveText(
    new RegExp(`^Showing the first 512 KB of (${kb}|${kb + 1}) KB; Save As to get all of it\\.$`),
  );
  await expect(source).toContainText('Subject: The long minutes');
  await expect(source).not.toContainText('The very last line.');

  // Save As from the dialog: the whole message, byte for byte as retrieved (Dovecot sends CRLF).
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    source.getByRole('button', { name: 'Save As…' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.eml$/);
  const saved = readFileSync(await download.path());
  expect(saved.toString('utf8')).toBe(long.raw.replace(/\r?\n/g, '\r\n'));
  await expect(source.getByText('Downloaded.')).toBeVisible();
  await source.getByRole('button', { name: 'Close source' }).click();
  await expect(source).toBeHidden();
});
