// What Hark costs a page where no survey can prompt, the page most of a site's
// views are: the main thread's task time (Chromium's own TaskDuration, every
// task of the document: parsing, script, style, layout) on a page that loads
// the script tag and calls init() with a survey that asks on another page,
// minus the same page without Hark, read 300 ms after init. A first visit
// (fresh browser context), the next (files from the memory cache) and the one
// after (V8's code cache). Medians of RUNS interleaved runs at 1× and 4× CPU.
// `node tests/bench/noPrompt.mjs` (after `npm run build`); DIST=dir measures another build.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dist = process.env.DIST ?? fileURLToPath(new URL('../../packages/browser/dist', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const VISITS = ['first', 'next', 'after'];

const page = (withHark) => `<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body><main><h1>Host</h1><p>Some content.</p></main>
<script>${
  withHark
    ? `const s = document.createElement('script'); s.src = '/files/hark.min.js';
s.onload = () => { hark.init({ endpoint: location.origin + '/v1/records', surveys: [{ id: 's0', kind: 'nps', triggers: [{ on: 'pageview', url: '/checkout' }] }] }); setTimeout(() => console.debug('bench:done'), 300); };
document.head.appendChild(s);`
    : "setTimeout(() => console.debug('bench:done'), 300);"
}</script></body></html>`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function benchNoPrompt() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method !== 'GET') return void req.resume().on('end', () => res.writeHead(200).end('{}'));
    if (path === '/hark.html' || path === '/bare.html') return res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(page(path === '/hark.html'));
    const file = path.match(/^\/files\/([\w.-]+)$/)?.[1];
    let body;
    try {
      body = readFileSync(`${dist}/${file}`);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'public, max-age=3600' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const result = {};
  try {
    for (const rate of [1, 4]) {
      const taken = { hark: {}, bare: {} };
      for (let run = 0; run < RUNS; run++) {
        for (const which of run % 2 ? ['bare', 'hark'] : ['hark', 'bare']) {
          const context = await browser.newContext();
          const tab = await context.newPage();
          const cdp = await context.newCDPSession(tab);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          await cdp.send('Performance.enable');
          for (const visit of VISITS) {
            const done = tab.waitForEvent('console', { predicate: (message) => message.text() === 'bench:done', timeout: 60_000 });
            await tab.goto(`${base}/${which}.html`);
            await done;
            // The metrics start again with each document.
            const { metrics } = await cdp.send('Performance.getMetrics');
            (taken[which][visit] ??= []).push(metrics.find((metric) => metric.name === 'TaskDuration').value * 1000);
          }
          await context.close();
        }
      }
      result[rate] = Object.fromEntries(VISITS.map((visit) => [visit, median(taken.hark[visit]) - median(taken.bare[visit])]));
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { result, runs: RUNS };
}

export function noPromptTable({ result, runs }) {
  const lines = [
    `Hark's main-thread time on a page where no survey can prompt (task time minus the same page without Hark, medians of ${runs} interleaved runs)`,
    '',
    '| CPU | first visit | next visit (memory cache) | the one after (code cache) |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const [rate, visits] of Object.entries(result)) lines.push(`| ${rate}× | ${VISITS.map((visit) => `${visits[visit].toFixed(0)} ms`).join(' | ')} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(noPromptTable(await benchNoPrompt()));
}
