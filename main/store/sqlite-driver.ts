// better-sqlite3, loaded on first use rather than by a top-level import: in the Electron bundle a
// static import is resolved before any code runs, so a native module that fails to load (wrong
// ABI, a missing unpacked .node) would kill the app before it can show why. Loaded here, the
// failure is an ordinary exception from openStore, which the start-up error box reports.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const loadModule = createRequire(import.meta.url);
let driver: typeof BetterSqlite3 | undefined;

export function sqliteDriver(): typeof BetterSqlite3 {
  driver ??= loadModule('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}
