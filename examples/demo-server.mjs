// The demo: the reference collector plus a static server for the example
// pages and the script-tag bundle, on two localhost ports (so the page really
// posts cross-origin, as it would in production). Used by `npm start` and by
// the Chromium tests.
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categorize } from '@hark/core/schema';
import { hashPassword, openStore, startCollector } from '@hark/collector';
import { startWebhookReceiver } from './webhook-receiver.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The example pages name the collector the way a real page names its
 * endpoint: `:8787/v1/records`, the default port. On another port
 * (HARK_COLLECTOR_PORT, or a free one in tests), the page server rewrites that
 * as it serves the pages, so every page, the data-attribute one without any
 * JavaScript to read `?endpoint=` included, posts to the collector running.
 */
const DEFAULT_ENDPOINT_PATH = ':8787/v1/records';
const BUNDLES = join(root, 'packages/browser/dist');

/** URL prefix → folder. The first match wins. */
const MOUNTS = [
  ['/dist/', BUNDLES],
  // The React example's Vite build (`npm run build:examples`).
  ['/react/', join(root, 'examples/react-app/dist')],
  ['/', join(root, 'examples/script-tag')],
];

function resolveFile(pathname) {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
    const file = normalize(join(dir, relative));
    if (!file.startsWith(dir + sep) && file !== dir) return null;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) return resolveFile(`${pathname.replace(/\/?$/, '/')}index.html`);
      return file;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * `GET /demo/records`: the example page's "Stored at the collector" table. The
 * collector reads answers only with the admin credential, so the page asks this
 * demo server, which asks the collector with the demo's own token. Only for
 * this machine: the Host must be a loopback name, as the collector's own door
 * requires.
 */
async function demoRecords(req, res, collector, token) {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    res.writeHead(421, { 'Content-Type': 'text/plain' }).end('loopback only');
    return;
  }
  const answer = await fetch(`${collector.endpoint}?limit=20`, { headers: { Authorization: `Bearer ${token}` } });
  res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(await answer.text());
}

