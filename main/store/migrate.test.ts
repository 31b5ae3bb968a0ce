import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, schemaVersion } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { openStore } from './open-store';
import { StoreError } from './store-error';
import { tempProfile, type TempProfile } from './store-test-support';

let profile: TempProfile;
afterEach(() => profile?.remove());

const tableNames = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
    .all()
    .map((row) => row.name);

describe('migrate', () => {
  it('refuses a database from a newer schema with a typed error naming both versions', () => {
    profile = tempProfile();
    const newer = latestVersion() + 5;
    const db = new Database(profile.dbPath);
    db.pragma(`user_version = ${newer}`);
    db.exec('CREATE TABLE future_thing (x INTEGER)');
    db.close();
    const before = readFileSync(profile.dbPath);

    let thrown: unknown;
    try {
      openStore(profile.dbPath);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toMatchObject({ kind: 'newer-schema' });
    expect((thrown as Error).message).toContain(`version ${newer}`);
    expect((thrown as Error).message).toContain(`version ${latestVersion()}`);
    // Left exactly as it was: no WAL switch, no tables of ours.
    expect(readFileSync(profile.dbPath).equals(before)).toBe(true);
  });

  it('applies all pending migrations in one transaction: a failing step leaves the old version', () => {
    profile = tempProfile();
    const db = new Database(profile.dbPath);
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER) STRICT') },
      { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE two (x INTEGER) STRICT') },
      {
        version: 3,
        name: 'broken',
        up: () => {
          throw new Error('step 3 fails');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow('step 3 fails');
    expect(schemaVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);

    expect(migrate(db, steps.slice(0, 2))).toEqual({ from: 0, to: 2 });
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db).sort()).toEqual(['one', 'two']);
    expect(migrate(db, steps.slice(0, 2))).toEqual({ from: 2, to: 2 });
    db.close();
  });

  it('rejects a migration list with a gap in its versions', () => {
    const db = new Database(':memory:');
    const gap: Migration[] = [{ version: 2, name: 'gap', up: () => undefined }];
    expect(() => migrate(db, gap)).toThrow(/expected 1/);
    db.close();
  });

  it('lists every numbered migration file once, in order, under its own version and name', () => {
    const dir = fileURLToPath(new URL('./migrations', import.meta.url));
    const files = readdirSync(dir)
      .filter((file) => /^\d{4}-.+\.ts$/.test(file) && !file.endsWith('.test.ts'))
      .sort();
    expect(files.map((file) => file.replace(/\.ts$/, ''))).toEqual(
      MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`),
    );
  });

  it('gives every migration a test of its own, beside it', () => {
    const dir = fileURLToPath(new URL('./migrations', import.meta.url));
    const tests = new Set(readdirSync(dir).filter((file) => file.endsWith('.test.ts')));
    const untested = MIGRATIONS.map(
      (m) => `${String(m.version).padStart(4, '0')}-${m.name}.test.ts`,
    ).filter((file) => !tests.has(file));
    expect(untested).toEqual([]);
  });

  it('opens an existing store again without migrating twice', () => {
    profile = tempProfile();
    openStore(profile.dbPath).close();
    const store = openStore(profile.dbPath);
    expect(store.schemaVersion).toBe(latestVersion());
    store.close();
  });

  it('reports a file that is not a database as not-a-database', () => {
    profile = tempProfile();
    writeFileSync(profile.dbPath, 'this is not sqlite, just text long enough to have a header....');
    expect(() => openStore(profile.dbPath)).toThrow(
      expect.objectContaining({ kind: 'not-a-database' }),
    );
  });
});
