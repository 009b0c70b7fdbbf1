// Closing the loop at scale, for `npm run bench:collector`: (1) the follow-up
// inbox over a database of BENCH_INBOX_RECORDS (default 100,000) answers, every
// one of them low (the worst case: all in the inbox), served by the CLI as its
// own process; (2) ingest latency with a webhook that fails (connection
// refused) or never answers, on every answer, against none. A measurement, not
// a test: it prints figures and judges only that every request succeeded.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../packages/collector/dist/index.js';
import { percentile } from './collectorLoad.mjs';

const CLI = fileURLToPath(new URL('../../packages/collector/dist/cli.js', import.meta.url));
const DAY_MS = 86_400_000;

/** Fills `target` with `total` low answers over 90 days, spread over 20 surveys, a few with owners and statuses. */
export async function seedInbox(target, total) {
  const store = await openStore(target);
  const run = randomBytes(6).toString('hex');
  const began = performance.now();
  const end = Date.now();
  try {
    for (let start = 0; start < total; start += 1000) {
      const records = [];
      const stamps = new Map();
      for (let index = start; index < Math.min(total, start + 1000); index++) {
        const id = `${run.slice(0, 8)}-${run.slice(8, 12)}-7000-8000-${index.toString(16).padStart(12, '0')}`;
        const receivedAt = new Date(end - ((index * 7919) % (90 * DAY_MS / 1000)) * 1000);
        const score = index % 7;
        records.push({
          id, type: 'response', surveyId: index % 4 === 0 ? 'checkout-nps' : `survey-${index % 20}`, kind: 'nps', score, scale: { min: 0, max: 10 }, category: 'detractor',
          question: 'How likely are you to recommend Acme?', comment: index % 3 === 0 ? `Comment ${index}: ${'lorem ipsum '.repeat(1 + (index % 15))}` : undefined,
          userId: `u_${index % 50_000}`, anonymousId: `a_${index}`, attributes: { plan: index % 2 ? 'pro' : 'free', seats: index % 40 },
          trigger: { event: 'checkout_completed' }, context: { url: `https://app.example/orders/${index}/done`, locale: 'en-US' }, createdAt: receivedAt.toISOString(),
        });
        stamps.set(id, receivedAt);
      }
      await store.insert(records, { receivedAt: (record) => stamps.get(record.id) });
    }
    // Some already followed up, with owners.
    const { items } = await store.inbox.list({}, { limit: 500 });
    for (const [i, item] of items.entries()) await store.inbox.update(item.recordId, { status: i % 2 ? 'contacted' : 'resolved', owner: i % 3 ? 'Sam' : 'Alex' }, 'bench', new Date());
  } finally {
    await store.close();
  }
  return (performance.now() - began) / 1000;
}

/** Starts the CLI on `target` with extra environment; resolves to its URLs, its pid and a stop(). */
function startProcess(target, env = {}) {
  const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH, PORT: '0', HARK_RATE_LIMIT: '0', ...env, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { HARK_DB: target.dbPath }) }, stdio: ['ignore', 'pipe', 'ignore'] });
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

async function timed(url, headers) {
  const began = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return { ms: performance.now() - began, text };
}

/** Times the inbox's pages on a seeded `target`. Resolves to rows of [what, figure]. */
export async function measureInbox(target) {
  const token = randomBytes(32).toString('base64url');
  const auth = { Authorization: `Bearer ${token}` };
  const collector = await startProcess(target, { HARK_ADMIN_TOKENS: token });
  const rows = [];
  try {
    const median = async (path, runs = 9) => {
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push((await timed(`${collector.url}${path}`, auth)).ms);
      samples.sort((a, b) => a - b);
      return `median ${percentile(samples, 50).toFixed(0)} ms, max ${samples[samples.length - 1].toFixed(0)} ms`;
    };
    const cold = await timed(`${collector.url}/inbox`, auth);
    rows.push(['`GET /inbox` first render (cold cache), 50 answers', `${cold.ms.toFixed(0)} ms, ${(cold.text.length / 1024).toFixed(0)} KB`]);
    const older = /href="(\/inbox\?[^"]*after=[^"]+)" rel="next"/.exec(cold.text)?.[1]?.replace(/&amp;/g, '&');
    const first = /href="\/inbox\/([0-9a-f-]{36})"/.exec(cold.text)?.[1];
    for (const [label, path] of [
      ['`GET /inbox` (all, newest first)', '/inbox'],
      ['`GET /inbox?status=new`', '/inbox?status=new'],
      ['`GET /inbox?survey=checkout-nps&band=low`', '/inbox?survey=checkout-nps&band=low'],
      ['`GET /inbox?owner=Sam&status=contacted`', '/inbox?owner=Sam&status=contacted'],
      ['`GET /inbox`, the next page (cursor)', older],
      ['`GET /inbox/:id` (one answer)', `/inbox/${first}`],
    ]) rows.push([label, await median(path)]);
  } finally {
    await collector.stop();
  }
  return rows;
}

/** Ingest latency (batches of 20 answers, 2 clients, `ms` each) with no webhook, one refusing connections, one that never answers. */
export async function measureIngestWithWebhooks(makeTarget, ms = 10_000) {
  const hanging = createServer(() => undefined);
  await new Promise((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const refused = createServer();
  await new Promise((resolve) => refused.listen(0, '127.0.0.1', resolve));
  const refusedUrl = `http://127.0.0.1:${refused.address().port}/hook`;
  await new Promise((resolve) => refused.close(resolve));
  const rows = [];
  try {
    for (const [label, env] of [
      ['no webhook', {}],
      ['a webhook refusing connections, on every answer', { HARK_WEBHOOK_URL: refusedUrl, HARK_WEBHOOK_RULES: 'any' }],
      ['a webhook that never answers (10 s timeout), on every answer', { HARK_WEBHOOK_URL: `http://127.0.0.1:${hanging.address().port}/hook`, HARK_WEBHOOK_RULES: 'any' }],
    ]) {
      const collector = await startProcess(await makeTarget(), env);
      try {
        rows.push([`Ingest with ${label}`, await ingestFor(collector.endpoint, ms)]);
      } finally {
        await collector.stop();
      }
    }
  } finally {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  }
  return rows;
}

async function ingestFor(endpoint, ms) {
  const run = randomBytes(6).toString('hex');
  const latencies = [];
  let sent = 0;
  const until = Date.now() + ms;
  const ingester = async (client) => {
    while (Date.now() < until) {
      const batch = Array.from({ length: 20 }, () => {
        const index = client * 10_000_000 + sent++;
        const score = index % 11;
        return { id: `${run.slice(0, 8)}-${run.slice(8, 12)}-7000-9000-${index.toString(16).padStart(12, '0')}`, type: 'response', surveyId: 'checkout-nps', kind: 'nps', score, scale: { min: 0, max: 10 }, category: score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter', question: 'Q?', anonymousId: 'bench', attributes: { plan: 'pro' }, createdAt: new Date().toISOString() };
      });
      const began = performance.now();
      const res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sdk: { name: 'hark', version: 'bench' }, sentAt: new Date().toISOString(), records: batch }) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`ingest answered ${res.status}`);
      latencies.push(performance.now() - began);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  await Promise.all([ingester(1), ingester(2)]);
  latencies.sort((a, b) => a - b);
  return `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms over ${latencies.length} batches`;
}
