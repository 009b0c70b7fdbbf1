import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, startCollector, type RecordsStore, type RunningCollector } from '@hark/collector';
import { runLoad, verifyStoredOnce } from '../../../tests/bench/collectorLoad.mjs';
import { backends } from './support/backends';

describe.each(backends())('load ($name)', (backend) => {
  let collector: RunningCollector;
  let store: RecordsStore;
  beforeAll(async () => {
    if (backend.skip) return;
    const target = await backend.fresh();
    collector = await startCollector({ ...target, port: 0, rateLimit: false });
    store = await openStore(target);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await collector?.close();
  });

  it.skipIf(backend.skip)(
    'stores 50,000 records posted in batches by 4 concurrent clients, each exactly once',
    async () => {
      const result = await runLoad({ endpoint: collector.endpoint, total: 50_000, batchSize: 100, clients: 4, replayEvery: 20, deadlineMs: 110_000 });
      expect(result.failures).toBe(0);
      expect(result.replays).toBe(25);
      // Every replayed record was reported as a duplicate, not stored again.
      expect(result.duplicatesReported).toBe(25 * 100);
      const check = await verifyStoredOnce(store, result.ids);
      expect(check.problems).toEqual([]);
      expect(check.stored).toBe(50_000);
      expect(await store.count()).toBe(50_000);
      console.log(`load (${backend.name}): ${Math.round(result.recordsPerSecond)} records/s, p95 ${result.p95Ms.toFixed(1)} ms`);
    },
    120_000,
  );
});
