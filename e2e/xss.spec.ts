// Hostile HTML mail: a script, inline event handlers and a javascript: link must run nothing.
// Every payload sets a flag on the window it runs in, its parent and the top page.
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, openMessage } from './support/steps';
import { XSS_FLAG, xssMail } from './support/test-mail';

test('an HTML mail with a script, inline handlers and a javascript: link runs nothing', async ({
  app,
  dovecot,
}) => {
  const dialogs: string[] = [];
  app.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const mail = xssMail();
  dovecot.deliver(USERS.alice.user, [mail.raw]);
  await addAccount(app, dovecot, { ...USERS.alice });
  await getMail(app);

  const region = await openMessage(app, mail.sender, mail.subject);
  const frameElement = region.locator('iframe[title="Message body"]');
  await expect(frameElement).toHaveAttribute('sandbox', /^(?!.*allow-scripts).*$/);
  const frame = region.frameLocator('iframe[title="Message body"]');
  await expect(frame.getByText('Hello, nothing to see here.')).toBeVisible();

  // The sanitiser removed the payloads before the sandbox ever saw them.
  await expect(
    frame.locator('script, iframe, form, [onerror], [onload], [onmouseover]'),
  ).toHaveCount(0);
  const link = frame.getByText('Click for a prize');
  await expect(link).toBeVisible();
  expect((await link.getAttribute('href')) ?? '').not.toMatch(/javascript:/i);

  await frame.getByText('hover me').hover();
  await link.click();
  await app.waitForLoadState();

  const flag = await app.evaluate(
    (name) => (window as unknown as Record<string, unknown>)[name],
    XSS_FLAG,
  );
  expect(flag).toBeUndefined();
  const inFrame = await frameElement.evaluate(
    (element: HTMLIFrameElement, name) =>
      (element.contentWindow as unknown as Record<string, unknown> | null)?.[name],
    XSS_FLAG,
  );
  expect(inFrame).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The app is still there and working.
  await expect(region.getByRole('heading', { name: mail.subject })).toBeVisible();
});
