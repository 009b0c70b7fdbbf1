// The first prompt, measured the way a visitor meets it: a page inserts the
// SDK's <script> and the clock starts then; it stops at the first animation
// frame that finds the prompt on screen. Hark runs with its defaults
// (IndexedDB storage), beside a floor (a bare Preact NPS prompt this file
// builds) and the peers that install from npm and run offline, all in one
// interleaved run of headless Chromium:
//
// - cold: a fresh browser context (empty HTTP cache, empty storage);
// - warm: the same context's next visit, the files in its HTTP cache, the
//   page's storage emptied (stores cleared, databases kept) so the survey may
//   show again; the files come from the renderer's memory cache and are
//   compiled on the main thread (the heap reading's forced GC before it
//   empties V8's in-memory compile cache), and this is the visit on which
//   Chrome writes V8's code cache for them;
// - third visit: the same again, with V8's code cache read back (what a
//   visitor who comes back within Chrome's 72 hours meets);
// - at 1× and at 4× CPU (DevTools' Emulation.setCPUThrottlingRate);
// - medians of BENCH_RUNS runs (default 9), the SDKs' order rotated each run.
//
// Also: the JS each SDK downloaded before its prompt (gzip), the long tasks
// between the script's insertion and the prompt (cold), and each SDK's own
// heap after the prompt (after GC, minus an empty page's).
//
// The peers live in tests/bench/peers with their own package.json, installed
// on the first run; a peer that cannot be installed is left out, with the reason.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';

const root = fileURLToPath(new URL('../..', import.meta.url));
const peers = join(root, 'tests/bench/peers');
const out = join(root, 'tests/artifacts/bench-first-prompt');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const THROTTLES = [1, 4];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const NPS_QUESTION = 'How likely are you to recommend us to a friend or colleague?';

/**
 * Each SDK: the files it serves (URL path → file), the script the page
 * inserts, what the page runs once it loaded, and how the page tells its
 * prompt is on screen (an expression, true once the prompt has a box).
 */
const SDKS = {
  floor: {
    label: 'Preact + bare NPS (the floor)',
    src: '/files/floor.min.js',
    files: () => ({ '/files/floor.min.js': join(out, 'floor.min.js') }),
    visible: `document.querySelector('#floor [role=dialog]')`,
  },
  sentry: {
    label: 'Sentry feedback (@sentry/browser 10, feedbackIntegration)',
    peer: '@sentry/browser',
    src: '/files/sentry.min.js',
    files: () => ({ '/files/sentry.min.js': join(out, 'sentry.min.js') }),
    before: `window.__benchDsn = location.protocol + '//public@' + location.host + '/1';`,
    visible: `document.querySelector('#sentry-feedback')?.shadowRoot?.querySelector('.dialog__content, dialog[open]')`,
  },
  formbricks: {
    label: 'Formbricks surveys (@formbricks/surveys, renderSurveyModal)',
    peer: '@formbricks/surveys',
    src: '/files/formbricks.umd.js',
    files: () => ({ '/files/formbricks.umd.js': join(peers, 'node_modules/@formbricks/surveys/dist/index.umd.js') }),
    onload: `formbricksSurveys.renderSurveyModal({
      brandColor: '#334155', placement: 'bottomRight', clickOutside: false, darkOverlay: false, highlightBorderColor: null, isBrandingEnabled: false,
      survey: { id: 's0', name: 'NPS', type: 'app', status: 'inProgress', welcomeCard: { enabled: false }, thankYouCard: { enabled: true, headline: 'Thank you!' },
        styling: {}, questions: [{ id: 'q0', type: 'nps', headline: ${JSON.stringify(NPS_QUESTION)}, lowerLabel: 'Not likely', upperLabel: 'Very likely', required: true, isDraft: false }] },
      onDisplay() {}, onResponse() {}, onClose() {}, onFinished() {}, onActiveQuestionChange() {}, onRetry() {}, onFileUpload: async () => '',
    });`,
    visible: `document.querySelector('#formbricks-modal-container #questionCard-0, #formbricks-modal-container form')`,
  },
  hark: {
    label: 'Hark (hark.min.js, default IndexedDB storage)',
    src: '/files/hark.min.js',
    files: () => {
      const dist = join(root, 'packages/browser/dist');
      return Object.fromEntries(['hark.min.js', 'hark-ui.min.js', 'hark-delivery.min.js'].map((file) => [`/files/${file}`, join(dist, file)]));
    },
    onload: `hark.init({ endpoint: location.origin + '/v1/records', surveys: [{ id: 's0', kind: 'nps', triggers: [{ on: 'pageview' }] }] });`,
    visible: `document.querySelector('hark-root')?.shadowRoot?.querySelector('[role=dialog]')`,
  },
};

