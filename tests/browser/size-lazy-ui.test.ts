import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gate, storedRows } from './demo';
import { useChromiumDemo } from './fixture';
import { promptDialog } from './widget-page';

// The script tag in two chunks: hark.min.js at once; hark-ui.min.js at init when a survey could prompt on the
// page, else on idle or when a prompt is due.
// Pages come from the real demo server (which serves /dist/), answers go to its real collector.

const fixture = useChromiumDemo();

const QUESTION = 'How likely are you to recommend the lazy demo?';
const UI_CHUNK = '/dist/hark-ui.min.js';

/** The survey's triggers: an event (which may fire on any page), or a page view of another page only. */
const ON_EVENT = [{ on: 'event', event: 'go' }];
const ELSEWHERE = [{ on: 'pageview', url: '/elsewhere' }];

/** A host page: the plain script tag, `init` at once, and optionally a `track` before any UI exists. */
const PAGE = (endpoint: string, trackAtOnce: boolean, triggers: unknown[] = ON_EVENT, targeting?: unknown) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lazy UI host</title>
<script src="/dist/hark.min.js"></script>
<script>
  window.__errors = [];
  hark.on('error', (error) => __errors.push(error.code + ' ' + error.field));
  hark.init({
    endpoint: ${JSON.stringify(endpoint)},
    surveys: [{ id: 'lazy-nps', kind: 'nps', question: ${JSON.stringify(QUESTION)}, triggers: ${JSON.stringify(triggers)}${targeting ? `, targeting: ${JSON.stringify(targeting)}` : ''} }],
  });
  ${trackAtOnce ? "hark.track('go');" : ''}
  window.__uiTagAtInit = document.querySelectorAll('script[src*="hark-ui"]').length;
