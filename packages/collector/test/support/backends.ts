import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from './postgres';

/** Where a test's collector keeps records: a fresh SQLite file, or a fresh PostgreSQL database. */
export interface BackendTarget {
  readonly dbPath: string;
  readonly databaseUrl?: string;
}

/** One storage backend the same tests run against. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Why it is skipped here, or null. */
  readonly skip: string | null;
  /** A new, empty place to store records. Call inside a test or hook. */
  fresh(): Promise<BackendTarget>;
}

const skip = postgresSkipReason();
if (skip) console.warn(`\n⚠ ${skip}.\n`);

/**
 * Both backends, for `describe.each`. PostgreSQL starts once per test file
 * (lazily, on first use) and stops after it.
 */
export function backends(): Backend[] {
  const dirs: string[] = [];
  let cluster: Promise<TestPostgres> | null = null;
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    if (cluster) await (await cluster).stop();
  });
  return [
    {
      name: 'sqlite',
      skip: null,
      async fresh() {
        const dir = mkdtempSync(join(tmpdir(), 'hark-collector-'));
        dirs.push(dir);
        // An explicit empty URL keeps SQLite even where DATABASE_URL is set.
        return { dbPath: join(dir, 'hark.sqlite'), databaseUrl: '' };
      },
    },
    {
      name: 'postgres',
      skip,
      async fresh() {
        cluster ??= startTestPostgres();
        return { dbPath: ':memory:', databaseUrl: await (await cluster).createDatabase() };
      },
    },
  ];
}
