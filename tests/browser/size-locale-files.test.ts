import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gate, storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';
import { promptDialog } from './widget-page';

// The script tag's languages: English is in hark-ui.min.js; any other built-in language is a small
// hark-locale-<lang>.min.js next to it, fetched only when the locale needs it. Pages come from the
// real demo server (which serves /dist/), answers go to its real collector.

const fixture = useChromiumDemo();

/** A host page: the plain script tag, `init` in `locale` with core's default question, and a `track` at once. */
const PAGE = (endpoint: string, locale: string, surveyId: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Locale host</title>
<script src="/dist/hark.min.js"></script>
<script>
  window.__errors = [];
  hark.on('error', (error) => __errors.push(error.code + ' ' + error.field));
  hark.init({
    endpoint: ${JSON.stringify(endpoint)},
    locale: ${JSON.stringify(locale)},
    surveys: [{ id: ${JSON.stringify(surveyId)}, kind: 'nps', triggers: [{ on: 'event', event: 'go' }] }],
  });
  hark.track('go');
</script></head>
<body><p>Host page</p></body></html>`;

interface Host {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request for a language file, by file name, in order. */
  readonly localeRequests: string[];
  readonly pageErrors: string[];
}

/** Opens the host page; `onLocale` decides what happens to each request for a language file. */
async function openHost(locale: string, surveyId: string, onLocale: (route: Route) => Promise<void> = (route) => route.continue()): Promise<Host> {
  const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const localeRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route(/\/hark-locale-[^/]*$/, (route) => {
    localeRequests.push(new URL(route.request().url()).pathname.split('/').pop()!);
    return onLocale(route);
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Written into a page the demo server sent, so the collector is reachable (see size-lazy-ui.test.ts).
  await page.goto(`${fixture.demo.pageUrl}/locale-host`);
  // Not until `load`: a language file the test holds back keeps the page's load event waiting, as any script injected before it does.
  await page.setContent(PAGE(fixture.demo.collector.endpoint, locale, surveyId), { waitUntil: 'domcontentloaded' });
  return { context, page, localeRequests, pageErrors };
}

const errors = (page: Page) => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
const rowsOf = (surveyId: string, type: string) => storedRows(fixture.demo.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);

/** Chooses `score`, sends, and returns the stored response's question. */
async function answer(page: Page, surveyId: string, question: string, score: string, send: string): Promise<string> {
  const dialog = promptDialog(page, question);
  await dialog.getByRole('radio', { name: score, exact: true }).click();
  await dialog.getByRole('button', { name: send }).click();
  const stored = await until(() => rowsOf(surveyId, 'response'), (rows) => rows.length > 0);
  expect(stored).toHaveLength(1);
  return (JSON.parse(stored[0]!.json) as { question: string }).question;
}

const CASES = [
  {
    locale: 'de-DE',
    file: 'hark-locale-de.min.js',
    lang: 'de',
    dir: 'ltr',
    question: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?',
    close: 'Schließen',
    low: 'Überhaupt nicht wahrscheinlich',
    send: 'Senden',
  },
  {
    locale: 'ar',
    file: 'hark-locale-ar.min.js',
    lang: 'ar',
    dir: 'rtl',
    question: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟',
    close: 'إغلاق',
    low: 'غير محتمل إطلاقًا',
    send: 'إرسال',
  },
] as const;

describe('language files of the script tag in Chromium', () => {
  it.each(CASES)('$locale: fetches $file once and shows the prompt in that language and direction', async (c) => {
    const surveyId = `locale-${c.lang}`;
    const host = await openHost(c.locale, surveyId);
    const { page } = host;
    try {
      const dialog = promptDialog(page, c.question);
      await dialog.waitFor();
      expect(await dialog.getAttribute('lang')).toBe(c.lang);
      expect(await dialog.getAttribute('dir')).toBe(c.dir);
      expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe(c.dir);
      expect(await dialog.getByRole('button', { name: c.close }).count()).toBe(1);
      expect(await dialog.textContent()).toContain(c.low);
      expect(await answer(page, surveyId, c.question, '9', c.send)).toBe(c.question);
      expect(host.localeRequests).toEqual([c.file]);
      expect(await page.locator(`script[src$="/${c.file}"]`).count()).toBe(1);
      expect(await errors(page)).toEqual([]);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it.each(['en-US', 'sw-KE'])('%s: fetches no language file at all', async (locale) => {
    const host = await openHost(locale, `locale-none-${locale}`);
    const { page } = host;
    try {
      await promptDialog(page, 'How likely are you to recommend us to a friend or colleague?').waitFor();
      expect(await promptDialog(page).getByRole('button', { name: 'Close' }).count()).toBe(1);
      // Long enough for a stray fetch after mount to show up.
      await page.waitForTimeout(300);
      expect(host.localeRequests).toEqual([]);
      expect(await page.locator('script[src*="hark-locale-"]').count()).toBe(0);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });

  it('holds the prompt back while the language file is on the wire: it never appears in English first', async () => {
    const file = gate();
    const host = await openHost('de', 'locale-held', file.hold);
    const { page } = host;
    try {
      await until(() => host.localeRequests.length, (n) => n > 0);
      // The UI chunk is mounted, yet nothing is shown: the client waits for its question and the widget for its strings, both in that file.
      await page.locator('hark-root').first().waitFor({ state: 'attached' });
      await page.waitForTimeout(300);
      expect(await promptDialog(page).count()).toBe(0);
      file.open();
      await promptDialog(page, CASES[0].question).waitFor();
      expect(await promptDialog(page).getByRole('button', { name: 'Schließen' }).count()).toBe(1);
      expect(host.localeRequests).toEqual(['hark-locale-de.min.js']);
    } finally {
      await host.context.close();
    }
  });

  it('a language file slower than 3 s: the prompt shows in English, question and words, with one error; the late file changes nothing', async () => {
    const file = gate();
    const host = await openHost('de', 'locale-slow', file.hold);
    const { page } = host;
    try {
      const english = 'How likely are you to recommend us to a friend or colleague?';
      // LOCALE_WAIT_MS is 3 s; the wait is generous for a busy machine.
      await promptDialog(page, english).waitFor({ timeout: 20_000 });
      expect(await promptDialog(page).getByRole('button', { name: 'Close' }).count()).toBe(1);
      expect(await errors(page)).toEqual(['ui_unavailable locale']);
      file.open();
      await page.waitForTimeout(300);
      expect(await promptDialog(page, english).count()).toBe(1);
      expect(await errors(page)).toEqual(['ui_unavailable locale']);
      expect(host.pageErrors).toEqual([]);
    } finally {
      file.open();
      await host.context.close();
    }
  });

  it('fetches the language file alongside the UI chunk, not after it', async () => {
    const ui = gate();
    const order: string[] = [];
    const context = await fixture.browser.newContext();
    try {
      await context.route(/\/hark-ui\.min\.js$/, async (route) => {
        order.push('ui requested');
        await ui.opened;
        order.push('ui released');
        await route.continue();
      });
      await context.route(/\/hark-locale-[^/]*$/, (route) => {
        order.push(`${new URL(route.request().url()).pathname.split('/').pop()} requested`);
        return route.continue();
      });
      const page = await context.newPage();
      await page.goto(`${fixture.demo.pageUrl}/locale-host`);
      // Not waiting for the load event: the UI chunk, requested at init and held here, would hold it back.
      await page.setContent(PAGE(fixture.demo.collector.endpoint, 'de-AT', 'locale-parallel'), { waitUntil: 'domcontentloaded' });
      // The UI chunk is held on the wire; the language file must be on its way already.
      await until(() => order, (seen) => seen.includes('hark-locale-de.min.js requested'), 3_000);
      expect(order).toEqual(['ui requested', 'hark-locale-de.min.js requested']);
      ui.open();
      await promptDialog(page, CASES[0].question).waitFor();
      expect(await promptDialog(page).getByRole('button', { name: 'Schließen' }).count()).toBe(1);
      // The preloaded response is the one the UI chunk's <script> uses: one fetch, not two.
      expect(order.filter((step) => step.startsWith('hark-locale-'))).toEqual(['hark-locale-de.min.js requested']);
      expect(await errors(page)).toEqual([]);
    } finally {
      ui.open();
      await context.close();
    }
  });

  it('falls back to English when the language file fails, the question too (it comes in that file), reports it once through on("error"), and still records the answer; the next init fetches the file again', async () => {
    let failures = 1;
    const host = await openHost('de', 'locale-failed', (route) => (failures-- > 0 ? route.abort('connectionfailed') : route.continue()));
    const { page } = host;
    try {
      const english = 'How likely are you to recommend us to a friend or colleague?';
      const dialog = promptDialog(page, english);
      await dialog.waitFor();
      expect(await dialog.getByRole('button', { name: 'Close' }).count()).toBe(1);
      expect(await errors(page)).toEqual(['ui_unavailable uiUrl']);
      expect(await answer(page, 'locale-failed', english, '3', 'Send')).toBe(english);
      expect(host.localeRequests).toEqual(['hark-locale-de.min.js']);
      expect(await page.locator('script[src*="hark-locale-"]').count()).toBe(0);

      // A new client (destroy, then init) asks for the file again, and now speaks German.
      await page.evaluate((endpoint) => {
        const w = window as unknown as { hark: { destroy(): void; init(config: unknown): void; track(event: string): void } };
        w.hark.destroy();
        // No global pause after the answer above: this is another survey, due at once.
        w.hark.init({ endpoint, locale: 'de', recontactDays: 0, surveys: [{ id: 'locale-retried', kind: 'nps', triggers: [{ on: 'event', event: 'again' }] }] });
        w.hark.track('again');
      }, fixture.demo.collector.endpoint);
      await promptDialog(page, CASES[0].question).waitFor();
      expect(await promptDialog(page).getByRole('button', { name: 'Schließen' }).count()).toBe(1);
      expect(host.localeRequests).toEqual(['hark-locale-de.min.js', 'hark-locale-de.min.js']);
      expect(await errors(page)).toEqual(['ui_unavailable uiUrl']);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.context.close();
    }
  });
});
