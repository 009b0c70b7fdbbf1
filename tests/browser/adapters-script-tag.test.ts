import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();
let site: Server;
let siteUrl: string;
/** The test pages the host site serves, by path. */
const sitePages = new Map<string, string>();

beforeAll(async () => {
  // A host site on its own port: a different origin from the demo server that serves the bundle, as a CDN would.
  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = sitePages.get(path);
    if (path === '/favicon.ico') res.writeHead(204).end();
    else if (html === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'Content-Type': path.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
});

/** The same server under another host name: a different origin, as a CDN would be. */
const otherOrigin = () => fixture.demo.pageUrl.replace('127.0.0.1', 'localhost');
const endpointParam = () => `endpoint=${encodeURIComponent(fixture.demo.collector.endpoint)}`;

const rowsFor = (surveyId: string, type = 'response') => storedRows(fixture.demo.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);

async function newPage(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await fixture.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return { page, errors, close: () => context.close() };
}

/** Serves `body` (HTML, or JSON for a `.json` path) at `path` on the host site; returns its URL. */
function sitePage(path: string, body: string): string {
  sitePages.set(path, body);
  return `${siteUrl}${path}`;
}

const builtSnippet = () => readFileSync('packages/browser/dist/snippet.min.js', 'utf8').trim();
const SNIPPET_URL = '"https://unpkg.com/@hark/browser@0.1/dist/hark.min.js"';

describe('the script tag in Chromium', () => {
  it('the async snippet queues calls until the bundle loads from another origin, replays them in order, and the answer reaches the collector', async () => {
    const { page, errors, close } = await newPage();
    const bundleUrl = `${otherOrigin()}/dist/hark.min.js`;
    // Hold the bundle back so the page runs with the snippet's placeholder first.
    const bundle = gate();
    const bundleRequests: string[] = [];
    await page.route(bundleUrl, async (route: Route) => {
      bundleRequests.push(route.request().url());
      await bundle.opened;
      await route.continue();
    });
    await page.goto(`${fixture.demo.pageUrl}/snippet.html?${endpointParam()}&bundle=${encodeURIComponent(bundleUrl)}`, { waitUntil: 'domcontentloaded' });

    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const queued = await page.evaluate(() => (window as unknown as { hark: { q?: Array<{ m: string }> } }).hark.q?.map((call) => call.m));
    expect(queued).toEqual(['init', 'on', 'on', 'track']);
    expect(await page.getByRole('dialog').count()).toBe(0);

    bundle.open();
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' });
    await dialog.waitFor();
    expect(bundleRequests).toEqual([bundleUrl]);
    expect(await page.evaluate(() => 'q' in (window as unknown as { hark: object }).hark)).toBe(false);
    await dialog.getByRole('radio', { name: '9' }).click();
    await dialog.getByRole('textbox', { name: 'What did you like most?' }).fill('snippet works');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Thanks! Your answer to checkout-nps is saved.' }).waitFor();
    const [response] = await until(() => rowsFor('checkout-nps'), (rows) => rows.length > 0);
    expect(response).toMatchObject({ score: 9, comment: 'snippet works' });
    expect(JSON.parse(response!.json)).toMatchObject({ userId: 'snippet-user', trigger: { event: 'checkout_completed' } });

    // <hark-survey> rendered its survey inside itself from the start: page content, beside the floating prompt.
    const inline = page.locator('hark-survey').getByRole('dialog', { name: 'Did this help page answer your question?' });
    await inline.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.querySelector('hark-survey hark-root')?.shadowRoot?.mode)).toBe('open');
    await page.screenshot({ path: 'tests/artifacts/adapters-snippet-inline.png', fullPage: true });
    await inline.getByRole('radio', { name: '5' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await until(() => rowsFor('help-csat'), (rows) => rows.length > 0);
    expect(rowsFor('help-csat')).toHaveLength(1);
    expect(rowsFor('checkout-nps')).toHaveLength(1);
    expect(errors).toEqual([]);
    await close();
  });

  it('pasting the snippet twice and loading the bundle twice makes one hark, one script request and one prompt', async () => {
    const { page, errors, close } = await newPage();
    const bundleUrl = `${fixture.demo.pageUrl}/dist/hark.min.js`;
    const snippet = builtSnippet().replace(SNIPPET_URL, JSON.stringify(bundleUrl));
    const requests: string[] = [];
    page.on('request', (request) => request.url().endsWith('/hark.min.js') && requests.push(request.url()));
    const url = sitePage(
      '/double.html',
      `<!doctype html><html><head><script>${snippet}</script><script>${snippet}</script>
      <script>hark.init({ endpoint: ${JSON.stringify(fixture.demo.collector.endpoint)}, surveys: [{ id: 'twice-nps', kind: 'nps', question: 'Loaded twice?', triggers: [{ on: 'event', event: 'go' }] }] });</script>
      </head><body><button onclick="hark.track('go')">Go</button></body></html>`,
    );
    await page.goto(url);
    await page.waitForFunction(() => !('q' in (window as unknown as { hark: object }).hark));
    const first = await page.evaluateHandle(() => (window as unknown as { hark: object }).hark);
    // A second copy of the bundle, as a plain script tag, after the first has run.
    await page.addScriptTag({ url: bundleUrl });
    expect(await page.evaluate((h) => h === (window as unknown as { hark: object }).hark, first)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('script[src$="/hark.min.js"]').length)).toBe(2);

    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByRole('dialog', { name: 'Loaded twice?' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(1);
    expect(await page.evaluate(() => document.querySelectorAll('hark-root').length)).toBe(1);
    expect(requests).toHaveLength(2);
    await until(() => rowsFor('twice-nps', 'shown'), (rows) => rows.length > 0);
    expect(rowsFor('twice-nps', 'shown')).toHaveLength(1);
    expect(errors).toEqual([]);
    await close();
  });

  it('initialises from the script tag’s data attributes, with no JavaScript on the page', async () => {
    const { page, errors, close } = await newPage();
    const url = sitePage(
      '/attributes.html',
      `<!doctype html><html><head><script async src="${fixture.demo.pageUrl}/dist/hark.min.js" data-endpoint="${fixture.demo.collector.endpoint}" data-locale="fr-CA"></script></head><body></body></html>`,
    );
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { hark?: { client: unknown } }).hark?.client != null);
    const state = await page.evaluate(() => {
      const hark = (window as unknown as { hark: { client: { config: { endpoint: string } }; getState(): { locale: string } } }).hark;
      return { endpoint: hark.client.config.endpoint, locale: hark.getState().locale };
    });
    expect(state).toEqual({ endpoint: fixture.demo.collector.endpoint, locale: 'fr-CA' });
    expect(errors).toEqual([]);
    await close();
  });

  it('the data-attribute example page: surveys from data-surveys-url, answered inline, stored at the collector', async () => {
    const { page, errors, close } = await newPage();
    const html = readFileSync('examples/script-tag/data-attributes.html', 'utf8').replace('http://127.0.0.1:8787/v1/records', fixture.demo.collector.endpoint);
    // The page and its surveys.json on the host site; the bundle from the other origin.
    sitePage('/surveys.json', readFileSync('examples/script-tag/surveys.json', 'utf8'));
    const patched = html.replace('src="/dist/hark.min.js"', `src="${fixture.demo.pageUrl}/dist/hark.min.js"`).replace('href="./style.css"', `href="${fixture.demo.pageUrl}/style.css"`);
    await page.goto(sitePage("/data-attributes.html", patched));
    const inline = page.locator('hark-survey').getByRole('dialog', { name: 'Was this page helpful?' });
    await inline.waitFor();
    await inline.getByRole('radio', { name: '4' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    const [row] = await until(() => rowsFor('docs-csat'), (rows) => rows.length > 0);
    expect(row).toMatchObject({ score: 4 });
    expect(errors).toEqual([]);
    await close();
  });

  it('<hark-survey> renders inline where it is placed, records no dismissal when removed unanswered (page content, not a prompt closed), and names a missing survey-id', async () => {
    const { page, errors, close } = await newPage();
    const url = sitePage(
      '/element.html',
      `<!doctype html><html><head><script src="${fixture.demo.pageUrl}/dist/hark.min.js"></script>
      <script>hark.init({ endpoint: ${JSON.stringify(fixture.demo.collector.endpoint)}, surveys: [{ id: 'element-ces', kind: 'ces', question: 'How easy was setup?', triggers: [{ on: 'event', event: 'never' }] }] });</script>
      </head><body><div id="slot"><hark-survey survey-id="element-ces"></hark-survey></div></body></html>`,
    );
    await page.goto(url);
    const inline = page.locator('#slot hark-survey').getByRole('dialog', { name: 'How easy was setup?' });
    await inline.waitFor();
    expect(await inline.getByRole('radio').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    // Nothing floats: the only widget host with a dialog is inside the element.
    expect(await page.evaluate(() => [...document.querySelectorAll('hark-root')].filter((host) => host.shadowRoot?.querySelector('[role="dialog"]')).map((host) => host.parentElement?.tagName))).toEqual(['HARK-SURVEY']);

    await until(() => rowsFor('element-ces', 'shown'), (rows) => rows.length > 0);
    await page.evaluate(() => document.querySelector('hark-survey')!.remove());
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Put back in the same page view: the same survey, asking, with no second `shown`.
    await page.evaluate(() => document.querySelector('#slot')!.append(document.createElement('hark-survey')));
    await page.evaluate(() => document.querySelector('#slot hark-survey')!.setAttribute('survey-id', 'element-ces'));
    await inline.waitFor();
    await page.evaluate(() => (window as unknown as { hark: { flush(): Promise<unknown> } }).hark.flush());
    expect(rowsFor('element-ces', 'dismissed')).toHaveLength(0);
    expect(rowsFor('element-ces', 'shown')).toHaveLength(1);

    await page.evaluate(() => document.body.append(document.createElement('hark-survey')));
    await until(() => errors, (list) => list.length > 0, 3000);
    // hark.min.js names the code and the attribute; hark.debug.min.js words the fix.
    expect(errors.join('\n')).toContain('[hark] invalid_argument (survey-id)');
    await close();
  });
});
