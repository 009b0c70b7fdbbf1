import { openPostgres } from './postgresStore.js';
import { openSqlite } from './sqliteStore.js';
import type { RecordsStore } from './types.js';

/** Where the collector keeps records. */
export interface StoreOptions {
  /** SQLite file, used when there is no `databaseUrl`. `:memory:` keeps nothing. */
  readonly dbPath: string;
  /** A `postgres://` URL; when set, PostgreSQL is used instead of SQLite. */
  readonly databaseUrl?: string | undefined;
}

/** Opens PostgreSQL when a URL is given, else the SQLite file, migrated to the current schema. */
export async function openStore(options: StoreOptions): Promise<RecordsStore> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dbPath);
}
