import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium';
import { startTestDemo, storedRows, until, type Demo } from '../browser/demo';
import { consumerApp, run, startServer, type ConsumerApp, type Server } from './consumerApp';
import { openPage, untilDelivered } from './pages';

// examples/next-app as a user has it: copied out of the repository, @hark/react installed from its
// packed tarball, built with `next build` and served by `next start`. Built once for the file.
let app: ConsumerApp | undefined;
let demo: Demo | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let buildOutput = '';
const env = () => ({ NEXT_TELEMETRY_DISABLED: '1', NEXT_PUBLIC_HARK_ENDPOINT: demo!.collector.endpoint });
const next = () => join(app!.dir, 'node_modules/.bin/next');
const READY = /Local:\s+(http:\/\/\S+)[\s\S]*Ready in/;

beforeAll(async () => {
  demo = await startTestDemo();
  app = consumerApp('examples/next-app');
  buildOutput = await run(next(), ['build'], { cwd: app.dir, env: env() });
  server = await startServer(next(), ['start', '-p', '0', '-H', '127.0.0.1'], { cwd: app.dir, env: env(), ready: READY });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await demo?.close();
  app?.remove();
});

const rowsFor = (surveyId: string, type = 'response') => storedRows(demo!.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);
const NPS_QUESTION = 'How likely are you to recommend us to a friend or colleague?';
const CSAT_QUESTION = 'How useful is this report?';

async function openApp(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const opened = await openPage(browser!);
  await opened.page.goto(server!.url);
  return opened;
}

describe('the Next.js example (App Router), installed from the packed tarballs', () => {
  it('builds with next build, the provider in a Server Component root layout, and serves the prerendered page', async () => {
    expect(buildOutput).toContain('Compiled successfully');
    // `○ /`: the root layout and the page stay Server Components, prerendered at build time.
    expect(buildOutput).toMatch(/○ \/\s/);
    const response = await fetch(server!.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Quarterly report</h1>');
    expect(html).toContain('>Export</button>');
    // Hark renders nothing on the server: the inline survey's place is empty until hydration.
    expect(html).toContain('<div data-hark-survey="page-csat"></div>');
    expect(html).not.toContain('role="dialog"');
  });

  it('shows the inline survey in the page; its answer reaches the collector once', async () => {
    const { page, context, errors } = await openApp();
    const inline = page.locator('main').getByRole('dialog', { name: CSAT_QUESTION });
    await inline.waitFor();
    await inline.getByRole('radio', { name: '4' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('main').getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await page.screenshot({ path: 'tests/artifacts/consumer-next-inline.png' });

    const [csat] = await until(() => rowsFor('page-csat'), (rows) => rows.length > 0);
    expect(csat).toMatchObject({ score: 4 });
    expect(JSON.parse(csat!.json)).toMatchObject({ kind: 'csat', category: 'high', scale: { min: 1, max: 5 } });
    // Once the outbox is empty nothing more is on its way: one row, not two.
    await untilDelivered(page);
    expect(rowsFor('page-csat')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the event button’s NPS prompt while the inline survey is on the page; the answer reaches the collector once', async () => {
    const { page, context, errors } = await openApp();
    try {
      const inline = page.locator('main').getByRole('dialog', { name: CSAT_QUESTION });
      await inline.waitFor();
      await page.getByRole('button', { name: 'Export' }).click();

      // Floating, over the page: not inside the page's own content.
      const nps = page.getByRole('dialog', { name: NPS_QUESTION });
      await nps.waitFor({ timeout: 10_000 });
      expect(await page.locator('main').getByRole('dialog', { name: NPS_QUESTION }).count()).toBe(0);
      await page.screenshot({ path: 'tests/artifacts/consumer-next-nps.png' });
      await nps.getByRole('radio', { name: '9' }).click();
      await nps.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();

      const [answer] = await until(() => rowsFor('export-nps'), (rows) => rows.length > 0);
      expect(answer).toMatchObject({ score: 9 });
      expect(JSON.parse(answer!.json)).toMatchObject({ kind: 'nps', category: 'promoter', trigger: { event: 'report_exported' } });
      await untilDelivered(page);
      expect(rowsFor('export-nps')).toHaveLength(1);
      // The inline survey is still there, unanswered.
      await inline.getByRole('radio', { name: '1' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('next dev serves the same page (the provider needs no wrapper of the app’s own)', async () => {
    const dev = await startServer(next(), ['dev', '-p', '0', '-H', '127.0.0.1'], { cwd: app!.dir, env: env(), ready: READY, timeoutMs: 120_000 });
    try {
      const response = await fetch(dev.url);
      const html = await response.text();
      expect(response.status, html.slice(0, 2000)).toBe(200);
      expect(html).toContain('Quarterly report');
      expect(dev.output()).not.toMatch(/createContext only works in Client Components|Error/);
    } finally {
      await dev.stop();
    }
  }, 180_000);
});