</script></head>
<body><button type="button" onclick="this.textContent = 'Host still works'">Host button</button></body></html>`;

interface Host {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request for the UI chunk, in order. */
  readonly uiRequests: string[];
  readonly pageErrors: string[];
}

/**
 * Opens the host page. `onUi` decides what happens to each request for the UI
 * chunk (hold it, abort it, let it through); everything else reaches the demo server.
 */
async function openHost(trackAtOnce: boolean, onUi: (route: Route, attempt: number) => Promise<void>, survey: { triggers?: unknown[]; targeting?: unknown } = {}): Promise<Host> {
  const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const uiRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route(`${fixture.demo.pageUrl}${UI_CHUNK}`, (route) => {
    uiRequests.push(route.request().url());
    return onUi(route, uiRequests.length);
  });
  // Records, as it happens, whether the UI's <script> was added from inside an idle callback (the preload).
  await context.addInitScript(() => {
    const w = window as unknown as { __inIdle: boolean; __uiAddedInIdle: boolean[]; requestIdleCallback: typeof requestIdleCallback };
    w.__inIdle = false;
    w.__uiAddedInIdle = [];
    const original = w.requestIdleCallback.bind(window);
    w.requestIdleCallback = (fn, options) =>
      original((deadline) => {
        w.__inIdle = true;
        try {
          fn(deadline);
        } finally {
          w.__inIdle = false;
        }
      }, options);
    const append = Node.prototype.appendChild;
    Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
      if (node instanceof HTMLScriptElement && node.src.includes('hark-ui')) w.__uiAddedInIdle.push(w.__inIdle);
      return append.call(this, node) as T;
    };
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The host document is written into a page the demo server sent: a page fulfilled by a Playwright
  // route would count as public, and Chromium's Private Network Access would then block the collector.
  await page.goto(`${fixture.demo.pageUrl}/lazy-host`);
  // Not waiting for the load event: a UI chunk requested at init and held by the test would hold it back.
  await page.setContent(PAGE(fixture.demo.collector.endpoint, trackAtOnce, survey.triggers, survey.targeting), { waitUntil: 'domcontentloaded' });
  return { context, page, uiRequests, pageErrors };
}

async function until<T>(fn: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answer(page: Page, score: string) {
  const dialog = promptDialog(page, QUESTION);
  await dialog.getByRole('radio', { name: score }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
}

const responses = () => storedRows(fixture.demo.dbPath).filter((row) => row.type === 'response' && row.survey_id === 'lazy-nps');

describe('the lazily loaded UI chunk in Chromium', () => {
  it('requests the UI chunk at init when a survey could prompt on the page, once, ready for the first prompt', async () => {
    const host = await openHost(false, (route) => route.continue());
    const { page } = host;
    try {
      expect(await page.evaluate(() => (window as unknown as { __uiTagAtInit: number }).__uiTagAtInit)).toBe(1);
      await until(() => host.uiRequests.length, (n) => n > 0);
      expect(await page.evaluate(() => (window as unknown as { __uiAddedInIdle: boolean[] }).__uiAddedInIdle)).toEqual([false]);
      await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('go'));
      await promptDialog(page, QUESTION).waitFor();
      expect(host.uiRequests).toHaveLength(1);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it('loads only hark.min.js until the page is idle where no survey can prompt, then the UI chunk once, ready for the first prompt', async () => {
    const host = await openHost(false, (route) => route.continue(), { triggers: ELSEWHERE });
    const { page } = host;
    try {
      expect(await page.evaluate(() => (window as unknown as { __uiTagAtInit: number }).__uiTagAtInit)).toBe(0);
      await until(() => host.uiRequests.length, (n) => n > 0);
      // The one injection came from the idle callback, not from init.
      expect(await page.evaluate(() => (window as unknown as { __uiAddedInIdle: boolean[] }).__uiAddedInIdle)).toEqual([true]);
      expect(await promptDialog(page).count()).toBe(0);

      // The single-page app moves to the page the survey asks on.
      await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
      await promptDialog(page, QUESTION).waitFor();
      expect(host.uiRequests).toHaveLength(1);
      expect(await page.locator('script[src$="hark-ui.min.js"]').count()).toBe(1);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it('shows a prompt triggered before the UI chunk arrived as soon as it arrives, and delivers its answer', async () => {
    const ui = gate();
    const host = await openHost(true, ui.hold);
    const { page } = host;
    try {
      await until(() => host.uiRequests.length, (n) => n > 0);
      // The prompt is active in the client, but its UI is still on the wire.
      await page.waitForTimeout(300);
      expect(await page.locator('hark-root').count()).toBe(0);
      ui.open();
      await promptDialog(page, QUESTION).waitFor();
      expect(host.uiRequests).toHaveLength(1);
      await answer(page, '9');
      await promptDialog(page, QUESTION).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
      const stored = await until(responses, (rows) => rows.length > 0);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ score: 9 });
      expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it('a prompt whose UI chunk failed offline shows once the network is back, with no new trigger', async () => {
    // The UI chunk cannot be fetched while `down`; Chromium may fire extra `online` events of its own, which only add failed attempts.
    let down = true;
    const host = await openHost(true, (route) => (down ? route.abort('internetdisconnected') : route.continue()));
    const { page } = host;
    const errors = () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    try {
      await until(errors, (list) => list.length > 0);
      await page.waitForTimeout(300);
      expect(await promptDialog(page).count()).toBe(0);
      down = false;
      await host.context.setOffline(true);
      await host.context.setOffline(false);
      await promptDialog(page, QUESTION).waitFor();
      expect(host.uiRequests.length).toBeGreaterThanOrEqual(2);
      await answer(page, '6');
      const stored = await until(responses, (rows) => rows.some((row) => row.score === 6));
      expect(stored.filter((row) => row.score === 6)).toHaveLength(1);
      expect(new Set(await errors())).toEqual(new Set(['ui_unavailable uiUrl']));
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it('reports a failed UI load through on("error"), leaves the page working, and loads it at the next prompt', async () => {
    // A page where no survey can prompt yet: the UI's first request is the idle preload.
    const host = await openHost(false, (route, attempt) => (attempt === 1 ? route.abort('connectionfailed') : route.continue()), { triggers: ELSEWHERE });
    const { page } = host;
    const errors = () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    try {
      expect(await until(errors, (list) => list.length > 0)).toEqual(['ui_unavailable uiUrl']);
      await page.getByRole('button', { name: 'Host button' }).click();
      await page.getByRole('button', { name: 'Host still works' }).waitFor();
      expect(await page.locator('script[src$="hark-ui.min.js"]').count()).toBe(0);

      const before = responses().length;
      await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
      await promptDialog(page, QUESTION).waitFor();
      expect(host.uiRequests).toHaveLength(2);
      await answer(page, '4');
      const stored = await until(responses, (rows) => rows.length > before);
      expect(stored.at(-1)).toMatchObject({ score: 4 });
      expect(await errors()).toEqual(['ui_unavailable uiUrl']);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });
});
