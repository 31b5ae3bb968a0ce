// The protocol log is live: during a slow sync (a scripted server answering every line late) the
// panel shows the running session's RETR lines and counts before it ends, a message is in the
// list before QUIT, and at the end QUIT and its +OK are the bottom lines, the view following them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startScriptedServer, type ScriptedServer } from '../main/testing/scripted-pop3-server';
import { expect, test } from './support/popline';
import { bridgeApi } from './support/bridge-api';
import { messageList } from './support/steps';
import { plainMail } from './support/test-mail';

const SCREENS = process.env.POPLINE_SCREENS_DIR;
const MESSAGES = 12;

let server: ScriptedServer | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function addScriptedAccount(app: Page, pageUrl: string, port: number): Promise<void> {
  const api = bridgeApi(pageUrl);
  const added = await api.accounts.add({
    account: {
      host: '127.0.0.1',
      port,
      security: 'none',
      auth: 'user',
      user: 'user',
      allowPlaintextPassword: true,
      retention: { mode: 'delete' },
    },
    password: 'secret',
  });
  expect(added.ok, JSON.stringify(added)).toBe(true);
  await app.reload();
  await expect(
    app
      .getByRole('navigation', { name: 'Mailboxes' })
      .getByRole('button', { name: /user@/ })
      .first(),
  ).toBeVisible();
}

test('a slow sync is seen live in the protocol log and the message list', async ({
  app,
  popline,
}) => {
  const mail = Array.from({ length: MESSAGES }, (_, i) =>
    plainMail({ subject: `Slow news ${i + 1}`, body: `Item ${i + 1}.`, minute: i + 1 }),
  );
  server = await startScriptedServer({
    users: { user: 'secret' },
    mailbox: mail.map((m) => ({ body: Buffer.from(m.raw) })),
    faults: { slowReplyMs: 300 },
  });
  const quitSent = () => server!.commandsOf(1).some((line) => line.startsWith('QUIT'));
  await addScriptedAccount(app, popline.url, server.port);

  await app.getByRole('button', { name: 'Protocol log' }).click();
  const panel = app.getByRole('region', { name: 'Protocol log' });
  const region = panel.getByRole('region', { name: 'Session lines' });
  const rows = region.getByRole('row');
  await app.getByRole('button', { name: 'Get mail' }).click();

  await test.step('RETR lines and live counts of the running session, before it ends', async () => {
    await expect(rows.filter({ hasText: /C:\s*RETR \d+/ }).first()).toBeVisible();
    await expect(panel.locator('.session-summary')).toContainText('running');
    await expect(panel.locator('.session-summary')).toContainText(
      new RegExp(`[1-9]\\d* of ${MESSAGES} retrieved`),
    );
    expect(quitSent()).toBe(false);
  });

  await test.step('a stored message is in the list before the session ends', async () => {
    await expect(messageList(app).getByRole('option').first()).toBeVisible();
    expect(quitSent()).toBe(false);
    if (SCREENS) {
      mkdirSync(SCREENS, { recursive: true });
      await app.screenshot({ path: join(SCREENS, 'protocol-log-mid-sync.png') });
    }
  });

  await test.step('after it, QUIT and +OK are the bottom lines, in view', async () => {
    await expect(app.getByRole('status')).toContainText(`${MESSAGES} new messages`, {
      timeout: 60_000,
    });
    expect(quitSent()).toBe(true);
    await expect(panel.locator('.session-summary')).toContainText('QUIT +OK');
    await expect(panel.locator('.session-summary')).toContainText(
      `${MESSAGES} retrieved, ${MESSAGES} deleted`,
    );
    const last = rows.last();
    await expect(last).toContainText(/S:\s*\+OK/);
    await expect(rows.nth(-2)).toContainText(/C:\s*QUIT/);
    await expect(last).toBeInViewport();
    await expect(rows.nth(-2)).toBeInViewport();
    await expect(messageList(app).getByRole('option')).toHaveCount(MESSAGES);
  });

  await test.step('scrolled up, it stays put; "Jump to newest" brings the tail back', async () => {
    await region.evaluate((el) => {
      el.scrollTop = 0;
    });
    const jump = panel.getByRole('button', { name: 'Jump to newest' });
    await expect(jump).toBeVisible();
    await expect(rows.filter({ hasText: /C:\s*QUIT/ })).not.toBeInViewport();
    await jump.click();
    await expect(jump).toBeHidden();
    await expect(rows.filter({ hasText: /C:\s*QUIT/ })).toBeInViewport();
  });
});
