// An axe-core scan of the main views, light and dark: first-run account form, inbox with a message
// open, the protocol-log panel, and the edit-account dialog. No serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test, USERS } from './support/popline';
import { startImageServer } from './support/image-server';
import { addAccount, getMail, openMessage } from './support/steps';
import { attachmentBytes, attachmentMail, htmlMail, plainMail } from './support/test-mail';

async function seriousViolations(page: Page, view: string, testInfo: TestInfo): Promise<string[]> {
  // The mail frame holds the sender's markup, not the app's, and runs no script for axe to use.
  const results = await new AxeBuilder({ page }).exclude('iframe[title="Message body"]').analyze();
  // Every finding, minor ones included, is kept with the run for whoever polishes next.
  await testInfo.attach(`axe ${view}`, {
    body: JSON.stringify(
      results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => n.target),
      })),
      null,
      2,
    ),
    contentType: 'application/json',
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('axe finds no serious or critical violation in the main views', async ({
      app,
      dovecot,
    }, testInfo) => {
      const images = await startImageServer();
      try {
        await expect(app.getByRole('dialog', { name: 'Add account' })).toBeVisible();
        expect(
          await seriousViolations(app, 'first-run account form', testInfo),
          'first-run account form',
        ).toEqual([]);

        const html = htmlMail({
          subject: 'Styled newsletter',
          html: `<h1>News</h1><p>Text and <a href="https://example.test/">a link</a>.</p><img alt="" src="${images.origin}/a.png">`,
        });
        const mails = [
          plainMail({ subject: 'Plain hello', body: 'hello' }),
          html,
          attachmentMail({
            subject: 'With a file',
            filename: 'a.bin',
            content: attachmentBytes(100),
          }),
        ];
        dovecot.deliver(
          USERS.alice.user,
          mails.map((m) => m.raw),
        );
        await addAccount(app, dovecot, { ...USERS.alice });
        await getMail(app);
        await openMessage(app, html.sender, html.subject);
        expect(
          await seriousViolations(app, 'inbox with the reader', testInfo),
          'inbox with the reader',
        ).toEqual([]);

        await app.screenshot({ path: testInfo.outputPath(`reader-${colorScheme}.png`) });
        await app.getByRole('button', { name: 'Protocol log' }).click();
        await expect(app.getByRole('region', { name: 'Protocol log' })).toBeVisible();
        await expect(app.getByRole('region', { name: 'Session lines' })).toBeVisible();
        expect(
          await seriousViolations(app, 'protocol-log panel', testInfo),
          'protocol-log panel',
        ).toEqual([]);

        await app.getByRole('button', { name: /^Edit account / }).click();
        await expect(app.getByRole('dialog', { name: 'Edit account' })).toBeVisible();
        expect(
          await seriousViolations(app, 'edit-account dialog', testInfo),
          'edit-account dialog',
        ).toEqual([]);
      } finally {
        await images.close();
      }
    });
  });
}