function page(sdk) {
  const { src, before = '', onload = '', visible } = sdk ?? {};
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>
window.__long = [];
try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
</script></head>
<body><main><h1>Host page</h1><p>Some content.</p></main>
<script>
// The harness hears the end on the console: polling the page from outside (waitForFunction) would inject
// Playwright's own script into it, compiled on the main thread while the SDK under test loads.
const done = (result) => { window.__result = result; console.debug('bench:done'); };
${
  src
    ? `${before}
(() => {
  const script = document.createElement('script');
  script.src = ${JSON.stringify(src)};
  script.onload = () => { ${onload} };
  const on = () => { const el = ${visible}; return !!el && el.getBoundingClientRect().height > 0; };
  const check = () => { if (on()) done({ ms: performance.now() - window.__t0 }); else requestAnimationFrame(check); };
  window.__t0 = performance.now();
  document.head.appendChild(script);
  requestAnimationFrame(check);
})();`
    : `done({ ms: 0 });`
}
</script></body></html>`;
}

/** Installs the peers once (their own folder and lockfile); returns why each one cannot run, if it cannot. */
function installPeers() {
  const missing = Object.values(SDKS).filter((sdk) => sdk.peer && !existsSync(join(peers, 'node_modules', sdk.peer)));
  if (!missing.length) return {};
  console.error('bench: installing the peers into tests/bench/peers (first run)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: peers, encoding: 'utf8' });
  const why = {};
  for (const [name, sdk] of Object.entries(SDKS)) {
    if (sdk.peer && !existsSync(join(peers, 'node_modules', sdk.peer))) why[name] = `npm install failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`;
  }
  return why;
}

async function bundle(entry, file) {
  const build = await rollup({ input: join(peers, entry), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
  await build.write({ file: join(out, file), format: 'iife', plugins: [terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } })] });
  await build.close();
}

function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method !== 'GET') {
      // Records, envelopes: taken and forgotten.
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end('{}'));
      return;
    }
    const name = path.match(/^\/page\/(\w+)\.html$/)?.[1];
    if (name) return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page(SDKS[name]));
    const file = files[path];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** One visit: navigate, wait for the prompt, read the figures. */
async function visit(page, cdp, url) {
  const done = page.waitForEvent('console', { predicate: (message) => message.text() === 'bench:done', timeout: 60_000 });
  await page.goto(url, { waitUntil: 'commit' });
  await done;
  const { ms, long, scripts } = await page.evaluate(() => {
    const t0 = window.__t0 ?? 0;
    const end = t0 + window.__result.ms;
    return {
      ms: window.__result.ms,
      long: window.__long.filter(([start]) => start >= t0 && start <= end).map(([, duration]) => duration),
      scripts: performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' && e.startTime <= end).map((e) => new URL(e.name).pathname),
    };
  });
  return { ms, longTasks: long.length, longMs: long.reduce((a, b) => a + b, 0), scripts, heap: await heapAfterGc(cdp) };
}

/** Empties every IndexedDB store and localStorage, keeping the databases: a returning visitor the survey may ask again. */
const emptyStorage = (page) =>
  page.evaluate(async () => {
    localStorage.clear();
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const names = [...db.objectStoreNames];
      if (names.length) {
        const tx = db.transaction(names, 'readwrite');
        for (const store of names) tx.objectStore(store).clear();
        await new Promise((resolve) => (tx.oncomplete = resolve));
      }
      db.close();
    }
  });

async function measure(browser, base, name, throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  try {
    const cold = await visit(page, cdp, `${base}/page/${name}.html`);
    // What the clock stopped on, to look at: tests/artifacts/bench-first-prompt/<sdk>-<cpu>x.png.
    if (process.env.BENCH_SHOTS) await page.screenshot({ path: join(out, `${name}-${throttle}x.png`) });
    if (name === 'empty') return { cold };
    await emptyStorage(page);
    const warm = await visit(page, cdp, `${base}/page/${name}.html`);
    await emptyStorage(page);
    const third = await visit(page, cdp, `${base}/page/${name}.html`);
    return { cold, warm, third };
  } finally {
    await context.close();
  }
}

/** Runs the bench; returns the rows per throttle and the peers left out (name → why). */
export async function benchFirstPrompt() {
  mkdirSync(out, { recursive: true });
  const skipped = installPeers();
  await bundle('floor.entry.mjs', 'floor.min.js');
  if (!skipped.sentry) await bundle('sentry.entry.mjs', 'sentry.min.js').catch((error) => (skipped.sentry = `could not be bundled: ${error.message}`));
  const names = Object.keys(SDKS).filter((name) => !skipped[name]);
  const files = Object.assign({}, ...names.map((name) => SDKS[name].files()));
  const server = await serve(files);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const runs = Object.fromEntries(THROTTLES.map((t) => [t, Object.fromEntries([...names, 'empty'].map((name) => [name, []]))]));
  try {
    // One visit each, not counted: the browser's own first-use costs land here.
    for (const name of names) await measure(browser, base, name, 1);
    for (let run = 0; run < RUNS; run++) {
      for (const throttle of THROTTLES) {
        const order = [...names.slice(run % names.length), ...names.slice(0, run % names.length), 'empty'];
        for (const name of order) {
          try {
            runs[throttle][name].push(await measure(browser, base, name, throttle));
          } catch (error) {
            // A peer that never shows its prompt is reported, not fatal.
            if (name === 'hark' || name === 'floor') throw error;
            skipped[name] = `its prompt did not show: ${error.message.split('\n')[0]}`;
            names.splice(names.indexOf(name), 1);
          }
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const gzipOf = (paths) => paths.reduce((sum, path) => sum + (files[path] ? gzipSync(readFileSync(files[path]), { level: 9 }).length : 0), 0);
  const tables = THROTTLES.map((throttle) => {
    const of = runs[throttle];
    const emptyHeap = median(of.empty.map((r) => r.cold.heap));
    const rows = names.map((name) => {
      const list = of[name];
      const pick = (when, key) => median(list.map((r) => r[when][key]));
      // Paired within each run (the same minute of the same machine): steadier than a ratio of two medians.
      const paired = median(list.flatMap((r, run) => (of.hark[run] ? [of.hark[run].cold.ms / r.cold.ms] : [])));
      return {
        name,
        label: SDKS[name].label,
        gzip: gzipOf(list[0].cold.scripts),
        cold: pick('cold', 'ms'),
        paired,
        warm: pick('warm', 'ms'),
        third: pick('third', 'ms'),
        longTasks: pick('cold', 'longTasks'),
        longMs: pick('cold', 'longMs'),
        heap: pick('cold', 'heap') - emptyHeap,
      };
    });
    return { throttle, rows };
  });
  return { tables, skipped, runs: RUNS };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Markdown: one table per CPU speed, each figure beside the floor's, then the peers left out. */
export function firstPromptTable({ tables, skipped, runs }) {
  const parts = [];
  for (const { throttle, rows } of tables) {
    const floor = rows.find((r) => r.name === 'floor');
    const lines = [
      `**${throttle}× CPU** (median of ${runs} interleaved runs; × = ratio to the floor's cold prompt; Hark ÷ it = the median of Hark's cold prompt over this one's, run by run: under 1, Hark was faster)`,
      '',
      '| | JS before the prompt (gzip) | cold prompt | × | Hark ÷ it, cold | warm prompt | × | third visit | × | long tasks, cold (count / total) | own heap after the prompt (after GC, minus an empty page) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const r of rows) {
      const name = r.name === 'hark' ? `**${r.label}**` : r.label;
      lines.push(
        `| ${name} | ${kb(r.gzip)} | ${r.cold.toFixed(0)} ms | ${(r.cold / floor.cold).toFixed(2)} | ${r.name === 'hark' ? '' : r.paired.toFixed(2)} | ${r.warm.toFixed(0)} ms | ${(r.warm / floor.cold).toFixed(2)} | ${r.third.toFixed(0)} ms | ${(r.third / floor.cold).toFixed(2)} | ${r.longTasks} / ${r.longMs.toFixed(0)} ms | ${kb(r.heap)} |`,
      );
    }
    parts.push(lines.join('\n'));
  }
  for (const [name, why] of Object.entries(skipped)) parts.push(`Not measured: ${SDKS[name].label}: ${why}.`);
  return parts.join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(firstPromptTable(await benchFirstPrompt()));
}
