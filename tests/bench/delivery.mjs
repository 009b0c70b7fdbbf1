// `npm run bench:delivery`: how fast a backlog drains, and at what memory cost.
// Builds nothing itself: `npm run bench:delivery` builds first, then runs this
// against the built @hark/core with its default seams (the browser platform,
// inert in Node, and IndexedDB, here fake-indexeddb's) and a real HTTP
// endpoint on 127.0.0.1 that stores records uniquely by id.
// Knobs: BENCH_RECORDS (default 10000; a record is one shown or response), BENCH_BATCH (default 20).
import { createServer } from 'node:http';
import 'fake-indexeddb/auto';
import { createClient } from '@hark/core';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const survey = { id: 'nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'done' }] };
const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`;

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 20);

const stored = new Set();
let requests = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests += 1;
    for (const record of JSON.parse(Buffer.concat(chunks).toString('utf8')).records) stored.add(record.id);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}/v1/records`;

const delivery = { batchSize: BATCH, maxRecords: RECORDS + 10, maxBytes: RECORDS * 2000 };

// 1. The backlog: answers saved while the endpoint is unreachable (a closed port).
const writer = createClient({ endpoint: 'http://127.0.0.1:9/unreachable', surveys: [survey], delivery });
await writer.ready;
const writeStart = performance.now();
for (let i = 0; i < RECORDS / 2; i++) {
  writer.show('nps');
  await writer.submit({ score: i % 11 });
  writer.dismiss();
}
const writeMs = performance.now() - writeStart;
const backlog = await writer.getDeliveryState();
writer.destroy();

// 2. The drain: a new page with a working endpoint empties the queue.
const reader = createClient({ endpoint, surveys: [survey], delivery });
await reader.ready;
const drainStart = performance.now();
let result = await reader.flush();
while (result.status !== 'empty') {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, result.nextAttemptAt - Date.now())));
  result = await reader.flush();
}
const drainMs = performance.now() - drainStart;
const after = await reader.getDeliveryState();
reader.destroy();
clearInterval(sampler);
server.close();

const queued = backlog.pending + backlog.inFlight;
console.log('Hark delivery bench (Node, fake-indexeddb, HTTP on 127.0.0.1)');
console.log(`  backlog written    ${queued} records in ${(writeMs / 1000).toFixed(2)} s (${Math.round(queued / (writeMs / 1000))} records/s, each a durable transaction)`);
console.log(`  backlog drained    ${stored.size} records in ${(drainMs / 1000).toFixed(2)} s: ${Math.round(stored.size / (drainMs / 1000))} records/s, ${requests} requests of ≤ ${BATCH}`);
console.log(`  peak memory        rss ${mb(peakRss)}, heap ${mb(peakHeap)}`);
console.log(`  left in queue      ${after.pending + after.inFlight}; stored ${stored.size}/${queued} unique ids`);
if (stored.size !== queued || after.pending + after.inFlight !== 0) {
  console.error('✖ the backlog did not drain completely');
  process.exit(1);
}
