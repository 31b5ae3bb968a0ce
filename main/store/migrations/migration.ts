// The shape of one numbered schema migration.
// A migration never commits or begins a transaction itself: the runner applies all pending ones in one.

import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
