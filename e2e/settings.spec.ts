// The settings screen: theme (as the system, light, dark), new-mail notifications, checking at
// start-up and the check interval of new accounts; each saved as it is changed, kept after a reload,
// and the screen clean for axe in both themes.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/popline';

const background = (app: Page) =>
  app.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

async function seriousViolations(app: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: app }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.use({ colorScheme: 'light' });

test('settings change the theme at once and are kept; a new account gets the check interval', async ({
  app,
}) => {
  await app
    .getByRole('dialog', { name: 'Add account' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const theme = dialog.getByLabel('Theme', { exact: true });
  await expect(theme).toHaveValue('system');
  expect(await background(app)).toBe('rgb(255, 255, 255)');

  await theme.selectOption('dark');
  await expect.poll(() => background(app)).toBe('rgb(27, 28, 31)');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(app), 'settings, dark').toEqual([]);

  const notify = dialog.getByLabel('Show a notification when new mail arrives');
  const atStart = dialog.getByLabel('Check every account when Popline starts');
  await expect(notify).toBeChecked();
  await expect(atStart).toBeChecked();
  await notify.uncheck();
  await atStart.uncheck();
  await dialog.getByLabel('New accounts are checked').selectOption('30');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  await app.reload();
  await expect.poll(() => background(app)).toBe('rgb(27, 28, 31)');
  await app
    .getByRole('dialog', { name: 'Add account' })
    .getByRole('button', { name: 'Configure manually' })
    .click();
  await expect(
    app.getByRole('dialog', { name: 'Add account' }).getByLabel('Check every (minutes)'),
  ).toHaveValue('30');
  await app
    .getByRole('dialog', { name: 'Add account' })
    .getByRole('button', { name: 'Cancel' })
    .click();

  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Theme', { exact: true })).toHaveValue('dark');
  await expect(notify).not.toBeChecked();
  await expect(atStart).not.toBeChecked();
  await expect(dialog.getByLabel('New accounts are checked')).toHaveValue('30');

  await dialog.getByLabel('Theme', { exact: true }).selectOption('light');
  await expect.poll(() => background(app)).toBe('rgb(255, 255, 255)');
  expect(await seriousViolations(app), 'settings, light').toEqual([]);
});

test.describe('with the system in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('"As the system" follows it, and Light overrides it', async ({ app }) => {
    await expect.poll(() => background(app)).toBe('rgb(27, 28, 31)');
    await app.getByRole('button', { name: 'Settings' }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Theme', { exact: true }).selectOption('light');
    await expect.poll(() => background(app)).toBe('rgb(255, 255, 255)');
  });
});
