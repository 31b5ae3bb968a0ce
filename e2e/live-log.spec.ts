// The protocol log is live: during a slow sync (a scripted server answering every line late) the
// panel shows the running session's RETR lines and counts before it ends, a message is in the
// list before QUIT, and at the end QUIT and its +OK are the bottom lines, the view following them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openStore } from '../main/store';
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
      allowInsecurePassword: true,
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

test('a session of 100,000 lines is drawn a screenful at a time, from its first line to its last', async ({
  app,
  popline,
}) => {
  const TOTAL = 100_000;
  const api = bridgeApi(popline.url);
  const added = await api.accounts.add({
    account: { host: 'pop.example.test', port: 995, security: 'tls', user: 'bulk' },
    password: 'secret',
  });
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  // Written beside the running bridge, as a second process would: one long finished session.
  const store = openStore(popline.dbPath);
  try {
    const session = store.sessions.start(added.value.id);
    for (let from = 1; from <= TOTAL; from += 10_000)
      store.sessions.appendLog(
        session,
        Array.from({ length: 10_000 }, (_, i) => ({
          dir: i % 2 ? ('S' as const) : ('C' as const),
          text: `NOOP line ${from + i}`,
        })),
      );
    store.sessions.finish(session, { outcome: 'ok', reachedUpdate: true, quitReply: '+OK' });
  } finally {
    store.close();
  }
  await app.reload();
  await app.getByRole('button', { name: 'Protocol log' }).click();
  const panel = app.getByRole('region', { name: 'Protocol log' });
  const region = panel.getByRole('region', { name: 'Session lines' });
  const rows = region.getByRole('row');
  await expect(panel.getByText('100,000 lines')).toBeVisible({ timeout: 60_000 });

  // Following the tail: the last line is in view, and only a window of rows is in the page.
  await expect(rows.filter({ hasText: `NOOP line ${TOTAL}` })).toBeInViewport();
  expect(await rows.count()).toBeLessThan(400);

  await region.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(rows.filter({ hasText: /NOOP line 1$/ })).toBeInViewport();
  expect(await rows.count()).toBeLessThan(400);
  // Halfway down, the line in the middle of the view is one from the middle of the session.
  await region.evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await expect
    .poll(() =>
      region.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return at?.closest('tr')?.textContent ?? '';
      }),
    )
    .toMatch(/NOOP line (4\d{4}|5\d{4})$/);

  await panel.getByRole('button', { name: 'Jump to newest' }).click();
  await expect(rows.filter({ hasText: `NOOP line ${TOTAL}` })).toBeInViewport();
  await panel.getByLabel('Filter lines').fill('line 99999');
  await expect(rows.filter({ hasText: 'NOOP line 99999' })).toHaveCount(1);
});
