import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** Plain SQL, run in one transaction. Its sha256 is recorded and checked on every open. */
  sql: string;
  /**
   * Row rewrites SQL cannot express (reading compressed records), run after
   * `sql` in the same transaction: a failure leaves the workspace at the
   * previous version. Like the SQL, never edited once landed.
   */
  backfill?: (sqlite: Database) => void;
}
