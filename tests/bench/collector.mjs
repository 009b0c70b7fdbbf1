// `npm run bench:collector`: 50,000 records into the reference collector over
// loopback, from 4 concurrent clients, on SQLite (and on PostgreSQL when
// DATABASE_URL is set). Prints records/s and latency percentiles, checks every
// record is stored exactly once, and exits non-zero when one is not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, startCollector } from '../../examples/collector/dist/index.js';
import { runLoad, verifyStoredOnce } from './collectorLoad.mjs';

const total = Number(process.env.BENCH_RECORDS ?? 50_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 4);
const targets = [{ name: 'sqlite' }, ...(process.env.DATABASE_URL ? [{ name: 'postgres', databaseUrl: process.env.DATABASE_URL }] : [])];

let failed = false;
for (const target of targets) {
  const dir = mkdtempSync(join(tmpdir(), 'hark-bench-'));
  const options = { dbPath: join(dir, 'bench.sqlite'), databaseUrl: target.databaseUrl ?? '' };
  const collector = await startCollector({ ...options, port: 0, rateLimit: false });
  try {
    const result = await runLoad({ endpoint: collector.endpoint, total, clients });
    const store = await openStore(options);
    const check = await verifyStoredOnce(store, result.ids);
    await store.close();
    const ok = check.problems.length === 0;
    failed ||= !ok;
    console.log(
      `- collector ${target.name}: ${result.records} records in ${result.batches} batches of 100 from ${clients} clients in ${result.seconds.toFixed(2)} s` +
        ` → ${Math.round(result.recordsPerSecond)} records/s, p95 ${result.p95Ms.toFixed(1)} ms (p50 ${result.p50Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms)` +
        `; ${result.replays} batches replayed, ${result.failures} failed requests; stored once: ${ok ? 'yes' : `NO (${check.problems.join('; ')})`}`,
    );
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!process.env.DATABASE_URL) console.log('- collector postgres: skipped (set DATABASE_URL to bench it too)');
process.exit(failed ? 1 : 0);
