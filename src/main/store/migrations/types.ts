export interface Migration {
  version: number;
  name: string;
  /** Plain SQL, run in one transaction. Its sha256 is recorded and checked on every open. */
  sql: string;
}
