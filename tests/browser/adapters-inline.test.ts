// Inline surveys are page content, in Chromium with the script tag: they take
// no focus, do not hold back a floating prompt, record `shown` once they are
// scrolled into view, and stay answered after a reload.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();
let site: Server;
let siteUrl: string;
let html = '';

beforeAll(async () => {
  site = createServer((req, res) => {
    if (req.url?.startsWith('/favicon')) res.writeHead(204).end();
    else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
});

const rowsFor = (surveyId: string, type: string) => storedRows(fixture.demo.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);

/** A help page: a floating NPS on an event, and an inline CSAT far down the page (or near the top). */
function helpPage(spacer: number, onLoad = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help</title>
  <script src="${fixture.demo.pageUrl}/dist/hark.min.js"></script>
  <script>hark.init({ endpoint: ${JSON.stringify(fixture.demo.collector.endpoint)}, user: { id: 'inline-user' }, surveys: [
    { id: 'help-nps', kind: 'nps', question: 'Would you recommend our help?', triggers: [{ on: 'event', event: 'done' }] },
    { id: 'help-csat', kind: 'csat', question: 'Did this page help?', thankYou: 'Thanks, noted.', frequency: { recontactDays: 90 }, triggers: [{ on: 'event', event: 'never' }] },
  ] });${onLoad}</script>
  </head><body><main><h1>Changing your plan</h1><button onclick="hark.track('done')">Done</button>
  <div style="height:${spacer}px"></div><hark-survey survey-id="help-csat"></hark-survey></main></body></html>`;
}

async function open(page: Page, body: string) {
  html = body;
  await page.goto(siteUrl);
  await page.waitForFunction(() => (window as unknown as { hark: { getState(): { status: string } | null } }).hark.getState()?.status === 'ready');
}

describe('<hark-survey> as page content', () => {
  it('takes no focus, lets the floating prompt show beside it, records shown once in view, and stays answered after a reload', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await open(page, helpPage(1500));
    const inline = page.locator('hark-survey').getByRole('dialog', { name: 'Did this page help?' });
    await inline.waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect((await page.evaluate(() => (window as unknown as { hark: { explain(id: string): { status: string } } }).hark.explain('help-csat'))).status).toBe('pending');

    // Below the fold: nobody has seen it, so no `shown` yet.
    await page.waitForTimeout(1500);
    expect(rowsFor('help-csat', 'shown')).toHaveLength(0);

    // The floating prompt is not held back by the inline survey on the page.
    await page.getByRole('button', { name: 'Done' }).click();
    const floating = page.locator('body > hark-root').getByRole('dialog', { name: 'Would you recommend our help?' });
    await floating.waitFor();
    await floating.getByRole('button', { name: 'Close' }).click();

    await inline.scrollIntoViewIfNeeded();
    await until(() => rowsFor('help-csat', 'shown'), (rows) => rows.length > 0);
    await inline.getByRole('radio', { name: '4' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    const thanks = page.locator('hark-survey').getByRole('dialog', { name: 'Thanks, noted.' });
    await thanks.waitFor();
    await until(() => rowsFor('help-csat', 'response'), (rows) => rows.length > 0);

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { hark: { getState(): { status: string } | null } }).hark.getState()?.status === 'ready');
    await thanks.waitFor({ state: 'attached' });
    await thanks.scrollIntoViewIfNeeded();
    expect(await page.locator('hark-survey').getByRole('radio').count()).toBe(0);
    await page.screenshot({ path: 'tests/artifacts/adapters-inline-answered.png' });
    await page.waitForTimeout(1000);
    expect(rowsFor('help-csat', 'shown')).toHaveLength(1);
    expect(rowsFor('help-csat', 'response')).toHaveLength(1);
    expect(rowsFor('help-csat', 'dismissed')).toHaveLength(0);
    await context.close();
  });

  it('answered in one tab, it shows its thank-you in the same user’s other tab at once: asked once, one response', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 390, height: 800 } });
    const a = await context.newPage();
    const b = await context.newPage();
    await open(a, helpPage(100));
    await open(b, helpPage(100));
    const asking = (page: Page) => page.locator('hark-survey').getByRole('radiogroup');
    await asking(a).waitFor();
    await asking(b).waitFor();
    const before = rowsFor('help-csat', 'response').length;
    await asking(a).getByRole('radio', { name: /^5/ }).click();
    await a.locator('hark-survey').getByRole('button', { name: 'Send' }).click();
    await a.locator('hark-survey').getByRole('dialog', { name: 'Thanks, noted.' }).waitFor();
    await b.locator('hark-survey').getByRole('dialog', { name: 'Thanks, noted.' }).waitFor();
    expect(await asking(b).count()).toBe(0);
    await b.screenshot({ path: 'tests/artifacts/inline-other-tab.png' });
    await until(() => rowsFor('help-csat', 'response'), (rows) => rows.length > before);
    await a.waitForTimeout(500);
    expect(rowsFor('help-csat', 'response')).toHaveLength(before + 1);
    await context.close();
  });

  it('a prompt shown with show() as the page loads takes no focus either', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    html = helpPage(100, "hark.show('help-nps');");
    // Not `open()`: Playwright's page.evaluate counts as a user gesture, which is exactly what must be absent here.
    await page.goto(siteUrl);
    await page.locator('body > hark-root').getByRole('dialog', { name: 'Would you recommend our help?' }).waitFor();
    await page.waitForTimeout(300);
    // What holds focus, named, so a failure says where it went.
    expect(await page.evaluate(() => { const deep = (root: Document | ShadowRoot): Element | null => { const el = root.activeElement; return el?.shadowRoot?.activeElement ? deep(el.shadowRoot) : el; }; const el = deep(document); return el === document.body ? 'body' : el?.outerHTML.slice(0, 120) ?? 'nothing'; })).toBe('body');
    await context.close();
  });
});

describe('the demo pages', () => {
  it('the data-attribute page, with no JavaScript to read ?endpoint=, posts to the collector on its configured port', async () => {
    expect(new URL(fixture.demo.collector.endpoint).port).not.toBe('8787');
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.demo.pageUrl}/data-attributes.html`);
    const inline = page.locator('hark-survey').getByRole('dialog', { name: 'Was this page helpful?' });
    await inline.getByRole('radio', { name: '5' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    const [row] = await until(() => storedRows(fixture.demo.dbPath).filter((r) => r.survey_id === 'docs-csat' && r.type === 'response'), (rows) => rows.length > 0);
    expect(row).toMatchObject({ score: 5 });
    await context.close();
  });
});
