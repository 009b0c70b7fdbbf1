import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '@hark/collector';
import { storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

// A rotated credential in a real browser: the reference collector requires an API key, the page's
// `headers` function hands out a stale one first and the right one later, and nothing is lost.

const fixture = useChromiumDemo();
let collector: { endpoint: string; close(): Promise<void> };
let dbPath: string;

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'hark-headers-')), 'hark.sqlite');
  collector = await startCollector({ dbPath, port: 0, apiKey: 'key-2026-11', rateLimit: false, allowedOrigins: [fixture.demo.pageUrl] });
});
afterAll(async () => {
  await collector?.close();
});

const PAGE = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rotating key</title>
<script src="/dist/hark.min.js"></script>
<script>
  window.__key = 'key-2026-10';
  window.__calls = 0;
  window.__errors = [];
  hark.on('error', (error) => __errors.push(error.code + ' ' + error.field));
  hark.init({
    endpoint: ${JSON.stringify(endpoint)},
    headers: () => (__calls++, { 'X-Api-Key': __key }),
    delivery: { backoffBaseMs: 200, backoffCapMs: 1000 },
    surveys: [{ id: 'rotating', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'go' }] }],
  });
</script></head>
<body><p>Host page</p></body></html>`;

describe('config.headers as a function, in Chromium against the reference collector', () => {
  it('pauses on the stale key, then delivers with the rotated one, stored once', async () => {
    const context = await fixture.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${fixture.demo.pageUrl}/headers-host`);
      await page.setContent(PAGE(collector.endpoint));
      const id = await page.evaluate(async () => {
        const { client } = (window as unknown as { hark: { client: { ready: Promise<void>; show(id: string): void; submit(a: { score: number }): Promise<void>; on(e: string, fn: (p: { record: { id: string } }) => void): () => void } } }).hark;
        await client.ready;
        let answered = '';
        client.on('answered', ({ record }) => (answered = record.id));
        client.show('rotating');
        await client.submit({ score: 9 });
        return answered;
      });
      const errors = () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
      expect(await until(errors, (seen) => seen.includes('delivery_paused headers'))).toContain('delivery_paused headers');
      expect(storedRows(dbPath)).toEqual([]);

      await page.evaluate(() => ((window as unknown as { __key: string }).__key = 'key-2026-11'));
      const rows = await until(
        () => storedRows(dbPath).filter((row) => row.type === 'response'),
        (found) => found.length > 0,
      );
      expect(rows.map((row) => [row.id, row.score])).toEqual([[id, 9]]);
      expect(await page.evaluate(() => (window as unknown as { __calls: number }).__calls)).toBeGreaterThanOrEqual(2);
      expect(await errors()).toEqual(['delivery_paused headers']);
    } finally {
      await context.close();
    }
  });
});
