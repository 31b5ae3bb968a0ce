// An account with a size limit: a big message arrives headers-only and stays on the server even in
// delete mode; the user asks for the whole of it from the reader, and the next check brings it in
// one session and deletes it there.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, messageRow, openMessage } from './support/steps';
import { plainMail } from './support/test-mail';

test('a message over the size limit comes headers-only, and whole when the user asks', async ({
  app,
  dovecot,
}) => {
  const small = plainMail({ subject: 'Short note', body: 'Just a line.', minute: 7 });
  // About 55 KB of text; the last line only a whole copy can show.
  const filler = Array.from(
    { length: 1200 },
    (_, i) => `Line ${i}: the survey results, table by table.`,
  );
  const big = plainMail({
    subject: 'Survey results in full',
    sender: 'Mary Somerville',
    body: [...filler, 'The end: quillwort-meridian.'].join('\n'),
    minute: 8,
  });
  expect(big.raw.length).toBeGreaterThan(40 * 1024);
  dovecot.deliver(USERS.carol.user, [small.raw, big.raw]);

  await addAccount(app, dovecot, { ...USERS.carol, retention: 'delete', sizeLimitKb: 16 });

  await getMail(app);
  await expect(app.getByRole('status')).toContainText('2 new messages, 1 deleted from the server');
  await expect(messageRow(app, small.sender, small.subject)).toBeVisible();
  // Delete mode never deletes a headers-only copy: its body exists only on the server.
  expect(dovecot.mailboxFiles(USERS.carol.user)).toHaveLength(1);

  const region = await openMessage(app, big.sender, big.subject);
  await expect(
    region.getByText(/Only the headers were downloaded: .*larger than the account’s size limit/),
  ).toBeVisible();
  await expect(region.getByText('quillwort-meridian')).toHaveCount(0);
  const axe = await new AxeBuilder({ page: app }).include('section.reader').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );

  await region.getByRole('button', { name: 'Download the whole message' }).click();
  await expect(region.getByText(/The end: quillwort-meridian\./)).toBeVisible();
  await expect(region.getByText(/Only the headers were downloaded/)).toHaveCount(0);
  await expect(region.getByRole('button', { name: 'Download the whole message' })).toHaveCount(0);
  await expect(app.getByRole('status')).toContainText('1 new message, 1 deleted from the server');
  expect(dovecot.mailboxFiles(USERS.carol.user)).toEqual([]);

  // The second check was one session: RETR, then DELE, then QUIT answered +OK.
  await app.getByRole('button', { name: 'Protocol log' }).click();
  const panel = app.getByRole('region', { name: 'Protocol log' });
  const sessions = panel.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('1 retrieved, 1 deleted');
  await expect(sessions.first()).toContainText('QUIT +OK');
  const lines = panel.getByRole('region', { name: 'Session lines' }).getByRole('row');
  await expect(lines.filter({ hasText: /C:\s*QUIT/ })).toHaveCount(1);
  const texts = (await lines.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const at = (pattern: RegExp) => texts.findIndex((t) => pattern.test(t));
  expect(at(/ C: RETR \d+/)).toBeGreaterThan(0);
  expect(at(/ C: DELE \d+/)).toBeGreaterThan(at(/ C: RETR \d+/));
  expect(at(/ C: QUIT/)).toBeGreaterThan(at(/ C: DELE \d+/));
  expect(texts.filter((t) => / C: TOP /.test(t))).toEqual([]);
});
