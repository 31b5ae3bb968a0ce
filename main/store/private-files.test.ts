import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyCipher, KEY_FILE_NAME } from '../secrets/file-key-cipher';
import { openStore } from './open-store';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let root: string;
let savedUmask: number;
beforeEach(() => {
  // The usual desktop umask, set explicitly: files SQLite creates by itself come out 0644 under it.
  savedUmask = process.umask(0o022);
  root = mkdtempSync(join(tmpdir(), 'popline-private-'));
  chmodSync(root, 0o755);
});
afterEach(() => {
  process.umask(savedUmask);
  rmSync(root, { recursive: true, force: true });
});

describe('private profile files', () => {
  it('creates the profile folder 0700 and the database, -wal and -shm 0600 under umask 022', () => {
    const profile = join(root, 'profile', 'popline');
    const dbPath = join(profile, 'popline.sqlite');
    const store = openStore(dbPath);
    try {
      expect(modeOf(join(root, 'profile'))).toBe(0o700);
      expect(modeOf(profile)).toBe(0o700);
      expect(modeOf(dbPath)).toBe(0o600);
      // A write in WAL mode: the -wal and -shm files exist now, created by SQLite itself.
      store.settings.set('probe', { written: true });
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      expect(existsSync(`${dbPath}-shm`)).toBe(true);
      expect(modeOf(`${dbPath}-wal`)).toBe(0o600);
      expect(modeOf(`${dbPath}-shm`)).toBe(0o600);
      // The key-file vault beside it (bridge, CLI): its key 0600 in the same private folder.
      createFileKeyCipher(profile).encrypt('secret');
      expect(modeOf(join(profile, KEY_FILE_NAME))).toBe(0o600);
      expect(modeOf(profile)).toBe(0o700);
    } finally {
      store.close();
    }
  });

  it('tightens database files an older version left readable by others, and leaves a folder it did not create alone', () => {
    const dbPath = join(root, 'old.sqlite');
    openStore(dbPath).close();
    chmodSync(dbPath, 0o644);
    writeFileSync(`${dbPath}-wal`, '');
    chmodSync(`${dbPath}-wal`, 0o666);
    const store = openStore(dbPath);
    store.close();
    expect(modeOf(dbPath)).toBe(0o600);
    if (existsSync(`${dbPath}-wal`)) expect(modeOf(`${dbPath}-wal`)).toBe(0o600);
    expect(modeOf(root)).toBe(0o755);
  });

  it('creates the folder 0700 even when mkdir would leave it group-readable (umask 0)', () => {
    process.umask(0);
    const dbPath = join(root, 'lax', 'popline.sqlite');
    openStore(dbPath).close();
    expect(modeOf(join(root, 'lax'))).toBe(0o700);
    expect(modeOf(dbPath)).toBe(0o600);
    mkdirSync(join(root, 'other'));
    expect(modeOf(join(root, 'other'))).toBe(0o777);
  });
});
