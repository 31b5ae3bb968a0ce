// The profile folder and the database files are the user's mail: private from the first byte.
// The folder is created 0700 and the database file 0600 before SQLite opens it, whatever the
// umask; SQLite gives the -wal and -shm files it creates the database file's mode. Files an older
// version left readable by others are tightened; a folder that already existed is left as it is
// (it may be the user's own, e.g. --db ~/mail.sqlite).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) owner-only; an existing folder is not touched. */
export function preparePrivateFolder(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode passes through the umask, which can only take bits away; this makes it exact.
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Tightens one file to owner read/write if it exists and others could read it. */
function tighten(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Before SQLite opens `dbPath`: the folder, an empty 0600 database file, and older files tightened. */
export function preparePrivateDatabase(dbPath: string): void {
  preparePrivateFolder(dirname(dbPath));
  try {
    // An empty file is a valid new database; created here, it never exists with a looser mode.
    closeSync(openSync(dbPath, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) tighten(path);
}
