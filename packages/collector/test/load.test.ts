import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, startCollector, type RecordsStore, type RunningCollector } from '@hark/collector';
import { runLoad, verifyStoredOnce } from '../../../tests/bench/collectorLoad.mjs';
import { ADMIN_TOKEN, adminFetch } from './support/admin';
import { backends } from './support/backends';
import { startCliProcess, type CollectorProcess } from './support/cliProcess';

const [sqlite, postgres] = backends();

describe('load (sqlite, one process)', () => {
  let collector: RunningCollector;
  let store: RecordsStore;
  beforeAll(async () => {
    const target = await sqlite!.fresh();
    collector = await startCollector({ ...target, port: 0, rateLimit: false });
    store = await openStore(target);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await collector?.close();
  });

  it('stores 50,000 records posted in batches by 4 concurrent clients, each exactly once', async () => {
    const result = await runLoad({ endpoint: collector.endpoint, total: 50_000, batchSize: 100, clients: 4, replayEvery: 20, deadlineMs: 200_000 });
    expect(result.failures).toBe(0);
    expect(result.replays).toBe(25);
    // Every replayed record was reported as a duplicate, not stored again.
    expect(result.duplicatesReported).toBe(25 * 100);
    const check = await verifyStoredOnce(store, result.ids);
    expect(check.problems).toEqual([]);
    expect(check.stored).toBe(50_000);
    expect(await store.count()).toBe(50_000);
    console.log(`load (sqlite): ${Math.round(result.recordsPerSecond)} records/s, p95 ${result.p95Ms.toFixed(1)} ms`);
  }, 240_000);
});

describe.skipIf(postgres!.skip)('load (postgres, two collector processes)', () => {
  let processes: CollectorProcess[] = [];
  let store: RecordsStore;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = (await postgres!.fresh()).databaseUrl!;
    // Both start at once on an empty database: the migrations race, and the advisory lock decides.
    const env = { DATABASE_URL: databaseUrl, HARK_RATE_LIMIT: '0', HARK_ADMIN_TOKENS: ADMIN_TOKEN };
    const started = await Promise.allSettled([startCliProcess(env), startCliProcess(env)]);
    processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    store = await openStore({ dbPath: ':memory:', databaseUrl });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await Promise.all(processes.map((process) => process.stop()));
  });

  it('migrate once when they start together', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const versions = await client.query('SELECT version FROM hark_schema_version');
      expect(versions.rows).toHaveLength(1);
      expect(await store.count()).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('store 50,000 records posted to both at once exactly once, replays going to the other process', async () => {
    const result = await runLoad({ endpoints: processes.map((process) => process.endpoint), total: 50_000, batchSize: 100, clients: 4, replayEvery: 20, deadlineMs: 400_000 });
    expect(result.failures).toBe(0);
    expect(result.duplicatesReported).toBe(25 * 100);
    const check = await verifyStoredOnce(store, result.ids);
    expect(check.problems).toEqual([]);
    expect(check.stored).toBe(50_000);
    expect(await store.count()).toBe(50_000);
    // Both processes report the same: the day counts were kept exactly once too.
    for (const process of processes) {
      const listing = (await (await adminFetch(`${process.endpoint}?limit=1`)).json()) as { total: number };
      expect(listing.total).toBe(50_000);
      expect((await adminFetch(`${process.url}/`)).status).toBe(200);
    }
    console.log(`load (postgres, 2 processes): ${Math.round(result.recordsPerSecond)} records/s, p95 ${result.p95Ms.toFixed(1)} ms`);
  }, 480_000);
});
