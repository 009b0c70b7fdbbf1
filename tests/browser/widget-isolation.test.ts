import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { promptDialog } from './widget-page';

// A made-up origin served entirely by Playwright routes: no traffic leaves the machine.
const ORIGIN = 'http://hark.test';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";
const HOSTILE_QUESTION = '<img src=x onerror="window.__pwned=1">Would you recommend us?';

const HOSTILE_CSS = `
* { font-size: 40px !important; color: red !important; background: lime !important; line-height: 5 !important;
    letter-spacing: 4px !important; font-family: serif !important; text-transform: uppercase !important; }
div, p, button, textarea, span, svg, [role="dialog"], [role="radio"], .hark-prompt, .score, .question, .close, .send, .scale {
  display: none !important; opacity: 0 !important; visibility: hidden !important; }
body { direction: rtl; }
.overlay { display: block !important; position: fixed; inset: 0; z-index: 2147483647; }
`;

const PAGE = (hostile: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP host</title>
${hostile ? '<link rel="stylesheet" href="/hostile.css">' : ''}
<script src="/hark.min.js"></script><script src="/app.js" defer></script></head>
<body>
  <p class="question" id="probe-text">Host paragraph with the widget's class names</p>
  <button class="score send close" id="probe-button" type="button">Host button</button>
  <div class="hark-prompt labels" id="probe-div">Host div</div>
  <dialog id="host-modal"><p>Host modal dialog</p></dialog>
</body></html>`;

const APP = `
hark.on('error', (error) => { window.__harkErrors = (window.__harkErrors || []).concat(error.code + ': ' + error.message); });
hark.init({
  endpoint: '/collect',
  surveys: [{ id: 'csp-nps', kind: 'nps', question: ${JSON.stringify(HOSTILE_QUESTION)}, triggers: [{ on: 'event', event: 'go' }] }],
});
`;

const fixture = useChromium();
const bundle = (file = 'hark.min.js') => readFileSync(`packages/browser/dist/${file}`, 'utf8');

interface Host {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly posted: Array<{ records: Array<Record<string, unknown>> }>;
}

async function openHost(hostile: boolean): Promise<Host> {
  const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const posted: Host['posted'] = [];
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const send = (body: string, type: string) =>
      route.fulfill({ status: 200, body, headers: { 'Content-Type': type, 'Content-Security-Policy': CSP } });
    if (url.pathname === '/collect' && route.request().method() === 'POST') {
      posted.push(JSON.parse(route.request().postData() ?? '{}'));
      return send('{"ok":true}', 'application/json');
    }
    if (url.pathname === '/page.html') return send(PAGE(hostile), 'text/html; charset=utf-8');
    if (/^\/hark(-ui|-delivery|-locale-[a-z]{2,3})?\.min\.js$/.test(url.pathname)) return send(bundle(url.pathname.slice(1)), 'text/javascript');
    if (url.pathname === '/app.js') return send(APP, 'text/javascript');
    if (url.pathname === '/hostile.css') return send(HOSTILE_CSS, 'text/css');
    return route.fulfill({ status: 404, body: 'not found' });
  });
  // Runs before any page script (and is not subject to the page's CSP): collects every CSP violation.
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${ORIGIN}/page.html`);
  await page.waitForFunction(() => !!(window as unknown as { hark?: { client: unknown } }).hark?.client);
  return { context, page, posted };
}

const track = (page: Page) => page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('go'));

async function answer(host: Host, score: string, comment: string) {
  const dialog = promptDialog(host.page);
  await dialog.getByRole('radio', { name: score, exact: true }).click();
  await dialog.getByRole('textbox').fill(comment);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await promptDialog(host.page, 'Thank you for your feedback!').waitFor();
  await expect.poll(() => host.posted.flatMap((b) => b.records).find((r) => r.type === 'response'), { timeout: 10_000 }).toMatchObject({ score: Number(score), comment });
}

