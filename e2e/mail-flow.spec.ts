// The whole path in delete mode: get mail, see every message, read plain, HTML (remote image
// blocked, then loaded on request) and an attachment (saved, same bytes), the protocol log of the
// one session, Dovecot's maildir emptied, and full-text search.
import { readFile } from 'node:fs/promises';
import { expect, test, USERS } from './support/popline';
import { startImageServer, type ImageServer } from './support/image-server';
import { addAccount, getMail, messageList, messageRow, openMessage } from './support/steps';
import { attachmentBytes, attachmentMail, htmlMail, plainMail } from './support/test-mail';

let images: ImageServer;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => {
  await images.close();
});

test('delete mode: mail arrives, reads, saves, is logged as one session and leaves the server', async ({
  app,
  dovecot,
}, testInfo) => {
  const bytes = attachmentBytes();
  const plain = plainMail({
    subject: 'Harbour schedule',
    body: 'The ferry leaves at dawn.\nBring the zanzibarquokka charts.',
    minute: 1,
  });
  const html = htmlMail({
    subject: 'Newsletter with a picture',
    minute: 2,
    html: `<html><body><h1 style="color: #a01010">Autumn news</h1><p>See the picture:</p><img alt="remote pixel" src="${images.origin}/pixel.png?from=newsletter" width="20" height="20"></body></html>`,
  });
  const withFile = attachmentMail({
    subject: 'Quarterly figures',
    filename: 'figures.bin',
    content: bytes,
    minute: 3,
  });
  const other = plainMail({
    subject: 'Lunch on Friday',
    sender: 'Ada Lovelace',
    body: 'Noon at the pier?',
    minute: 4,
  });
  const all = [plain, html, withFile, other];
  dovecot.deliver(
    USERS.alice.user,
    all.map((m) => m.raw),
  );
  expect(dovecot.mailboxFiles(USERS.alice.user)).toHaveLength(4);

  await addAccount(app, dovecot, { ...USERS.alice, retention: 'delete', auth: 'user' });

  await test.step('get mail: every message appears', async () => {
    await getMail(app);
    await expect(app.getByRole('status')).toContainText(
      '4 new messages, 4 deleted from the server',
    );
    await expect(messageList(app).getByRole('option')).toHaveCount(4);
    for (const m of all) await expect(messageRow(app, m.sender, m.subject)).toBeVisible();
    // Newest first by default.
    await expect(messageList(app).getByRole('option').first()).toHaveAccessibleName(
      /Lunch on Friday/,
    );
    await app.screenshot({ path: testInfo.outputPath('inbox.png') });
    await testInfo.attach('inbox', {
      path: testInfo.outputPath('inbox.png'),
      contentType: 'image/png',
    });
  });

  await test.step('Dovecot’s maildir is empty afterwards', async () => {
    expect(dovecot.mailboxFiles(USERS.alice.user)).toEqual([]);
  });

  await test.step('a plain-text message', async () => {
    const region = await openMessage(app, plain.sender, plain.subject);
    await expect(region.getByText('Ada Lovelace <ada@example.test>')).toBeVisible();
    await expect(region.getByText('Alice <alice@example.test>')).toBeVisible();
    await expect(region.getByText(/Bring the zanzibarquokka charts\./)).toBeVisible();
    await expect(region.locator('iframe')).toHaveCount(0);
    await region.getByRole('button', { name: 'View source' }).click();
    const source = app.getByRole('dialog', { name: 'Message source' });
    await expect(source).toContainText('Subject: Harbour schedule');
    await expect(source).toContainText('Message-ID: <');
    await source.getByRole('button', { name: 'Close source' }).click();
    await expect(source).toBeHidden();
    // Opening it marked it read.
    await expect(messageRow(app, plain.sender, plain.subject)).not.toHaveAccessibleName(/^Unread/);
  });

  await test.step('an HTML message: remote image blocked, then loaded on request', async () => {
    const region = await openMessage(app, html.sender, html.subject);
    const frame = region.frameLocator('iframe[title="Message body"]');
    await expect(frame.getByRole('heading', { name: 'Autumn news' })).toBeVisible();
    // The message's own inline style applies, though the app forbids inline style.
    await expect(frame.getByRole('heading', { name: 'Autumn news' })).toHaveCSS(
      'color',
      'rgb(160, 16, 16)',
    );
    // So does the reader's own style sheet (adopted through the CSSOM, no inline style needed).
    await expect(frame.locator('body')).toHaveCSS('margin-top', '12px');
    await expect(region.getByText('Remote content is blocked')).toBeVisible();
    expect(images.requests).toEqual([]);
    await region.getByRole('button', { name: 'Load remote content' }).click();
    await expect.poll(() => images.requests).toContain('/pixel.png?from=newsletter');
    await expect
      .poll(() =>
        frame
          .getByRole('img', { name: 'remote pixel' })
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1);
    // Main fetched it: the page itself loads nothing remote, the frame shows a data: URL.
    await expect(frame.getByRole('img', { name: 'remote pixel' })).toHaveAttribute(
      'src',
      /^data:image\/png;base64,/,
    );
    await app.screenshot({ path: testInfo.outputPath('reader.png') });
    await testInfo.attach('reader', {
      path: testInfo.outputPath('reader.png'),
      contentType: 'image/png',
    });
  });

  await test.step('a message with an attachment: saved with the same bytes', async () => {
    const region = await openMessage(app, withFile.sender, withFile.subject);
    await expect(region.getByRole('listitem').filter({ hasText: 'figures.bin' })).toContainText(
      '5.9 KB',
    );
    const download = app.waitForEvent('download');
    await region.getByRole('button', { name: 'Save… figures.bin' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('figures.bin');
    const saved = await readFile(await file.path());
    expect(saved.equals(bytes)).toBe(true);
  });

  await test.step('the protocol log shows the one session, password redacted, QUIT +OK', async () => {
    await app.getByRole('button', { name: 'Protocol log' }).click();
    const panel = app.getByRole('region', { name: 'Protocol log' });
    await expect(panel).toBeVisible();
    const sessions = panel.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
    await expect(sessions).toHaveCount(1);
    await expect(sessions.first()).toContainText('4 retrieved, 4 deleted');
    await expect(sessions.first()).toContainText('QUIT +OK');

    const lines = panel.getByRole('region', { name: 'Session lines' }).getByRole('row');
    await expect(lines.filter({ hasText: /C:\s*QUIT/ })).toHaveCount(1);
    const texts = (await lines.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const pass = texts.filter((t) => / C: PASS/.test(t));
    expect(pass).toHaveLength(1);
    expect(pass[0]).not.toContain(USERS.alice.password);
    expect(texts.join('\n')).not.toContain(USERS.alice.password);

    const at = (pattern: RegExp) => texts.findIndex((t) => pattern.test(t));
    const firstRetr = at(/ C: RETR \d+/);
    const firstDele = at(/ C: DELE \d+/);
    const quit = at(/ C: QUIT/);
    expect(firstRetr).toBeGreaterThan(0);
    expect(firstDele).toBeGreaterThan(firstRetr);
    expect(quit).toBeGreaterThan(firstDele);
    expect(texts.filter((t) => / C: RETR \d+/.test(t))).toHaveLength(4);
    expect(texts.filter((t) => / C: DELE \d+/.test(t))).toHaveLength(4);
    const quitReply = texts.slice(quit + 1).find((t) => / S: /.test(t));
    expect(quitReply).toMatch(/ S: \+OK/);
    const filter = panel.getByLabel('Filter lines');
    await filter.fill('RETR');
    await expect(lines.filter({ hasText: /C:\s*RETR/ })).toHaveCount(4);
    await expect(panel.getByRole('region', { name: 'Session lines' }).getByRole('row')).toHaveCount(
      5,
    );
    await filter.fill('');

    const exported = app.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export' }).click();
    const text = await readFile(await (await exported).path(), 'utf8');
    expect(text).toMatch(/QUIT/);
    expect(text).not.toContain(USERS.alice.password);

    const handle = panel.getByRole('separator', { name: 'Resize protocol log' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await app.keyboard.press('ArrowUp');
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 24));
    await app.screenshot({ path: testInfo.outputPath('protocol-log.png') });
    await testInfo.attach('protocol log', {
      path: testInfo.outputPath('protocol-log.png'),
      contentType: 'image/png',
    });
  });

  await test.step('sorting by subject and by size', async () => {
    const options = messageList(app).getByRole('option');
    await app.getByLabel('Sort by').selectOption('subject');
    await expect(options.first()).toHaveAccessibleName(/Harbour schedule/);
    await expect(options.last()).toHaveAccessibleName(/Quarterly figures/);
    await app.getByLabel('Order').selectOption('desc');
    await expect(options.first()).toHaveAccessibleName(/Quarterly figures/);
    await app.getByLabel('Sort by').selectOption('size');
    await expect(options.first()).toHaveAccessibleName(/Quarterly figures/);
    await app.getByLabel('Sort by').selectOption('date');
    await expect(options.first()).toHaveAccessibleName(/Lunch on Friday/);
  });

  await test.step('search finds a message by a word in its body', async () => {
    await app.getByRole('searchbox', { name: 'Search mail' }).fill('zanzibarquokka');
    await expect(messageList(app).getByRole('option')).toHaveCount(1);
    await expect(messageRow(app, plain.sender, plain.subject)).toBeVisible();
    await app.getByRole('searchbox', { name: 'Search mail' }).fill('');
    await expect(messageList(app).getByRole('option')).toHaveCount(4);
  });
});
