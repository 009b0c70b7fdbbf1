// Where Hark's cold first prompt spends its time: a timeline from the moment
// the page inserts hark.min.js to the first frame with the prompt on screen
// (the script's request and response, init, IndexedDB's open and each
// transaction, the client's status, the UI chunk's request, arrival and run,
// the widget's mount, long tasks), medians of RUNS fresh browser contexts at
// each CPU rate. `npm run bench:cold-path` (after `npm run build`);
// RATES=4 RUNS=3 ONE=1 also prints one run in full; WARM=1 times the
// second visit instead (files cached, stores emptied).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
const dist = process.env.DIST ?? fileURLToPath(new URL('../../packages/browser/dist', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 7);
const WARM = !!process.env.WARM;
const instr = `
window.__log = []; const L = (what) => window.__log.push([performance.now() - (window.__t0 ?? 0), what]);
window.__L = L;
const open0 = IDBFactory.prototype.open;
IDBFactory.prototype.open = function (...a) { L('idb.open ' + a[0]); const r = open0.apply(this, a); r.addEventListener('upgradeneeded', () => L('idb.upgrade')); r.addEventListener('success', () => L('idb.opened')); return r; };
const tx0 = IDBDatabase.prototype.transaction; let n = 0;
IDBDatabase.prototype.transaction = function (s, mode, o) { const i = ++n; L('tx' + i + ' ' + (mode||'readonly')); const t = tx0.call(this, s, mode, o); t.addEventListener('complete', () => L('tx' + i + ' done')); return t; };
const fetch0 = window.fetch; window.fetch = function (...a) { L('fetch ' + String(a[0]).split('/').pop()); return fetch0.apply(this, a); };
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__log.push([e.startTime - window.__t0, 'longtask ' + e.duration.toFixed(0)]); }).observe({ type: 'longtask' });
new MutationObserver((m) => { for (const r of m) for (const nd of r.addedNodes) if (nd.nodeName === 'SCRIPT' && nd.src) { L('inject ' + nd.src.split('/').pop()); nd.addEventListener('load', () => L('loaded ' + nd.src.split('/').pop())); } else if (nd.nodeName==='HARK-ROOT') L('hark-root added'); }).observe(document.documentElement, { childList: true, subtree: true });
`;
const page = `<!doctype html><html><head><meta charset="utf-8"><script>${instr}</script></head><body><main><h1>Host</h1><p>Some content.</p></main>
<script>
(() => {
  const script = document.createElement('script');
  script.src = '/files/hark.min.js';
  script.onload = () => { L('script onload'); hark.init({ endpoint: location.origin + '/v1/records', surveys: [{ id: 's0', kind: 'nps', triggers: [{ on: 'pageview' }] }] }); L('init returned');
    let last = {}; hark.subscribe(() => { const s = hark.getState(); if (!s) return; if (s.status !== last.status) L('status ' + s.status); if (!!s.activePrompt !== !!last.activePrompt) L('activePrompt ' + !!s.activePrompt); last = { status: s.status, activePrompt: s.activePrompt }; });
    hark.on('error', (e) => L('error ' + e.code));
  };
  const on = () => { const el = document.querySelector('hark-root')?.shadowRoot?.querySelector('[role=dialog]'); return !!el && el.getBoundingClientRect().height > 0; };
  const check = () => { if (on()) { L('VISIBLE'); window.__result = 1; console.debug('bench:done'); } else requestAnimationFrame(check); };
  window.__t0 = performance.now();
  document.head.appendChild(script);
  requestAnimationFrame(check);
})();
</script></body></html>`;
const server = createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  if (req.method !== 'GET') { req.resume(); req.on('end', () => { res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('{}'); }); return; }
  if (p === '/page.html') return res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(page);
  const f = p.match(/^\/files\/([\w.-]+)$/)?.[1];
  let body; try { body = readFileSync(`${dist}/${f}`); } catch { return res.writeHead(404).end(); } res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'max-age=3600' }).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
/** Loads the page and waits for the prompt, heard on the console: polling from outside (waitForFunction) injects Playwright's own script, compiled on the main thread mid-measurement. */
async function visit(pg) {
  const done = pg.waitForEvent('console', { predicate: (message) => message.text() === 'bench:done', timeout: 60000 });
  await pg.goto(base + '/page.html', { waitUntil: 'commit' });
  await done;
  await pg.waitForTimeout(300);
}
for (const rate of (process.env.RATES ?? '1,4').split(',').map(Number)) {
  const all = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext(); const pg = await ctx.newPage(); const cdp = await ctx.newCDPSession(pg);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await visit(pg);
    if (WARM) {
      // The same visitor's next page: files in the HTTP cache, stores emptied (databases kept) so the survey asks again.
      await pg.evaluate(async () => { localStorage.clear(); for (const { name } of await indexedDB.databases()) { const db = await new Promise((r) => { const o = indexedDB.open(name); o.onsuccess = () => r(o.result); }); const names = [...db.objectStoreNames]; if (names.length) { const tx = db.transaction(names, 'readwrite'); for (const s of names) tx.objectStore(s).clear(); await new Promise((r) => (tx.oncomplete = r)); } db.close(); } });
      await visit(pg);
    }
    const log = await pg.evaluate(() => { const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/files/')).flatMap(e => [[e.startTime - __t0, 'req ' + e.name.split('/').pop()], [e.responseEnd - __t0, 'resp ' + e.name.split('/').pop()]]); return [...__log, ...r].sort((a, b) => a[0] - b[0]); });
    all.push(log);
    await ctx.close();
  }
  // median per label (first occurrence)
  const labels = [...new Set(all.flatMap((l) => l.map(([, w]) => w.replace(/longtask \d+/, 'longtask'))))];
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const rows = labels.map((w) => { const xs = all.map((l) => l.find(([, x]) => x.replace(/longtask \d+/, 'longtask') === w)?.[0]).filter((x) => x !== undefined); return [med(xs), w, xs.length]; }).sort((a, b) => a[0] - b[0]);
  console.log(`--- ${rate}x (median of ${RUNS})`);
  for (const [t, w, n] of rows) console.log(`${t.toFixed(1).padStart(7)} ms  ${w}${n < RUNS ? ` (${n}/${RUNS})` : ''}`);
  if (process.env.ONE) console.log(all[0].map(([t, w]) => `${t.toFixed(1)} ${w}`).join('\n'));
}
await browser.close(); server.close();