function startStatic(port, host, collectorPort, api) {
  const endpointPath = `:${collectorPort}/v1/records`;
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/demo/records') {
      api(req, res).catch(() => res.writeHead(502).end());
      return;
    }
    const file = resolveFile(pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    const page = /\.(html|js)$/.test(file) && !file.startsWith(BUNDLES + sep);
    if (page && endpointPath !== DEFAULT_ENDPOINT_PATH) res.end(readFileSync(file, 'utf8').replaceAll(DEFAULT_ENDPOINT_PATH, endpointPath));
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

/** The surveys the collector serves the example page (`surveysUrl`), published at its first start. */
const COLLECTOR_SURVEYS = JSON.parse(readFileSync(join(root, 'examples/collector-surveys.json'), 'utf8'));

/** mulberry32: the same history on every first start. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Twelve weeks of made-up answers to checkout-nps (plans, languages, pages,
 * comments), so the results page has intervals, trends and breakdowns to show
 * on the first start, and an inbox where most older detractors were already
 * contacted. Stored as if received when made; no alert is sent for them.
 */
async function seedHistory(target) {
  const store = await openStore(target);
  try {
    if ((await store.count()) > 0) return;
    const random = seeded(20261210);
    const pick = (items) => items[Math.floor(random() * items.length)];
    const now = Date.now();
    const records = [];
    const comments = { low: ['Shipping options were confusing', 'The card form rejected my card twice', 'Too many steps'], high: ['Smooth and fast', 'Loved one-click checkout'] };
    for (let i = 0; i < 300; i++) {
      const at = new Date(now - (1 + random() * 83) * 86_400_000).toISOString();
      const plan = pick(['pro', 'pro', 'free', 'team']);
      const common = { surveyId: 'checkout-nps', kind: 'nps', anonymousId: `a_seed_${i}`, userId: `u_${1000 + i}`, attributes: { plan }, trigger: { event: 'checkout_completed' }, context: { url: `https://acme.example/orders/${5000 + i}/done`, locale: pick(['en-US', 'en-US', 'de-DE', 'fr-FR']) }, createdAt: at };
      const id = () => `01a20e35-c721-73ca-9e6e-${(records.length + 1).toString(16).padStart(12, '0')}`;
      records.push({ id: id(), type: 'shown', ...common });
      if (random() < 0.3) continue;
      // Free users are a little less happy, so the breakdown by plan has something to say.
      const score = Math.max(0, Math.min(10, Math.round(plan === 'free' ? 5 + random() * 6 : 6 + random() * 5)));
      const category = categorize('nps', score);
      const comment = random() < 0.3 ? pick(category === 'detractor' ? comments.low : comments.high) : undefined;
      records.push({ id: id(), type: 'response', ...common, score, scale: { min: 0, max: 10 }, category, question: COLLECTOR_SURVEYS[0].question, ...(comment ? { comment } : {}) });
    }
    for (let start = 0; start < records.length; start += 100) await store.insert(records.slice(start, start + 100), { receivedAt: (record) => new Date(record.createdAt) });
    // Most detractors older than a week were called back, after a few hours to a couple of days.
    const { items } = await store.inbox.list({}, { limit: 500 });
    for (const item of items) {
      const age = now - Date.parse(item.receivedAt);
      if (age > 7 * 86_400_000 && random() < 0.8) await store.inbox.update(item.recordId, { status: random() < 0.5 ? 'resolved' : 'contacted', owner: pick(['Sam', 'Alex']) }, 'demo', new Date(Date.parse(item.receivedAt) + (2 + random() * 46) * 3_600_000));
    }
  } finally {
    await store.close();
  }
}

/**
 * Starts the collector, the page server and a webhook receiver. Ports default
 * to 8787, 5173 and 8789; pass 0 for free ones (`webhookPort: false`: no
 * receiver). The results page's admin password is `adminPassword`, or a fresh
 * random one; either way it is in the result, for `npm start` to print and for
 * tests to sign in with. This demo-only credential never becomes a default of
 * the collector itself. The collector sends alerts on detractors and low
 * scores to the receiver, signed with a fresh secret, retrying from
 * `webhookRetry.baseMs` (2 s) up to `maxMs` (30 s). It serves
 * examples/collector-surveys.json as `GET /v1/surveys`, published at its first
 * start (`seedHistory`: also twelve weeks of made-up answers, on an empty
 * database). Resolves to the URLs, the receiver and a `close()`.
 */
export async function startDemo({ collectorPort = 8787, pagePort = 5173, webhookPort = 8789, host = '127.0.0.1', dbPath = resolve(root, '.data/hark.sqlite'), databaseUrl, adminPassword, webhookRetry = { baseMs: 2000, maxMs: 30_000 }, seedHistory: seed = false, log } = {}) {
  const password = adminPassword || randomBytes(12).toString('base64url');
  const token = randomBytes(32).toString('base64url');
  const webhookSecret = randomBytes(24).toString('base64url');
  if (seed) await seedHistory({ dbPath, databaseUrl });
  const receiver = webhookPort === false ? null : await startWebhookReceiver({ port: webhookPort, host, secret: webhookSecret, ...(log ? { log } : { log: () => undefined }) });
  const collector = await startCollector({
    dbPath,
    databaseUrl,
    port: collectorPort,
    host,
    // The example pages post from the page server, and tests host pages on ports of their own; a deployment lists its app's origins.
    allowedOrigins: ['*'],
    admin: { passwordHash: await hashPassword(password), tokens: [token] },
    surveys: COLLECTOR_SURVEYS,
    ...(receiver ? { webhooks: { urls: [receiver.url], secret: webhookSecret, retry: webhookRetry } } : {}),
    ...(log ? { log } : {}),
  }).catch(async (error) => {
    await receiver?.close();
    throw error;
  });
  const pages = await startStatic(pagePort, host, new URL(collector.endpoint).port, (req, res) => demoRecords(req, res, collector, token));
  const pageUrl = `http://${host}:${pages.address().port}`;
  return {
    collector,
    dbPath,
    pageUrl,
    /** The demo's admin password for the results page. */
    adminPassword: password,
    /** The webhook receiver (null with `webhookPort: false`), and the secret it checks signatures with. */
    receiver,
    webhookSecret,
    /** The example page, pointed at this collector. */
    exampleUrl: `${pageUrl}/?endpoint=${encodeURIComponent(collector.endpoint)}`,
    /** The React example app, pointed at this collector. */
    reactUrl: `${pageUrl}/react/?endpoint=${encodeURIComponent(collector.endpoint)}`,
    async close() {
      pages.closeAllConnections();
      await new Promise((done) => pages.close(done));
      await collector.close();
      await receiver?.close();
    },
  };
}