describe('isolation in Chromium', () => {
  it('works under a strict CSP (no unsafe-inline, no eval) and renders survey text as text', async () => {
    const host = await openHost(false);
    const { page } = host;
    await track(page);
    const dialog = promptDialog(page, HOSTILE_QUESTION);
    await dialog.waitFor();
    expect(await page.evaluate(() => {
      const shadow = document.querySelector('hark-root')!.shadowRoot!;
      return { adopted: shadow.adoptedStyleSheets.length, styleTags: shadow.querySelectorAll('style').length, images: shadow.querySelectorAll('img').length };
    })).toEqual({ adopted: 1, styleTags: 0, images: 0 });
    // The stylesheet really applied (a blocked sheet would leave the browser's defaults).
    expect(await dialog.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    await answer(host, '9', 'CSP is fine');
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __harkErrors?: string[] }).__harkErrors)).toBeUndefined();
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await host.context.close();
  });

  it('its styles do not leak into the host page', async () => {
    const host = await openHost(false);
    const { page } = host;
    const probe = () =>
      page.evaluate(() =>
        ['probe-text', 'probe-button', 'probe-div'].map((id) => {
          const style = getComputedStyle(document.getElementById(id)!);
          return [style.position, style.fontWeight, style.fontSize, style.backgroundColor, style.borderRadius, style.width, style.display].join('|');
        }),
      );
    const before = await probe();
    await track(page);
    await promptDialog(page).waitFor();
    await promptDialog(page).getByRole('radio', { name: '3', exact: true }).click();
    expect(await probe()).toEqual(before);
    await host.context.close();
  });

  it('a hostile host stylesheet cannot hide or restyle the prompt', async () => {
    const host = await openHost(true);
    const { page } = host;
    await track(page);
    const dialog = promptDialog(page);
    await dialog.waitFor({ state: 'visible' });
    const look = await page.evaluate(() => {
      const shadow = document.querySelector('hark-root')!.shadowRoot!;
      const css = (selector: string) => getComputedStyle(shadow.querySelector(selector)!);
      const question = css('.question');
      return {
        questionSize: question.fontSize,
        questionColor: question.color,
        transform: question.textTransform,
        spacing: question.letterSpacing,
        dialogBg: css('.hark-prompt').backgroundColor,
        dialogDir: css('.hark-prompt').direction,
        radioDisplay: css('.score').display,
        radioHeight: shadow.querySelector('.score')!.getBoundingClientRect().height,
      };
    });
    expect(look).toEqual({
      questionSize: '16px',
      questionColor: 'rgb(31, 35, 40)',
      transform: 'none',
      spacing: 'normal',
      dialogBg: 'rgb(255, 255, 255)',
      dialogDir: 'ltr',
      radioDisplay: 'grid',
      radioHeight: 40,
    });
    await page.waitForTimeout(250);
    await page.screenshot({ path: 'tests/artifacts/widget-hostile-host.png' });
    await answer(host, '6', 'still readable');
    await host.context.close();
  });

  it('stays on top of a host overlay with the maximal z-index (top layer)', async () => {
    const host = await openHost(false);
    const { page } = host;
    await page.evaluate(() => {
      const overlay = document.createElement('div');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6)';
      document.body.append(overlay);
    });
    await track(page);
    const dialog = promptDialog(page);
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    // An overlay added after the prompt, at the same z-index, would win without the top layer.
    await page.evaluate(() => {
      const late = document.createElement('div');
      late.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(120,0,0,.4)';
      document.body.append(late);
    });
    const box = (await dialog.getByRole('radio', { name: '8', exact: true }).boundingBox())!;
    const hit = await page.evaluate(([x, y]) => {
      const shadow = document.querySelector('hark-root')!.shadowRoot!;
      return (shadow.elementFromPoint(x!, y!) as HTMLElement | null)?.textContent;
    }, [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit).toBe('8');
    await page.waitForTimeout(250);
    await page.screenshot({ path: 'tests/artifacts/widget-above-host-overlay.png' });
    // Playwright's click refuses when something else would receive it.
    await answer(host, '8', 'on top');
    await host.context.close();
  });

  it('stays usable when the host opens a modal dialog after the prompt appeared', async () => {
    const host = await openHost(false);
    const { page } = host;
    await track(page);
    await promptDialog(host.page).waitFor();
    // A host modal makes the rest of the page inert, top layer included, unless the prompt moves into it.
    await page.evaluate(() => (document.getElementById('host-modal') as HTMLDialogElement).showModal());
    await page.waitForTimeout(250);
    await page.screenshot({ path: 'tests/artifacts/widget-above-host-modal.png' });
    await expect.poll(() => page.evaluate(() => document.querySelector('hark-root')?.parentElement?.id)).toBe('host-modal');
    await answer(host, '10', 'modal later');
    // Closing the host's modal brings the widget back to body, still showing.
    await page.evaluate(() => (document.getElementById('host-modal') as HTMLDialogElement).close());
    await expect.poll(() => page.evaluate(() => document.querySelector('hark-root')?.parentElement?.tagName)).toBe('BODY');
    expect(await promptDialog(page).evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await host.context.close();
  });
});
