// The collector load generator, shared by `npm run bench:collector` and the
// collector's load test: a few concurrent clients POST batches over loopback,
// some batches twice (as a client retrying after a lost response would), and
// every request's latency is recorded.
import { randomBytes } from 'node:crypto';

/** Sorted-sample percentile, in the unit of the samples. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A UUID (version 7 layout) unique to this run and `index`. */
function idFor(run, index) {
  const hex = index.toString(16).padStart(12, '0');
  return `${run.slice(0, 8)}-${run.slice(8, 12)}-7${run.slice(13, 16)}-8${run.slice(17, 20)}-${hex}`;
}

const KINDS = [
  { kind: 'nps', scale: { min: 0, max: 10 }, band: (s) => (s <= 6 ? 'detractor' : s <= 8 ? 'passive' : 'promoter') },
  { kind: 'csat', scale: { min: 1, max: 5 }, band: (s) => (s < 3 ? 'low' : s === 3 ? 'mid' : 'high') },
  { kind: 'ces', scale: { min: 1, max: 7 }, band: (s) => (s < 4 ? 'low' : s === 4 ? 'mid' : 'high') },
];

function record(run, index, start) {
  const { kind, scale, band } = KINDS[index % KINDS.length];
  const id = idFor(run, index);
  const createdAt = new Date(start + index * 60_000).toISOString();
  if (index % 4 === 3) return { id, type: 'shown', surveyId: `load-${kind}`, kind, anonymousId: `a_${index % 500}`, createdAt };
  const score = scale.min + (index % (scale.max - scale.min + 1));
  return {
    id, type: 'response', surveyId: `load-${kind}`, kind, score, scale, category: band(score),
    question: 'How likely are you to recommend Acme?', comment: index % 10 === 0 ? `comment ${index}` : undefined,
    userId: `u_${index % 1000}`, anonymousId: `a_${index % 500}`, attributes: { plan: index % 2 ? 'pro' : 'free' }, createdAt,
  };
}

/**
 * Posts `total` records to `endpoint` (or, in turn, to each of `endpoints`: several
 * collector processes) in batches of `batchSize` from `clients` concurrent loops;
 * every `replayEvery`-th batch is sent a second time, to the next endpoint.
 * Stops by itself: each request times out after 30 s and the run after `deadlineMs`.
 */
export async function runLoad({ endpoint, endpoints = [endpoint], total = 50_000, batchSize = 100, clients = 4, replayEvery = 20, deadlineMs = 300_000, headers = {} }) {
  const run = randomBytes(10).toString('hex');
  const start = Date.UTC(2026, 0, 5);
  const batches = Math.ceil(total / batchSize);
  const latencies = [];
  const ids = [];
  let next = 0;
  let replays = 0;
  let failures = 0;
  let duplicatesReported = 0;
  const deadline = Date.now() + deadlineMs;

  async function send(body, target) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const began = performance.now();
      try {
        const res = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(30_000) });
        const json = await res.json();
        latencies.push(performance.now() - began);
        if (res.ok) return json;
      } catch {
        latencies.push(performance.now() - began);
      }
      failures += 1;
    }
    throw new Error(`a batch failed three times against ${target}`);
  }

  async function client() {
    while (next < batches && Date.now() < deadline) {
      const batchIndex = next++;
      const records = [];
      for (let i = batchIndex * batchSize; i < Math.min(total, (batchIndex + 1) * batchSize); i++) {
        records.push(record(run, i, start));
        ids.push(idFor(run, i));
      }
      const body = JSON.stringify({ sdk: { name: 'hark', version: 'bench' }, sentAt: new Date().toISOString(), records });
      await send(body, endpoints[batchIndex % endpoints.length]);
      if (replayEvery > 0 && batchIndex % replayEvery === 0) {
        replays += 1;
        duplicatesReported += (await send(body, endpoints[(batchIndex + 1) % endpoints.length])).duplicates ?? 0;
      }
    }
  }

  const began = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - began) / 1000;
  if (next < batches) throw new Error(`load run hit its ${deadlineMs} ms deadline after ${next} of ${batches} batches`);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ids,
    records: total,
    batches,
    replays,
    duplicatesReported,
    failures,
    seconds,
    recordsPerSecond: total / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

/** Checks that the store holds every id of the run exactly once; resolves to the problems found (empty when all is well). */
export async function verifyStoredOnce(store, ids) {
  const expected = new Set(ids);
  const seen = new Set();
  let duplicates = 0;
  let stored = 0;
  for await (const page of store.exportPages({}, 5000)) {
    for (const row of page) {
      if (!expected.has(row.id)) continue;
      stored += 1;
      if (seen.has(row.id)) duplicates += 1;
      seen.add(row.id);
    }
  }
  const problems = [];
  if (expected.size !== ids.length) problems.push(`the run generated ${ids.length - expected.size} repeated ids`);
  if (seen.size !== expected.size) problems.push(`${expected.size - seen.size} of ${expected.size} records are missing`);
  if (duplicates) problems.push(`${duplicates} records are stored more than once`);
  return { stored, problems };
}
