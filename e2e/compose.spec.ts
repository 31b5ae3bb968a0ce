// Writing mail in the UI: set up sending (Test sending, then save), compose with an attachment,
// send to a private aiosmtpd (AUTH), hand the message on into Dovecot, Get mail fetches it with
// its subject, body and attachment; Reply carries In-Reply-To and References; the SMTP session is
// in the protocol log with AUTH redacted.
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, messageList, reader } from './support/steps';
import { privateSmtpServer } from './support/smtp';

const smtp = privateSmtpServer();

const SCREENS = process.env.POPLINE_SCREENS_DIR;

test('compose, send over SMTP, get it back by POP3, reply in its thread, see the session logged', async ({
  app,
  dovecot,
}, testInfo) => {
  const attachment = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });

  const dialog = app.getByRole('dialog', { name: 'New message' });
  await test.step('Ctrl+N opens "New message"; sending is set up and tested first', async () => {
    await app.keyboard.press('Control+n');
    await expect(dialog).toBeVisible();
    const setup = dialog.getByRole('region', { name: 'Set up sending' });
    await setup.getByLabel('Your name').fill('Alice Example');
    await setup.getByLabel('Your address').fill('alice@example.test');
    await setup.getByLabel('SMTP server').fill('127.0.0.1');
    await setup.getByLabel('SMTP security').selectOption('none');
    await setup.getByLabel('SMTP port').fill(String(smtp().plainPort));
    await setup.getByLabel('Send my password without encryption').check();
    await setup.getByRole('button', { name: 'Test sending' }).click();
    await expect(setup.getByRole('status', { name: 'Sending test' })).toContainText(
      'Test sending succeeded',
    );
    await expect(setup.getByText(/C: AUTH PLAIN \*+/)).toBeVisible();
    await expect(setup).not.toContainText(USERS.alice.password);
    await setup.getByRole('button', { name: 'Save sending settings' }).click();
    await expect(dialog.getByLabel('To', { exact: true })).toBeVisible();
  });

  await test.step('a bad address is named and Send stays disabled', async () => {
    await dialog.getByLabel('To', { exact: true }).fill('Bob at example');
    await expect(dialog.getByText('Not an e-mail address: Bob at example')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  });

  await test.step('compose with an attachment and send', async () => {
    await dialog.getByLabel('To', { exact: true }).fill('Alice <alice@example.test>');
    await dialog.getByLabel('Cc', { exact: true }).fill('carol@example.test');
    await dialog.getByLabel('Subject', { exact: true }).fill('Minutes of the harbour meeting');
    await dialog
      .getByRole('textbox', { name: 'Message body' })
      .fill('Hello,\n\nthe minutes are attached. The next meeting is on Thursday.\n\nAlice');
    await dialog.getByLabel('Files to attach').setInputFiles({
      name: 'minutes.bin',
      mimeType: 'application/octet-stream',
      buffer: attachment,
    });
    await expect(dialog.getByRole('list', { name: 'Attachments' })).toContainText('minutes.bin');
    await dialog.screenshot({ path: testInfo.outputPath('compose.png') });
    if (SCREENS) await dialog.screenshot({ path: `${SCREENS}/compose-window.png` });
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(app.getByRole('status')).toContainText('Message sent');
    const [received] = smtp().received();
    expect(received).toMatchObject({ login: 'alice', mailFrom: 'alice@example.test' });
    expect(received?.rcptTos.sort()).toEqual(['alice@example.test', 'carol@example.test']);
    dovecot.deliver(USERS.alice.user, [received?.raw as Buffer]);
  });

  const region = await test.step('Get mail brings it back whole', async () => {
    await getMail(app);
    // "All mail" lists the copy in Sent too; the one that came back by POP3 is the unread one.
    await messageList(app)
      .getByRole('option', { name: /^Unread, Alice Example, Minutes of the harbour meeting/ })
      .click();
    const opened = reader(app);
    await expect(
      opened.getByRole('heading', { name: 'Minutes of the harbour meeting' }),
    ).toBeVisible();
    await expect(opened.getByText(/the minutes are attached/)).toBeVisible();
    await expect(opened.getByText('minutes.bin').first()).toBeVisible();
    return opened;
  });

  await test.step('Reply opens "Reply: …" addressed to the sender; the reply is threaded', async () => {
    await region.getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = app.getByRole('dialog', { name: 'Reply: Minutes of the harbour meeting' });
    await expect(reply).toBeVisible();
    await expect(reply.getByLabel('To', { exact: true })).toHaveValue(
      'Alice Example <alice@example.test>',
    );
    await expect(reply.getByLabel('Subject', { exact: true })).toHaveValue(
      'Re: Minutes of the harbour meeting',
    );
    await expect(reply.getByRole('textbox', { name: 'Message body' })).toHaveValue(
      /wrote:\n> Hello,/,
    );
    await reply.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(reply).toBeHidden();
    const [first, second] = smtp().received();
    const firstId = /^Message-ID: (<[^>]+>)/im.exec(first?.raw.toString('latin1') ?? '')?.[1];
    const replyText = second?.raw.toString('latin1') ?? '';
    expect(firstId).toBeDefined();
    expect(replyText).toContain(`In-Reply-To: ${firstId}`);
    expect(replyText).toMatch(new RegExp(`References: .*${firstId?.replace(/[.+]/g, '\\$&')}`));
  });

  await test.step('the protocol log shows the SMTP session, AUTH redacted', async () => {
    await app.getByRole('button', { name: 'Protocol log' }).click();
    const panel = app.getByRole('region', { name: 'Protocol log' });
    const sessions = panel.getByRole('list', { name: 'Sessions' });
    await sessions
      .getByRole('button', { name: /SMTP · alice@example\.test/ })
      .first()
      .click();
    await expect(panel.getByText(/AUTH PLAIN \*+/)).toBeVisible();
    await expect(panel.getByText(/<[\d,]+ octets> then "\."/)).toBeVisible();
    await expect(panel.getByText(/^221 /).first()).toBeVisible();
    await expect(panel).not.toContainText(USERS.alice.password);
    await panel.screenshot({ path: testInfo.outputPath('smtp-log.png') });
    if (SCREENS) await app.screenshot({ path: `${SCREENS}/smtp-session-log.png` });
  });
});
