// Application settings as JSON values under string keys.
// Never validates values: the caller (with the contract's schemas) owns their shape.

import type Database from 'better-sqlite3';

export interface SettingsRepo {
  /** The stored JSON value, or undefined when the key was never set. */
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): boolean;
}

export function createSettingsRepo(db: Database.Database): SettingsRepo {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare<[string, string]>(
    `INSERT INTO settings (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const drop = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  return {
    get(key) {
      const row = read.get(key);
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    },
    set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`setting ${key}: value is not JSON`);
      write.run(key, json);
    },
    remove: (key) => drop.run(key).changes > 0,
  };
}
