// Printing a message: "Print…" asks the browser to print, and on paper only the message is left —
// its headers, attachments and its whole body, none of the window around it.
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, messageList, openMessage } from './support/steps';
import { htmlMail } from './support/test-mail';

test('the print style sheet keeps the message with its headers and drops the window', async ({
  app,
  dovecot,
}) => {
  const paragraphs = Array.from(
    { length: 120 },
    (_, i) => `<p>Paragraph ${i + 1} of the letter.</p>`,
  );
  const mail = htmlMail({ subject: 'A long letter to print', html: paragraphs.join('\n') });
  dovecot.deliver(USERS.alice.user, [mail.raw]);
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep' });
  await getMail(app);
  const reader = await openMessage(app, mail.sender, mail.subject);

  await app.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await reader.getByRole('button', { name: 'Print…' }).click();
  expect(await app.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  const chrome = [
    app.getByRole('button', { name: 'Get mail' }),
    app.getByRole('navigation', { name: 'Mailboxes' }),
    messageList(app),
    app.getByRole('status'),
    reader.getByRole('button', { name: 'Print…' }),
    reader.getByRole('button', { name: 'Delete', exact: true }),
  ];
  const frame = reader.locator('iframe[title="Message body"]');
  const heights = () =>
    frame.evaluate((el: HTMLIFrameElement) => ({
      frame: el.getBoundingClientRect().height,
      content: el.contentDocument?.documentElement.scrollHeight ?? 0,
    }));

  await app.emulateMedia({ media: 'print' });
  for (const part of chrome) await expect(part).toBeHidden();
  await expect(reader.getByRole('heading', { name: mail.subject })).toBeVisible();
  await expect(reader.getByText(/Grace Hopper/).first()).toBeVisible();
  // The whole letter, not one screenful: the frame is as tall as what it holds.
  await expect
    .poll(async () => {
      const h = await heights();
      return h.content > 1500 && h.frame >= h.content;
    })
    .toBe(true);

  await app.emulateMedia({ media: 'screen' });
  for (const part of chrome) await expect(part).toBeVisible();
  const onScreen = await heights();
  expect(onScreen.frame).toBeLessThan(onScreen.content);
});
