// `export` and `import`: a folder to an mboxrd file, and mbox or .eml files into a folder.
// Import is idempotent and resumable: run it again after an interruption and only what is
// missing is stored. Unreadable entries are listed on stderr; the exit status is then 1.
import { parseArgs } from 'node:util';
import type { Folder } from '../../shared/model/folder';
import { exportFolderToFile } from '../mailbox';
import { fileSource, importMail } from '../mailbox';
import { openStore, StoreError, type Store } from '../store';
import { EXIT, UsageError } from './cli-error';
import { needDb } from './sync-command';
import { terminalLine } from './terminal-text';
import type { CommandIo } from './main';

/** Local folders by name (any case); "Inbox" when there is one account, else "Inbox (account)". */
export function findFolder(store: Store, name: string): Folder | undefined {
  const wanted = name.trim().toLocaleLowerCase('en-US');
  const folders = store.folders.list();
  const local = folders.find(
    (f) => f.accountId === null && f.name.toLocaleLowerCase('en-US') === wanted,
  );
  if (local) return local;
  const inboxes = folders.filter((f) => f.role === 'inbox');
  if (wanted === 'inbox' && inboxes.length === 1) return inboxes[0];
  return inboxes.find((f) => {
    const account = f.accountId === null ? undefined : store.accounts.get(f.accountId);
    if (!account) return false;
    const labels = [account.name, `${account.user}@${account.host}`];
    return labels.some((l) => `inbox (${l.toLocaleLowerCase('en-US')})` === wanted);
  });
}

function needFolderName(value: string | undefined): string {
  if (!value || !value.trim()) throw new UsageError('--folder NAME is required');
  return value;
}

// File, folder and entry names come from the user's disk and mail: escaped for the terminal.
const printable = terminalLine;

export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, folder: { type: 'string' }, mbox: { type: 'string' } },
    strict: true,
  });
  const name = needFolderName(values.folder);
  if (!values.mbox) throw new UsageError('--mbox FILE is required');
  const store = openStore(needDb(values), {});
  try {
    const folder = findFolder(store, name);
    if (!folder) throw new StoreError('not-found', `no folder named ${printable(name)}`);
    const { exported } = await exportFolderToFile(store, folder.id, values.mbox);
    io.out(`exported ${exported} messages from ${printable(folder.name)}`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

export async function importCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, folder: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const name = needFolderName(values.folder);
  if (positionals.length === 0) throw new UsageError('name at least one mbox or .eml file');
  const store = openStore(needDb(values), {});
  try {
    // A new name makes a new folder under Local Folders.
    const folder = findFolder(store, name) ?? store.folders.create(name);
    const report = await importMail(store, folder.id, positionals.map(fileSource));
    for (const p of report.problems) {
      io.err(`not imported: ${printable(p.source)}: ${printable(p.reason)}`);
    }
    io.out(
      `imported ${report.stored} messages into ${printable(folder.name)}; ` +
        `${report.duplicates} already there; ${report.problems.length} unreadable`,
    );
    return report.problems.length > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    store.close();
  }
}
