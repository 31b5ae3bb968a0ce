// The message list reads well at any width: dates with the year for old mail and the full date on
// hover, column headers that sort and resize (widths kept), nothing spilling over at 1024 px.
import type { Page } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { addAccount, getMail, messageList } from './support/steps';
import { plainMail } from './support/test-mail';

async function deliverThree(app: Page, dovecot: Parameters<typeof addAccount>[1]) {
  const now = new Date();
  const mails = [
    plainMail({ subject: 'Just now', sender: 'Carla', body: 'today', date: now }),
    plainMail({
      subject: 'Years ago',
      sender: 'Abel',
      body: 'old',
      date: new Date(Date.UTC(2019, 4, 17, 12, 30)),
    }),
    plainMail({
      subject: 'A while ago',
      sender: 'Bruno',
      body: 'older',
      date: new Date(Date.UTC(2021, 0, 5, 8, 0)),
    }),
  ];
  dovecot.deliver(
    USERS.alice.user,
    mails.map((m) => m.raw),
  );
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'keep' });
  await getMail(app);
  await expect(messageList(app).getByRole('option')).toHaveCount(3);
}

const subjects = (app: Page) =>
  messageList(app)
    .getByRole('option')
    .evaluateAll((rows) =>
      rows.map((r) => r.querySelector('.cell-subject')?.firstChild?.textContent),
    );

test('old mail shows its year, today’s its time, and every date its full form on hover', async ({
  app,
  dovecot,
}) => {
  await deliverThree(app, dovecot);
  const list = messageList(app);
  const old = list.getByRole('option', { name: /Years ago/ }).locator('.cell-date');
  await expect(old).toContainText('2019');
  // Wide enough for the whole date: nothing cut off with an ellipsis.
  expect(await old.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(old).toHaveAttribute('title', /2019.*\d{1,2}:\d{2}/);
  const today = list.getByRole('option', { name: /Just now/ }).locator('.cell-date');
  await expect(today).toHaveText(/^\d{1,2}:\d{2}/);
  await expect(today).toHaveAttribute('title', new RegExp(String(new Date().getFullYear())));
});

test('column headers sort the list, a second click the other way round', async ({
  app,
  dovecot,
}) => {
  await deliverThree(app, dovecot);
  const header = app.getByRole('group', { name: /Columns/ });
  expect(await subjects(app)).toEqual(['Just now', 'A while ago', 'Years ago']);
  await header.getByRole('button', { name: 'Sender' }).click();
  await expect(header.getByRole('button', { name: 'Sender, sorted A to Z' })).toBeVisible();
  await expect.poll(() => subjects(app)).toEqual(['Years ago', 'A while ago', 'Just now']);
  await header.getByRole('button', { name: /^Sender/ }).click();
  await expect.poll(() => subjects(app)).toEqual(['Just now', 'A while ago', 'Years ago']);
  await expect(app.getByLabel('Order')).toHaveValue('desc');
  await header.getByRole('button', { name: 'Date' }).click();
  await expect(header.getByRole('button', { name: 'Date, sorted Newest first' })).toBeVisible();
  await header.getByRole('button', { name: /^Date/ }).click();
  await expect.poll(() => subjects(app)).toEqual(['Years ago', 'A while ago', 'Just now']);
  // Star: starred mail first.
  await messageList(app)
    .getByRole('option', { name: /A while ago/ })
    .click();
  await app.keyboard.press('s');
  await expect(
    messageList(app).getByRole('option', { name: /Starred.*A while ago/ }),
  ).toBeVisible();
  await header.getByRole('button', { name: 'Star' }).click();
  await expect.poll(() => subjects(app)).toEqual(['A while ago', 'Just now', 'Years ago']);
});

test('columns resize by dragging their edge and keep their width after a reload', async ({
  app,
  dovecot,
}) => {
  await deliverThree(app, dovecot);
  const sender = () =>
    messageList(app)
      .getByRole('option', { name: /Just now/ })
      .locator('.cell-from')
      .evaluate((el) => el.getBoundingClientRect().width);
  const before = await sender();
  const edge = app.getByRole('separator', { name: 'Resize the Sender column' });
  const box = await edge.boundingBox();
  if (!box) throw new Error('the column edge is not laid out');
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await app.mouse.down();
  await app.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 5 });
  await app.mouse.up();
  await expect.poll(sender).toBeGreaterThan(before + 70);
  const widened = await sender();
  // The date column by keyboard: its edge moves left, the column grows.
  const dateEdge = app.getByRole('separator', { name: 'Resize the Date column' });
  await dateEdge.focus();
  await app.keyboard.press('ArrowLeft');
  await expect(dateEdge).toHaveAttribute('aria-valuenow', '124');

  await app.reload();
  await expect(messageList(app).getByRole('option')).toHaveCount(3);
  expect(Math.abs((await sender()) - widened)).toBeLessThan(2);
  await expect(dateEdge).toHaveAttribute('aria-valuenow', '124');
});

test.describe('at 1024×700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('the list tools and columns stay inside the list pane, on one line each', async ({
    app,
    dovecot,
  }) => {
    await deliverThree(app, dovecot);
    const pane = await app.locator('.list-pane').boundingBox();
    const readerBox = await app.getByRole('region', { name: 'Message', exact: true }).boundingBox();
    if (!pane || !readerBox) throw new Error('the panes are not laid out');
    expect(pane.x + pane.width).toBeLessThanOrEqual(readerBox.x + 1);
    const label = app.getByText('Sort by', { exact: true });
    const order = app.getByLabel('Order');
    for (const part of [label, order, app.getByRole('button', { name: 'Starred' })]) {
      const box = await part.boundingBox();
      if (!box) throw new Error('a list tool is not laid out');
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
    }
    // "Sort by" is one line of text, not two.
    const labelBox = await label.boundingBox();
    expect(labelBox?.height).toBeLessThan(24);
    const date = messageList(app)
      .getByRole('option', { name: /Years ago/ })
      .locator('.cell-date');
    expect(await date.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const row = await messageList(app).getByRole('option').first().boundingBox();
    expect((row?.x ?? 0) + (row?.width ?? 0)).toBeLessThanOrEqual(pane.x + pane.width + 1);
  });
});

test('search takes operators: from: finds the sender, before: old mail', async ({
  app,
  dovecot,
}) => {
  await deliverThree(app, dovecot);
  const search = app.getByRole('searchbox', { name: 'Search mail' });
  await search.fill('from:abel');
  await expect.poll(() => subjects(app)).toEqual(['Years ago']);
  await search.fill('before:2021-06-01');
  await expect.poll(() => subjects(app)).toEqual(['A while ago', 'Years ago']);
});
