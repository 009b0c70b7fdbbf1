// The demo: the reference collector plus a static server for the example
// pages and the script-tag bundle, on two localhost ports (so the page really
// posts cross-origin, as it would in production). Used by `npm start` and by
// the Chromium tests.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector } from './collector/dist/index.js';

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

function startStatic(port, host, collectorPort) {
  const endpointPath = `:${collectorPort}/v1/records`;
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
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
 * pass 0 for free ones. Resolves to their URLs and a `close()`.
 */
export async function startDemo({ collectorPort = 8787, pagePort = 5173, host = '127.0.0.1', dbPath = resolve(root, 'examples/collector/data/hark.sqlite'), databaseUrl, log } = {}) {
  const collector = await startCollector({ dbPath, databaseUrl, port: collectorPort, host, ...(log ? { log } : {}) });
  const pages = await startStatic(pagePort, host, new URL(collector.endpoint).port);
  const pageUrl = `http://${host}:${pages.address().port}`;
  return {
    collector,
    dbPath,
    pageUrl,
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
