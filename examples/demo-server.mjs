// The demo: the reference collector plus a static server for the example
// pages and the script-tag bundle, on two localhost ports (so the page really
// posts cross-origin, as it would in production). Used by `npm start` and by
// the Chromium tests.
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword, startCollector } from '@hark/collector';

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

/**
 * Starts the collector and the page server. Ports default to 8787 and 5173;
 * pass 0 for free ones. The results page's admin password is `adminPassword`,
 * or a fresh random one; either way it is in the result, for `npm start` to
 * print and for tests to sign in with. This demo-only credential never becomes
 * a default of the collector itself. Resolves to the URLs and a `close()`.
 */
export async function startDemo({ collectorPort = 8787, pagePort = 5173, host = '127.0.0.1', dbPath = resolve(root, '.data/hark.sqlite'), databaseUrl, adminPassword, log } = {}) {
  const password = adminPassword || randomBytes(12).toString('base64url');
  const token = randomBytes(32).toString('base64url');
  const collector = await startCollector({
    dbPath,
    databaseUrl,
    port: collectorPort,
    host,
    // The example pages post from the page server, and tests host pages on ports of their own; a deployment lists its app's origins.
    allowedOrigins: ['*'],
    admin: { passwordHash: await hashPassword(password), tokens: [token] },
    ...(log ? { log } : {}),
  });
  const pages = await startStatic(pagePort, host, new URL(collector.endpoint).port, (req, res) => demoRecords(req, res, collector, token));
  const pageUrl = `http://${host}:${pages.address().port}`;
  return {
    collector,
    dbPath,
    pageUrl,
    /** The demo's admin password for the results page. */
    adminPassword: password,
    /** The example page, pointed at this collector. */
    exampleUrl: `${pageUrl}/?endpoint=${encodeURIComponent(collector.endpoint)}`,
    /** The React example app, pointed at this collector. */
    reactUrl: `${pageUrl}/react/?endpoint=${encodeURIComponent(collector.endpoint)}`,
    async close() {
      pages.closeAllConnections();
      await new Promise((done) => pages.close(done));
      await collector.close();
    },
  };
}
