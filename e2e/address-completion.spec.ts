// Address completion in To, Cc and Bcc, as a user meets it: names and addresses of fetched mail
// offered by the start of any word, accents ignored, best first; ↓/↑ and Enter or Tab take one,
// Escape closes the list and not the window; an address the user sent to comes first next time.
// Chromium through the bridge, mail fetched from Dovecot, sent to aiosmtpd.
import type { Locator } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, setUpSending } from './support/steps';
import { privateSmtpServer } from './support/smtp';

const smtp = privateSmtpServer();

const SCREENS = process.env.POPLINE_SCREENS_DIR;

const mail = (from: string, minute: number, cc = '') =>
  [
    `From: ${from}`,
    'To: Alice <alice@example.test>',
    ...(cc ? [`Cc: ${cc}`] : []),
    `Subject: note ${minute}`,
    `Date: Thu, 1 Oct 2026 09:${String(minute).padStart(2, '0')}:00 +0000`,
    `Message-ID: <note-${minute}@example.test>`,
    '',
    'text',
    '',
  ].join('\r\n');

const options = (list: Locator) => list.getByRole('option');

test('To, Cc and Bcc complete names and addresses from fetched and sent mail, by keyboard', async ({
  app,
  dovecot,
}, testInfo) => {
  dovecot.deliver(USERS.alice.user, [
    mail('Marie Curie <marie@radium.example>', 1),
    mail('Marie Curie <marie@radium.example>', 2),
    mail('Émile Zola <emile@zola.example>', 3, 'Marc Bloch <marc@annales.example>'),
  ]);
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });
  await getMail(app);

  const dialog = app.getByRole('dialog', { name: 'New message' });
  await app.keyboard.press('Control+n');
  await setUpSending(dialog, smtp().plainPort);
  const to = dialog.getByRole('combobox', { name: 'To', exact: true });
  const toList = dialog.getByRole('listbox', { name: 'To suggestions' });

  await test.step('typing "mar" offers both, the more frequent first; ↓ and Enter take one', async () => {
    await to.pressSequentially('mar');
    await expect(options(toList)).toHaveText([
      'Marie Curie marie@radium.example',
      'Marc Bloch marc@annales.example',
    ]);
    await expect(to).toHaveAttribute('aria-expanded', 'true');
    await expect(options(toList).first()).toHaveAttribute('aria-selected', 'true');
    await to.press('ArrowDown');
    await expect(options(toList).nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(to).toHaveAttribute(
      'aria-activedescendant',
      (await options(toList).nth(1).getAttribute('id')) ?? '',
    );
    await to.press('ArrowUp');
    await to.press('ArrowUp');
    await expect(options(toList).nth(1)).toHaveAttribute('aria-selected', 'true');
    if (SCREENS) await dialog.screenshot({ path: `${SCREENS}/compose-completion.png` });
    await dialog.screenshot({ path: testInfo.outputPath('compose-completion.png') });
    await to.press('Enter');
    await expect(to).toHaveValue('Marc Bloch <marc@annales.example>, ');
    await expect(toList).toBeHidden();
    await expect(dialog).toBeVisible();
  });

  await test.step('Cc: accents and case ignored, a later word of the name matches; Tab takes it', async () => {
    const cc = dialog.getByRole('combobox', { name: 'Cc', exact: true });
    await cc.pressSequentially('ZOL');
    const ccList = dialog.getByRole('listbox', { name: 'Cc suggestions' });
    await expect(options(ccList)).toHaveText(['Émile Zola emile@zola.example']);
    await cc.press('Tab');
    await expect(cc).toHaveValue('Émile Zola <emile@zola.example>, ');
    await expect(cc).toBeFocused();
    await cc.pressSequentially('emi');
    await expect(options(ccList)).toHaveText(['Émile Zola emile@zola.example']);
  });

  await test.step('Escape closes the list and keeps the window and what was typed', async () => {
    const bcc = dialog.getByRole('combobox', { name: 'Bcc', exact: true });
    await bcc.pressSequentially('radium');
    const bccList = dialog.getByRole('listbox', { name: 'Bcc suggestions' });
    await expect(options(bccList)).toHaveText(['Marie Curie marie@radium.example']);
    await bcc.press('Escape');
    await expect(bccList).toBeHidden();
    await expect(bcc).toHaveAttribute('aria-expanded', 'false');
    await expect(dialog).toBeVisible();
    await expect(bcc).toHaveValue('radium');
    await bcc.fill('');
  });

  await test.step('after sending to Marc, "mar" offers him first', async () => {
    await dialog.getByRole('combobox', { name: 'Cc', exact: true }).fill('');
    await dialog.getByLabel('Subject', { exact: true }).fill('Annales');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dialog).toBeHidden();
    expect(smtp().received()[0]?.rcptTos).toEqual(['marc@annales.example']);
    await app.keyboard.press('Control+n');
    await to.pressSequentially('mar');
    await expect(options(toList)).toHaveText([
      'Marc Bloch marc@annales.example',
      'Marie Curie marie@radium.example',
    ]);
  });
});
