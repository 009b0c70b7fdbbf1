// The collector at scale: a database of BENCH_SCALE_RECORDS (default 1,000,000)
// records over 5,000 survey ids, received over a year, served by the collector
// as its own process (the CLI, as deployed). Measures how long the results page
// takes, the process's peak memory, and ingest latency while four results pages
// render at once. A measurement, not a test: it prints figures and judges nothing
// but that every request succeeded.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../packages/collector/dist/index.js';
import { percentile } from './collectorLoad.mjs';

const CLI = fileURLToPath(new URL('../../packages/collector/dist/cli.js', import.meta.url));
const DAY_MS = 86_400_000;
const KINDS = {
  nps: { scale: { min: 0, max: 10 }, band: (s) => (s <= 6 ? 'detractor' : s <= 8 ? 'passive' : 'promoter') },
  csat: { scale: { min: 1, max: 5 }, band: (s) => (s < 3 ? 'low' : s === 3 ? 'mid' : 'high') },
  ces: { scale: { min: 1, max: 7 }, band: (s) => (s < 4 ? 'low' : s === 4 ? 'mid' : 'high') },
};

/** mulberry32: the same database on every run. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three big surveys hold 65 % of the records, 4,997 small ones the rest: 5,000 survey ids. */
function surveyFor(roll, next) {
  if (roll < 0.4) return { surveyId: 'checkout-nps', kind: 'nps' };
  if (roll < 0.55) return { surveyId: 'support-csat', kind: 'csat' };
  if (roll < 0.65) return { surveyId: 'export-ces', kind: 'ces' };
  const n = Math.floor(next() * 4997);
  return { surveyId: `survey-${String(n).padStart(4, '0')}`, kind: ['nps', 'csat', 'ces'][n % 3] };
}

