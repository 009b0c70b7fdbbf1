// Runtime figures for the script-tag build in headless Chromium, with and
// without 4× CPU throttling: track() → visible prompt, main-thread script time,
// long tasks, JS heap, track() cost with no match, init() with 50 surveys, and
// the first prompt over a slow network in English and in German (its language
// file fetched alongside the UI chunk).
// Prints one markdown table; medians of RUNS runs.
import { chromium } from 'playwright-core';
import { startDemo } from '../../examples/demo-server.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The emulated round trip for the slow-network columns. */
const RTT_MS = 100;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const BENCH_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head>
<body><main><h1>Host page</h1><p>Some content.</p></main>
<script>
  window.__longTasks = 0;
  window.__cls = 0;
  try { new PerformanceObserver((list) => { window.__longTasks += list.getEntries().length; }).observe({ type: 'longtask', buffered: true }); } catch {}
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true }); } catch {}
</script>
<script src="/dist/hark.min.js"></script>
</body></html>`;

function surveys(count, event = 'bench_event') {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    kind: ['nps', 'ces', 'csat'][i % 3],
    triggers: [{ on: 'event', event: i === 0 ? event : `other_${i}` }],
  }));
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** The first prompt on a fresh page: time to visible, main-thread script time, long tasks, CLS, heap. */
async function firstPrompt(browser, pageUrl, endpoint, throttle) {
  const { context, page, cdp } = await openBenchPage(browser, pageUrl, throttle);

  const before = await metrics(cdp);
  const result = await timeToVisible(page, endpoint, undefined);
  const after = await metrics(cdp);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const cls = await page.evaluate(() => window.__cls);
  await context.close();
  return { ...result, scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000, heapKb: after.JSHeapUsedSize / 1024, longTasks, cls };
}

/** A fresh page with an empty cache, as a first visit: `init`, `track`, and the time until the prompt is painted. */
async function openBenchPage(browser, pageUrl, throttle, latencyMs = 0) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${pageUrl}/bench.html`, (route) => route.fulfill({ body: BENCH_PAGE, contentType: 'text/html' }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  if (latencyMs) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(`${pageUrl}/bench.html`, { waitUntil: 'load' });
  return { context, page, cdp };
}

/** `init` (in `locale`, if given), `track`, then the ms until the prompt has been painted. */
function timeToVisible(page, endpoint, locale) {
  return page.evaluate(
    async ({ endpoint, list, locale }) => {
      const t0 = performance.now();
      hark.init({ endpoint, surveys: list, storage: 'memory', ...(locale ? { locale } : {}) });
      const tInit = performance.now() - t0;
      const start = performance.now();
      hark.track('bench_event');
      await new Promise((resolve) => {
        const check = () => {
          const dialog = document.querySelector('hark-root')?.shadowRoot?.querySelector('[role="dialog"]');
          if (dialog && dialog.getBoundingClientRect().height > 0) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      // One more frame: the prompt has been painted.
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      return { visibleMs: performance.now() - start, initMs: tInit };
    },
    { endpoint, list: surveys(1), locale },
  );
}

async function measureOnce(browser, pageUrl, endpoint, throttle) {
  const first = await firstPrompt(browser, pageUrl, endpoint, throttle);
  // Over a slow network (every request one RTT late), in English and in German: the German
  // language file comes alongside the UI chunk, so it should cost no extra round trip.
  const overRtt = async (locale) => {
    const { context, page } = await openBenchPage(browser, pageUrl, throttle, RTT_MS);
    const { visibleMs } = await timeToVisible(page, endpoint, locale);
    await context.close();
    return visibleMs;
  };
  const visibleRttMs = await overRtt(undefined);
  const visibleDeMs = await overRtt('de-DE');
  const { context, page } = await openBenchPage(browser, pageUrl, throttle);

  // Durable store of one answer (real IndexedDB, strict durability): submit() resolves after the commit.
  const storeMs = await page.evaluate(async ({ endpoint, list }) => {
    hark.init({ endpoint, surveys: list });
    await hark.client.ready;
    const durations = [];
    for (let i = 0; i < 30; i++) {
      hark.show('s0');
      const t = performance.now();
      await hark.client.submit({ score: 9 });
      durations.push(performance.now() - t);
      hark.dismiss();
    }
    return durations;
  }, { endpoint, list: surveys(1) });

  // track() with no matching survey, and init() with 50 surveys, on a fresh page.
  await page.goto(`${pageUrl}/bench.html`, { waitUntil: 'load' });
  const costs = await page.evaluate(
    ({ endpoint, list }) => {
      const t0 = performance.now();
      hark.init({ endpoint, surveys: list, storage: 'memory' });
      const init50 = performance.now() - t0;
      const calls = 10_000;
      const t1 = performance.now();
      for (let i = 0; i < calls; i++) hark.track('nothing_matches_this', { i });
      const perCallUs = ((performance.now() - t1) / calls) * 1000;
      return { init50, perCallUs };
    },
    { endpoint, list: surveys(50, 'never') },
  );
  await context.close();
  return {
    ...first,
    visibleRttMs,
    visibleDeMs,
    storeP50: median(storeMs),
    storeP95: [...storeMs].sort((a, b) => a - b)[Math.floor(storeMs.length * 0.95)],
    trackUs: costs.perCallUs,
    init50Ms: costs.init50,
  };
}

export async function benchPrompt() {
  const demo = await startDemo({ collectorPort: 0, pagePort: 0, dbPath: join(mkdtempSync(join(tmpdir(), 'hark-bench-')), 'b.sqlite') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const rows = [];
  try {
    for (const throttle of [1, 4]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(browser, demo.pageUrl, demo.collector.endpoint, throttle));
      const pick = (key) => median(runs.map((r) => r[key]));
      rows.push({
        cpu: throttle === 1 ? '1× (no throttle)' : `${throttle}× slowdown`,
        visibleMs: pick('visibleMs'),
        visibleRttMs: pick('visibleRttMs'),
        visibleDeMs: pick('visibleDeMs'),
        scriptMs: pick('scriptMs'),
        longTasks: pick('longTasks'),
        cls: pick('cls'),
        storeP50: pick('storeP50'),
        storeP95: pick('storeP95'),
        heapKb: pick('heapKb'),
        trackUs: pick('trackUs'),
        initMs: pick('initMs'),
        init50Ms: pick('init50Ms'),
      });
    }
  } finally {
    await browser.close();
    await demo.close();
  }
  return rows;
}

export function promptTable(rows) {
  const lines = [
    `| CPU | track() → prompt visible | the same over a ${RTT_MS} ms RTT: English / German (+ language file) | script time (init + track → visible) | long tasks | layout shift (CLS) | JS heap after prompt | track() with no match | init() 1 survey | init() 50 surveys | store one answer durably (p50 / p95) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.cpu} | ${r.visibleMs.toFixed(1)} ms | ${r.visibleRttMs.toFixed(0)} / ${r.visibleDeMs.toFixed(0)} ms | ${r.scriptMs.toFixed(1)} ms | ${r.longTasks} | ${r.cls.toFixed(3)} | ${(r.heapKb / 1024).toFixed(2)} MB | ${r.trackUs.toFixed(2)} µs/call | ${r.initMs.toFixed(2)} ms | ${r.init50Ms.toFixed(2)} ms | ${r.storeP50.toFixed(1)} / ${r.storeP95.toFixed(1)} ms |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(promptTable(await benchPrompt()));
}
