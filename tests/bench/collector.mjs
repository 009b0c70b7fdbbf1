// `npm run bench:collector` (after `npm run build`): the reference collector
// (1) under load: 50,000 records over loopback from 4 concurrent clients, each
//     stored exactly once (exits non-zero when one is not);
// (2) at scale: a database of 1,000,000 records and 5,000 survey ids, served by
//     the collector as its own process: results page time, peak memory, and
//     ingest latency while four results pages render.
// (3) closing the loop: the follow-up inbox at 100,000 answers, and ingest with
//     a webhook that fails or never answers (collectorLoop.mjs).
// SQLite always; PostgreSQL too when DATABASE_URL points at an empty database
// the bench may fill. BENCH_RECORDS, BENCH_CLIENTS, BENCH_SCALE_RECORDS and
// BENCH_INBOX_RECORDS change the sizes; 0 skips (2) or (3).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, startCollector } from '../../packages/collector/dist/index.js';
import { runLoad, verifyStoredOnce } from './collectorLoad.mjs';
import { measureInbox, measureIngestWithWebhooks, seedInbox } from './collectorLoop.mjs';
import { measureScale, seedScale } from './collectorScale.mjs';

const total = Number(process.env.BENCH_RECORDS ?? 50_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 4);
const scaleRecords = Number(process.env.BENCH_SCALE_RECORDS ?? 1_000_000);
const inboxRecords = Number(process.env.BENCH_INBOX_RECORDS ?? 100_000);
const targets = [{ name: 'sqlite' }, ...(process.env.DATABASE_URL ? [{ name: 'postgres', databaseUrl: process.env.DATABASE_URL }] : [])];

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)} at the start), Node ${process.version}.\n`);
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

if (scaleRecords > 0) {
  for (const target of targets) {
    const dir = mkdtempSync(join(tmpdir(), 'hark-scale-'));
    // PostgreSQL gets the scale database after the load run's records; SQLite a fresh file.
    const options = { dbPath: join(dir, 'scale.sqlite'), databaseUrl: target.databaseUrl ?? '' };
    try {
      const seconds = await seedScale(options, scaleRecords);
      const rows = await measureScale(options, { records: scaleRecords });
      console.log(`\n| ${target.name}: at scale (seeded in ${seconds.toFixed(0)} s) | |\n| --- | --- |`);
      for (const [what, figure] of rows) console.log(`| ${what} | ${figure} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
if (inboxRecords > 0) {
  for (const target of targets) {
    const dir = mkdtempSync(join(tmpdir(), 'hark-inbox-'));
    let fresh = 0;
    // PostgreSQL shares the one database the bench was given: the inbox adds to what is there.
    const makeTarget = async () => ({ dbPath: join(dir, `loop-${++fresh}.sqlite`), databaseUrl: target.databaseUrl ?? '' });
    try {
      const inbox = await makeTarget();
      const seconds = await seedInbox(inbox, inboxRecords);
      const rows = [...(await measureInbox(inbox)), ...(await measureIngestWithWebhooks(makeTarget))];
      console.log(`\n| ${target.name}: the inbox over ${inboxRecords.toLocaleString('en')} low answers (seeded in ${seconds.toFixed(0)} s), ingest with failing webhooks | |\n| --- | --- |`);
      for (const [what, figure] of rows) console.log(`| ${what} | ${figure} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
process.exit(failed ? 1 : 0);
