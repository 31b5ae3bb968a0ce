// The shape of one numbered schema migration.
// A migration never commits or begins a transaction itself: the runner applies all pending ones in one.

import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /**
   * It drops and recreates a table other tables reference: the runner turns foreign keys off
   * around it (a DROP would otherwise cascade) and checks every reference before committing.
   */
  readonly rebuildsTables?: boolean;
  up(db: Database.Database): void;
}
