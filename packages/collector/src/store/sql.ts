import type { Row } from './readRow.js';

/**
 * One statement at a time against either backend, written once with `?`
 * placeholders. The concepts built on it (inbox, alert outbox, survey
 * versions, webhooks) need no multi-statement transactions, so this is all
 * they see of a database. Timestamps in their tables are ISO text in both
 * backends (fixed width, so text order is time order).
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  /** A read. On SQLite it runs on the reader thread, so a long list never holds up ingest. */
  read(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A write (one statement); resolves to the rows of its `RETURNING`, if any. */
  write(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`. The SQL that goes through `Sql` has no `?` inside literals. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `(?, ?, ?)` for a list of values, for `IN` clauses. */
export const placeholders = (count: number): string => `(${Array.from({ length: count }, () => '?').join(', ')})`;

/** A COUNT or SUM as a number (PostgreSQL hands bigints over as text). */
export const num = (value: unknown): number => Number(value ?? 0);
