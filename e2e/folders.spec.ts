// Folders, Trash with undo, moves, flags and files: nothing a key press does is final until the
// user confirms. Against the private Dovecot, in Chromium, through the bridge.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { corpusFiles, corpusRoot } from '../main/mime/corpus-fixtures';
import { expect, test, USERS } from './support/popline';
import { addAccount, messageList, messageRow } from './support/steps';
import { plainMail } from './support/test-mail';

const SCREENS = '/work/wt/screens';

const sidebar = (app: Page) => app.getByRole('navigation', { name: 'Mailboxes' });
const folderButton = (app: Page, name: string | RegExp) =>
  sidebar(app).getByRole('button', {
    name: typeof name === 'string' ? new RegExp(`^${name}`) : name,
  });

async function openFolder(app: Page, name: string | RegExp) {
  await folderButton(app, name).click();
  await expect(folderButton(app, name)).toHaveAttribute('aria-current', 'page');
}

async function folderMenu(app: Page, name: string) {
  await folderButton(app, name).click({ button: 'right' });
  return app.getByRole('menu', { name: `${name} actions` });
}

/** Raw bytes per folder name, straight from the database file. */
function rawsByFolder(dbPath: string): Map<string, Buffer[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT f.name, r.raw FROM messages m JOIN folders f ON f.id = m.folder_id
         JOIN message_raw r ON r.message_id = m.id WHERE m.deleted_locally = 0 ORDER BY m.id`,
      )
      .all() as Array<{ name: string; raw: Buffer }>;
    const map = new Map<string, Buffer[]>();
    for (const row of rows) map.set(row.name, [...(map.get(row.name) ?? []), row.raw]);
    return map;
  } finally {
    db.close();
  }
}

async function withMail(app: Page, dovecot: Parameters<typeof addAccount>[1], count: number) {
  const mails = Array.from({ length: count }, (_, i) =>
    plainMail({ subject: `Note ${i + 1}`, body: `body ${i + 1}`, minute: i + 1 }),
  );
  dovecot.deliver(
    USERS.bob.user,
    mails.map((m) => m.raw),
  );
  await addAccount(app, dovecot, { ...USERS.bob, retention: 'keep' });
  await app.keyboard.press('Control+r');
  await expect(app.getByRole('status')).toContainText(`${count} new messages`);
  await expect(messageList(app).getByRole('option')).toHaveCount(count);
  return mails;
}

test('delete goes to Trash with Undo; Trash empties only after a confirmation', async ({
  app,
  dovecot,
}) => {
  const mails = await withMail(app, dovecot, 3);
  const list = messageList(app);
  await openFolder(app, 'Inbox');
  await expect(folderButton(app, 'Trash')).toBeVisible();
  await expect(folderButton(app, 'Archive')).toBeVisible();
  await app.screenshot({ path: join(SCREENS, 'sidebar-folders.png') });

  await test.step('Delete: into Trash, the status says so, Undo brings it back', async () => {
    await list.focus();
    await app.keyboard.press('Delete');
    await expect(app.getByRole('status')).toContainText('Moved 1 message to Trash');
    await expect(list.getByRole('option')).toHaveCount(2);
    await app.screenshot({ path: join(SCREENS, 'undo-status.png') });
    await app.getByRole('button', { name: 'Undo' }).click();
    await expect(list.getByRole('option')).toHaveCount(3);
    await expect(folderButton(app, 'Trash')).not.toContainText(/\d/);
  });

  await test.step('Ctrl+Z undoes too, on a multiple selection', async () => {
    await list.focus();
    await app.keyboard.press('Home');
    await app.keyboard.press('Shift+ArrowDown');
    await app.keyboard.press('Delete');
    await expect(app.getByRole('status')).toContainText('Moved 2 messages to Trash');
    await expect(list.getByRole('option')).toHaveCount(1);
    await app.keyboard.press('Control+z');
    await expect(list.getByRole('option')).toHaveCount(3);
  });

  await test.step('deleting in Trash and Empty Trash ask first', async () => {
    await list.focus();
    await app.keyboard.press('End');
    await app.keyboard.press('Delete');
    await expect(app.getByRole('status')).toContainText('Trash');
    await openFolder(app, 'Trash');
    await expect(list.getByRole('option')).toHaveCount(1);
    await list.focus();
    await app.keyboard.press('Delete');
    const forGood = app.getByRole('dialog', { name: 'Delete for good?' });
    await forGood.getByRole('button', { name: 'Cancel' }).click();
    await expect(list.getByRole('option')).toHaveCount(1);
    await app.getByRole('button', { name: 'Empty Trash' }).click();
    const confirm = app.getByRole('dialog', { name: 'Empty Trash?' });
    await expect(confirm).toContainText('1 message');
    await confirm.getByRole('button', { name: 'Empty Trash' }).click();
    await expect(app.getByRole('status')).toContainText('Deleted 1 message for good');
    await expect(list).toHaveCount(0);
    // Still on the server: this account leaves mail there.
    expect(dovecot.mailboxFiles(USERS.bob.user)).toHaveLength(mails.length);
  });
});

test('archive by key, drag to a folder, star and unread filters, the context menu by keyboard', async ({
  app,
  dovecot,
}) => {
  await withMail(app, dovecot, 4);
  const list = messageList(app);
  await openFolder(app, 'Inbox');

  await test.step('A archives, undoable', async () => {
    await list.focus();
    await app.keyboard.press('Home');
    await app.keyboard.press('a');
    await expect(app.getByRole('status')).toContainText('Moved 1 message to Archive');
    await expect(list.getByRole('option')).toHaveCount(3);
    await openFolder(app, 'Archive');
    await expect(messageRow(app, 'Ada Lovelace', 'Note 4')).toBeVisible();
    await openFolder(app, 'Inbox');
  });

  await test.step('drag a message onto a new folder', async () => {
    await sidebar(app).getByRole('button', { name: 'New folder…' }).click();
    const named = app.getByRole('dialog', { name: 'New folder' });
    await named.getByLabel('Folder name').fill('Receipts');
    await named.getByRole('button', { name: 'Create' }).click();
    await expect(folderButton(app, 'Receipts')).toBeVisible();
    await messageRow(app, 'Ada Lovelace', 'Note 3').dragTo(folderButton(app, 'Receipts'));
    await expect(app.getByRole('status')).toContainText('Moved 1 message to Receipts');
    await expect(list.getByRole('option')).toHaveCount(2);
    await openFolder(app, 'Receipts');
    await expect(messageRow(app, 'Ada Lovelace', 'Note 3')).toBeVisible();
    await openFolder(app, 'Inbox');
  });

  await test.step('S stars, U marks unread, the quick filters show only those', async () => {
    await list.focus();
    await app.keyboard.press('Home');
    await app.keyboard.press('s');
    await expect(messageRow(app, 'Ada Lovelace', 'Note 2')).toHaveAccessibleName(/Starred/);
    await app.getByRole('button', { name: 'Starred', exact: true }).click();
    await expect(list.getByRole('option')).toHaveCount(1);
    await app.getByRole('button', { name: 'Starred', exact: true }).click();
    // Every message is unread after a sync: mark one read, then the filter leaves it out.
    await list.focus();
    await app.keyboard.press('End');
    await app.keyboard.press('u');
    await expect(messageRow(app, 'Ada Lovelace', 'Note 1')).not.toHaveAccessibleName(/Unread/);
    await app.getByRole('button', { name: 'Unread', exact: true }).click();
    await expect(list.getByRole('option')).toHaveCount(1);
    await expect(messageRow(app, 'Ada Lovelace', 'Note 2')).toBeVisible();
    await app.getByRole('button', { name: 'Unread', exact: true }).click();
  });

  await test.step('the context menu from the keyboard: Move to…', async () => {
    await list.focus();
    await app.keyboard.press('Home');
    await app.keyboard.press('Shift+F10');
    const menu = app.getByRole('menu', { name: 'Message actions' });
    for (const item of ['Move to…', 'Archive', 'Delete', 'Mark as read', 'Unstar', 'Save as…'])
      await expect(menu.getByRole('menuitem', { name: item })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Move to…' })).toBeFocused();
    await app.keyboard.press('Enter');
    const picker = app.getByRole('dialog', { name: 'Move to folder' });
    await picker.getByRole('button', { name: 'Receipts' }).click();
    await expect(app.getByRole('status')).toContainText('Moved 1 message to Receipts');
    await app.keyboard.press('Control+z');
    await expect(list.getByRole('option')).toHaveCount(2);
  });
});

test('removing an account keeps its mail in Local Folders by default', async ({ app, dovecot }) => {
  await withMail(app, dovecot, 2);
  await sidebar(app)
    .getByRole('button', { name: /Edit account bob@/ })
    .click();
  const edit = app.getByRole('dialog', { name: 'Edit account' });
  await edit.getByRole('button', { name: 'Remove account' }).click();
  const keep = edit.getByRole('radio', { name: 'Keep its mail in Local Folders' });
  await expect(keep).toBeChecked();
  await expect(edit.getByRole('radio', { name: 'Delete its mail' })).not.toBeChecked();
  await app.screenshot({ path: join(SCREENS, 'remove-account-dialog.png') });
  await edit.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(edit).toBeHidden();
  await expect(sidebar(app).getByRole('button', { name: /Edit account/ })).toHaveCount(0);
  await openFolder(app, /^bob@127\.0\.0\.1/);
  await expect(messageList(app).getByRole('option')).toHaveCount(2);
});

test('a folder exported to mbox and imported into a new folder is byte-equal', async ({
  app,
  dovecot,
  popline,
}) => {
  await withMail(app, dovecot, 3);
  const download = app.waitForEvent('download');
  await (await folderMenu(app, 'Inbox')).getByRole('menuitem', { name: 'Export as mbox…' }).click();
  const file = await (await download).path();
  expect((await readFile(file)).toString('latin1')).toMatch(/^From /);

  await sidebar(app).getByRole('button', { name: 'New folder…' }).click();
  const named = app.getByRole('dialog', { name: 'New folder' });
  await named.getByLabel('Folder name').fill('Restored');
  await named.getByRole('button', { name: 'Create' }).click();
  const chooser = app.waitForEvent('filechooser');
  await (await folderMenu(app, 'Restored')).getByRole('menuitem', { name: 'Import mail…' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'Inbox.mbox',
    mimeType: 'application/mbox',
    buffer: await readFile(file),
  });
  await expect(app.getByRole('status')).toContainText('Imported 3 messages into Restored');
  const raws = rawsByFolder(popline.dbPath);
  expect(raws.get('Restored')?.map((b) => b.toString('base64'))).toEqual(
    raws.get('Inbox')?.map((b) => b.toString('base64')),
  );
});

test('the whole corpus imported twice as .eml files is stored once', async ({ app, popline }) => {
  test.setTimeout(240_000);
  const files = corpusFiles();
  await expect(sidebar(app)).toBeVisible();
  await sidebar(app).getByRole('button', { name: 'New folder…' }).click();
  const named = app.getByRole('dialog', { name: 'New folder' });
  await named.getByLabel('Folder name').fill('Corpus');
  await named.getByRole('button', { name: 'Create' }).click();
  const paths = files.map((f) => join(corpusRoot, f));
  for (const round of [1, 2]) {
    const chooser = app.waitForEvent('filechooser');
    await (await folderMenu(app, 'Corpus')).getByRole('menuitem', { name: 'Import mail…' }).click();
    await (await chooser).setFiles(paths);
    // The second round stores nothing: every message is in the folder already.
    await expect(app.getByRole('status')).toContainText(
      round === 1 ? /Imported \d+ messages into Corpus/ : 'Imported 0 messages into Corpus',
      { timeout: 180_000 },
    );
    const stored = rawsByFolder(popline.dbPath).get('Corpus') ?? [];
    const distinct = new Set(stored.map((b) => b.toString('base64')));
    expect(distinct.size, `round ${round}`).toBe(stored.length);
    expect(stored.length, `round ${round}`).toBeGreaterThan(files.length * 0.9);
  }
});