/** Fills `target` with `total` records, received over the year before `end`, a batch of 1,000 at a time. */
export async function seedScale(target, total, end = Date.now()) {
  const store = await openStore(target);
  const next = seeded(1_000_000);
  const run = randomBytes(6).toString('hex');
  const began = performance.now();
  try {
    for (let start = 0; start < total; start += 1000) {
      const records = [];
      const stamps = new Map();
      for (let index = start; index < Math.min(total, start + 1000); index++) {
        const { surveyId, kind } = surveyFor(next(), next);
        const id = `${run.slice(0, 8)}-${run.slice(8, 12)}-7000-8000-${index.toString(16).padStart(12, '0')}`;
        const receivedAt = new Date(end - Math.floor(next() * 365 * DAY_MS));
        const createdAt = new Date(receivedAt.getTime() - Math.floor(next() * 60_000)).toISOString();
        const roll = next();
        const common = { id, surveyId, kind, anonymousId: `a_${index % 20_000}`, createdAt };
        if (roll < 0.45) records.push({ ...common, type: 'shown' });
        else if (roll < 0.5) records.push({ ...common, type: 'dismissed' });
        else {
          const { scale, band } = KINDS[kind];
          const score = scale.min + Math.floor(next() * (scale.max - scale.min + 1));
          records.push({
            ...common, type: 'response', score, scale, category: band(score), question: 'How likely are you to recommend Acme?',
            ...(next() < 0.1 ? { comment: `Comment ${index}: ${'lorem ipsum '.repeat(1 + Math.floor(next() * 20))}` } : {}),
            userId: `u_${index % 50_000}`, attributes: { plan: index % 2 ? 'pro' : 'free', seats: index % 40 },
          });
        }
        stamps.set(id, receivedAt);
      }
      await store.insert(records, { receivedAt: (record) => stamps.get(record.id) });
      if ((start / 1000) % 100 === 99) process.stderr.write(`  seeded ${start + 1000} records in ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    await store.close();
  }
  return (performance.now() - began) / 1000;
}

/** Starts the CLI on `target`; resolves to its URLs, its pid and a stop(). */
function startProcess(target, token) {
  const env = { PATH: process.env.PATH, PORT: '0', HARK_RATE_LIMIT: '0', HARK_ADMIN_TOKENS: token, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { HARK_DB: target.dbPath }) };
  const child = spawn(process.execPath, [CLI], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${output}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /ingest at (\S+), results at (\S+)\//.exec(output);
      if (found) resolve({ endpoint: found[1], url: found[2], pid: child.pid, stop: () => new Promise((done) => { child.removeAllListeners('exit'); child.once('exit', done); child.kill('SIGTERM'); }) });
    });
  });
}

/** Peak resident memory of a process so far, in MB (Linux). */
const peakMb = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function timed(url, headers) {
  const began = performance.now();
  const res = await fetch(url, { headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return { ms: performance.now() - began, bytes };
}

/**
 * Serves a seeded `target` and measures it. Resolves to rows of
 * [what, figure] for a markdown table.
 */
export async function measureScale(target, { records, surveys = 5000 }) {
  const token = randomBytes(32).toString('base64url');
  const auth = { Authorization: `Bearer ${token}` };
  const collector = await startProcess(target, token);
  const rows = [];
  try {
    const page = async (query, runs = 7) => {
      const samples = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const result = await timed(`${collector.url}/${query}`, auth);
        samples.push(result.ms);
        bytes = result.bytes;
      }
      samples.sort((a, b) => a - b);
      return { median: percentile(samples, 50), max: samples[samples.length - 1], bytes };
    };
    // The first render warms the database cache, as the first visitor of the day would.
    const cold = await timed(`${collector.url}/`, auth);
    rows.push(['`GET /` first render (cold cache)', `${cold.ms.toFixed(0)} ms, ${(cold.bytes / 1024).toFixed(0)} KB`]);
    for (const [label, query] of [
      ['`GET /` all surveys, page 1', ''],
      ['`GET /?page=120`', '?page=120'],
      ['`GET /?survey=checkout-nps` (400,000 records)', '?survey=checkout-nps'],
      ['`GET /` last 30 days', `?from=${new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10)}`],
    ]) {
      const result = await page(query);
      rows.push([label, `median ${result.median.toFixed(0)} ms, max ${result.max.toFixed(0)} ms, ${(result.bytes / 1024).toFixed(0)} KB`]);
    }
    const list = await timed(`${collector.endpoint}?limit=500`, auth);
    rows.push(['`GET /v1/records?limit=500`', `${list.ms.toFixed(0)} ms, ${(list.bytes / 1024).toFixed(0)} KB`]);
    const afterPages = peakMb(collector.pid);

    // Ingest alone, then while four results pages render over and over.
    const run = randomBytes(6).toString('hex');
    let sent = 0;
    const ingestFor = async (ms) => {
      const latencies = [];
      const until = Date.now() + ms;
      const ingester = async (client) => {
        while (Date.now() < until) {
          const batch = Array.from({ length: 20 }, () => {
            const index = client * 10_000_000 + sent++;
            return { id: `${run.slice(0, 8)}-${run.slice(8, 12)}-7000-9000-${index.toString(16).padStart(12, '0')}`, type: 'shown', surveyId: 'checkout-nps', kind: 'nps', anonymousId: 'bench', createdAt: new Date().toISOString() };
          });
          const began = performance.now();
          const res = await fetch(collector.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sdk: { name: 'hark', version: 'bench' }, sentAt: new Date().toISOString(), records: batch }) });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`ingest answered ${res.status}`);
          latencies.push(performance.now() - began);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      };
      await Promise.all([ingester(1), ingester(2)]);
      latencies.sort((a, b) => a - b);
      return `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms over ${latencies.length} batches`;
    };
    rows.push(['Ingest alone (batches of 20, 2 clients, 10 s)', await ingestFor(10_000)]);
    let rendering = true;
    let renders = 0;
    const renderers = Array.from({ length: 4 }, async (_, i) => {
      const queries = ['', '?survey=checkout-nps', '?page=2', '?survey=support-csat'];
      while (rendering) {
        await timed(`${collector.url}/${queries[i]}`, auth);
        renders += 1;
      }
    });
    const underPages = await ingestFor(20_000);
    rendering = false;
    await Promise.all(renderers);
    rows.push(['The same while 4 results pages render over and over (20 s)', `${underPages}; ${renders} pages rendered meanwhile`]);
    const afterIngest = peakMb(collector.pid);
    const exportAll = await timed(`${collector.url}/export.csv`, auth);
    rows.push(['`GET /export.csv`, every record, streamed', `${(exportAll.ms / 1000).toFixed(1)} s, ${(exportAll.bytes / 1024 / 1024).toFixed(0)} MB`]);
    rows.push([
      'Collector process peak memory (VmHWM)',
      `${afterPages.toFixed(0)} MB after the pages above, ${afterIngest.toFixed(0)} MB after ingest under four pages, ${peakMb(collector.pid).toFixed(0)} MB after the export`,
    ]);
  } finally {
    await collector.stop();
  }
  return [[`Database: ${records.toLocaleString('en')} records, ${surveys.toLocaleString('en')} survey ids, ${target.databaseUrl ? 'PostgreSQL' : 'SQLite'}`, `load average ${loadavg()[0].toFixed(1)} at the end`], ...rows];
}
