// Brings a database up to the schema this code knows, tracked by PRAGMA user_version.
// Never touches a database from a newer version, and never applies a migration outside one transaction.

import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';
import { StoreError } from './store-error';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : (migrations[migrations.length - 1]?.version ?? 0);
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration ${migration.name} has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

export function assertNotNewer(db: Database.Database, known: number): void {
  const onDisk = schemaVersion(db);
  if (onDisk > known) {
    throw new StoreError(
      'newer-schema',
      `database schema is version ${onDisk}, but this Popline only knows up to version ${known}; ` +
        'it was written by a newer Popline and is left untouched',
    );
  }
}

/**
 * Applies every pending migration up to `target` in ONE immediate transaction, so a crash or a
 * failing step leaves the previous version intact, and two processes opening a fresh file at
 * once cannot both migrate it (the second waits, then finds nothing pending).
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = latestVersion(migrations),
): { from: number; to: number } {
  checkSequence(migrations);
  const pendingOf = (from: number) =>
    migrations.filter((m) => m.version > from && m.version <= target);
  // PRAGMA foreign_keys is a no-op inside a transaction: it is switched before, restored after.
  const rebuilds = pendingOf(schemaVersion(db)).some((m) => m.rebuildsTables === true);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  const apply = db.transaction(() => {
    assertNotNewer(db, latestVersion(migrations));
    const from = schemaVersion(db);
    const pending = pendingOf(from);
    for (const migration of pending) migration.up(db);
    if (rebuilds) {
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new StoreError(
          'integrity',
          `migration left ${broken.length} broken references; nothing was changed`,
        );
      }
    }
    const to = pending.length > 0 ? (pending[pending.length - 1]?.version ?? from) : from;
    // user_version lives in the database header, so it commits or rolls back with the schema.
    if (to !== from) db.pragma(`user_version = ${to}`);
    return { from, to };
  });
  if (!rebuilds) return apply.immediate();
  db.pragma('foreign_keys = OFF');
  try {
    return apply.immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}
