// What a user does in the UI, as reusable steps: add an account (trusting Dovecot's self-signed
// certificate by fingerprint), get mail, open a message. Everything through roles and names.
import { expect, type Locator, type Page } from '@playwright/test';
import type { Dovecot } from '../../main/testing/dovecot';

export type RetentionChoice = 'delete' | 'keep' | 'keep-days' | 'delete-when-deleted-locally';

export interface AccountInput {
  user: string;
  password: string;
  retention?: RetentionChoice;
  /** Dovecot's spelling of the method is not needed: the form's option value. */
  auth?: 'auto' | 'user' | 'plain' | 'cram-md5' | 'scram-sha-256' | 'apop' | 'login';
  /** Messages larger than this are fetched headers-only; left empty (no limit) when omitted. */
  sizeLimitKb?: number;
}

export async function openAddAccount(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  // On first run the form is already there; the toolbar button brings it up (modal) either way.
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  await expect(dialog).toBeVisible();
  // Adding starts from the e-mail address; these steps fill the server form themselves.
  await dialog.getByRole('button', { name: 'Configure manually' }).click();
  await expect(dialog.getByLabel('Server', { exact: true })).toBeVisible();
  return dialog;
}

export async function fillAccount(
  dialog: Locator,
  dovecot: Dovecot,
  input: AccountInput,
): Promise<void> {
  await dialog.getByLabel('Server', { exact: true }).fill(dovecot.host);
  await dialog.getByLabel('Security', { exact: true }).selectOption('tls');
  await dialog.getByLabel('Port', { exact: true }).fill(String(dovecot.tlsPort));
  await dialog.getByLabel('User name', { exact: true }).fill(input.user);
  await dialog.getByLabel('Password', { exact: true }).fill(input.password);
  await dialog.getByLabel('Authentication', { exact: true }).selectOption(input.auth ?? 'user');
  await dialog
    .getByLabel('After retrieving', { exact: true })
    .selectOption(input.retention ?? 'delete');
  if (input.sizeLimitKb !== undefined)
    await dialog.getByLabel('Size limit (KB)', { exact: true }).fill(String(input.sizeLimitKb));
}

/** Test connection, find the certificate untrusted, compare its fingerprint, trust it. */
export async function trustServerCertificate(dialog: Locator, dovecot: Dovecot): Promise<void> {
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/certificate is not trusted/)).toBeVisible();
  await expect(dialog.getByText(dovecot.fingerprint256, { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
}

export async function addAccount(page: Page, dovecot: Dovecot, input: AccountInput): Promise<void> {
  const dialog = await openAddAccount(page);
  await fillAccount(dialog, dovecot, input);
  await trustServerCertificate(dialog, dovecot);
  await expect(dialog.getByText(/Connected to 127\.0\.0\.1/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page
      .getByRole('navigation', { name: 'Mailboxes' })
      .getByRole('button', {
        name: new RegExp(`${input.user}@${dovecot.host.replace(/\./g, '\\.')}`),
      })
      .first(),
  ).toBeVisible();
}

/** Clicks "Get mail" and waits until the status bar reports how the check went. */
export async function getMail(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Get mail' });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByRole('status')).toContainText(
    /checked at|rejected|not trusted|Cannot|failed|wrong/i,
  );
  await expect(button).toBeEnabled();
}

export function messageList(page: Page): Locator {
  return page.getByRole('listbox', { name: 'Messages' });
}

export function messageRow(page: Page, sender: string, subject: string): Locator {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return messageList(page).getByRole('option', {
    name: new RegExp(`${escape(sender)}.*${escape(subject)}`),
  });
}

export function reader(page: Page): Locator {
  return page.getByRole('region', { name: 'Message', exact: true });
}

export async function openMessage(page: Page, sender: string, subject: string): Promise<Locator> {
  await messageRow(page, sender, subject).click();
  const region = reader(page);
  await expect(region.getByRole('heading', { name: subject })).toBeVisible();
  return region;
}

/** Fills "Set up sending" in an open compose window for alice on a plain local SMTP server. */
export async function setUpSending(dialog: Locator, smtpPort: number): Promise<void> {
  const setup = dialog.getByRole('region', { name: 'Set up sending' });
  await setup.getByLabel('Your name').fill('Alice Example');
  await setup.getByLabel('Your address').fill('alice@example.test');
  await setup.getByLabel('SMTP server').fill('127.0.0.1');
  await setup.getByLabel('SMTP security').selectOption('none');
  await setup.getByLabel('SMTP port').fill(String(smtpPort));
  await setup.getByLabel('Send my password without encryption').check();
  await setup.getByRole('button', { name: 'Save sending settings' }).click();
  await expect(dialog.getByLabel('To', { exact: true })).toBeVisible();
}
