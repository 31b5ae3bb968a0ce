// The Outbox view, as a user meets it: a message the server refused for now waits there with the
// server's words and a Retry; one whose end of DATA was never answered asks "This message may
// have been sent already. Send it again, or mark it as sent?" and is never resent without an
// answer; sent ones leave for Sent. Chromium through the bridge, a scripted SMTP server for the
// faults.
import type { Page } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, messageList, setUpSending } from './support/steps';
import {
  startScriptedSmtpServer,
  type ScriptedSmtpServer,
} from '../main/testing/scripted-smtp-server';

let smtp: ScriptedSmtpServer;
test.beforeEach(async () => {
  smtp = await startScriptedSmtpServer();
});
test.afterEach(async () => {
  await smtp.close();
});

const SCREENS = process.env.POPLINE_SCREENS_DIR;
const QUESTION = 'This message may have been sent already. Send it again, or mark it as sent?';

const sidebarButton = (app: Page, name: RegExp) =>
  app.getByRole('navigation', { name: 'Mailboxes' }).getByRole('button', { name });

async function send(app: Page, subject: string, setUp: boolean) {
  const dialog = app.getByRole('dialog', { name: 'New message' });
  await app.keyboard.press('Control+n');
  if (setUp) await setUpSending(dialog, smtp.port);
  await dialog.getByLabel('To', { exact: true }).fill('bob@example.test');
  await dialog.getByLabel('Subject', { exact: true }).fill(subject);
  await dialog.getByRole('textbox', { name: 'Message body' }).fill(`About ${subject}.`);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

test('the Outbox lists what was not sent, retries on request, and asks before resending', async ({
  app,
  dovecot,
}, testInfo) => {
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep', auth: 'user' });

  await test.step('one message refused for now, two never confirmed', async () => {
    smtp.setFault({ kind: 'reply-to-data-end', reply: '451 4.3.0 Try again later' });
    await send(app, 'Boat hire', true);
    smtp.setFault({ kind: 'drop-after-data-end' });
    await send(app, 'Sail order', false);
    await send(app, 'Mooring fee', false);
    expect(smtp.dataEnded).toHaveLength(3);
    expect(smtp.accepted).toHaveLength(0);
  });

  const view = app.getByRole('region', { name: 'Outbox' });
  const item = (subject: string) => view.getByRole('listitem', { name: subject });
  await test.step('the Outbox shows each with its state, the error and the question', async () => {
    await expect(sidebarButton(app, /^Outbox 3 not sent$/)).toBeVisible();
    await sidebarButton(app, /^Outbox/).click();
    await expect(view.getByRole('listitem')).toHaveCount(3);
    await expect(item('Boat hire')).toContainText('Not sent');
    await expect(item('Boat hire')).toContainText('451 4.3.0 Try again later (1 attempt).');
    for (const subject of ['Sail order', 'Mooring fee']) {
      await expect(item(subject)).toContainText('May have been sent');
      await expect(item(subject).getByRole('note')).toContainText(QUESTION);
      await expect(item(subject).getByRole('button', { name: 'Retry' })).toHaveCount(0);
    }
    if (SCREENS) await app.screenshot({ path: `${SCREENS}/outbox-view.png` });
    await app.screenshot({ path: testInfo.outputPath('outbox-view.png') });
  });

  await test.step('Retry sends the queued one; it leaves the Outbox for Sent', async () => {
    smtp.setFault(null);
    await item('Boat hire').getByRole('button', { name: 'Retry “Boat hire”' }).click();
    await expect(item('Boat hire')).toHaveCount(0);
    expect(smtp.accepted).toHaveLength(1);
    expect(smtp.accepted[0]?.toString('latin1')).toContain('Subject: Boat hire');
  });

  await test.step('Mark as sent: nothing goes out again; Send again: it goes once more', async () => {
    await item('Sail order').getByRole('button', { name: 'Mark as sent' }).click();
    await expect(item('Sail order')).toHaveCount(0);
    expect(smtp.dataEnded).toHaveLength(4);
    await item('Mooring fee').getByRole('button', { name: 'Send again' }).click();
    await expect(item('Mooring fee')).toHaveCount(0);
    expect(smtp.dataEnded).toHaveLength(5);
    expect(smtp.accepted.map((m) => /^Subject: (.*)$/m.exec(m.toString('latin1'))?.[1])).toEqual([
      'Boat hire',
      'Mooring fee',
    ]);
    await expect(view.getByText('Nothing waiting to be sent.')).toBeVisible();
    await expect(sidebarButton(app, /^Outbox$/)).toBeVisible();
  });

  await test.step('all three are in Sent, each once', async () => {
    await sidebarButton(app, /^Sent/).click();
    for (const subject of ['Boat hire', 'Sail order', 'Mooring fee'])
      await expect(messageList(app).getByRole('option', { name: new RegExp(subject) })).toHaveCount(
        1,
      );
  });
});
