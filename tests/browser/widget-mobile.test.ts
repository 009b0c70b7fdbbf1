import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storedRows } from './demo';
import { useChromiumDemo } from './fixture';
import { galleryUrl, promptDialog, type GalleryOptions } from './widget-page';

const fixture = useChromiumDemo();

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

async function openPhone(options: GalleryOptions, extra: { reducedMotion?: 'reduce' } = {}): Promise<Page> {
  const context = await fixture.browser.newContext({ ...PHONE, ...extra });
  const page = await context.newPage();
  await page.goto(galleryUrl(fixture.demo, options));
  return page;
}

/** Sizes of everything the user can tap inside the prompt. */
function targets(page: Page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('hark-root')!.shadowRoot!;
    return [...shadow.querySelectorAll<HTMLElement>('button, textarea')].map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.getAttribute('aria-label') ?? el.textContent ?? el.tagName, width: r.width, height: r.height, radio: el.getAttribute('role') === 'radio' };
    });
  });
}

describe('on a 375 px wide phone', () => {
  it.each([
    ['en', 'nps', '9', 'Send'],
    ['ar', 'nps', '2', 'إرسال'],
    ['en', 'csat-stars', '5', 'Send'],
    ['ar', 'csat-faces', '1', 'إرسال'],
    ['en', 'ces', '6', 'Send'],
  ] as const)('%s %s: a bottom sheet with 44 px tall targets (scores at least 24 px wide, on one row), answered by touch', async (lang, kind, score, send) => {
    const page = await openPhone({ kind, lang, position: 'top-left' });
    await page.getByRole('button', { name: 'Open the prompt' }).tap();
    const dialog = promptDialog(page);
    await dialog.waitFor();
    await page.waitForTimeout(250);
    const box = (await dialog.boundingBox())!;
    // Whatever the configured placement, a phone gets a full-width sheet on the bottom edge.
    expect({ x: box.x, width: box.width, bottom: Math.round(box.y + box.height) }).toEqual({ x: 0, width: 375, bottom: 740 });
    // WCAG 2.2 target size: scores (radios) at least 24 px wide, so 0–10 fits one row; the rest 44 px.
    for (const target of await targets(page)) {
      expect(target.width, target.name).toBeGreaterThanOrEqual(target.radio ? 24 : 44);
      expect(target.height, target.name).toBeGreaterThanOrEqual(44);
    }
    await dialog.getByRole('radio', { name: score, exact: true }).tap();
    // Choosing raises no keyboard: the follow-up waits for a tap of its own.
    expect(await page.evaluate(() => document.querySelector('hark-root')!.shadowRoot!.activeElement?.tagName)).not.toBe('TEXTAREA');
    await dialog.getByRole('textbox').tap();
    await dialog.getByRole('textbox').fill(`phone ${lang} ${kind}`);
    for (const target of await targets(page)) expect(target.height, target.name).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `tests/artifacts/widget-phone-${kind}-${lang}.png` });
    await dialog.getByRole('button', { name: send }).tap();
    await page.locator('hark-root .thanks').waitFor();
    await expect.poll(() => storedRows(fixture.demo.dbPath).filter((r) => r.comment === `phone ${lang} ${kind}`).map((r) => r.score), { timeout: 10_000 }).toEqual([Number(score)]);
    await page.context().close();
  });

  it('stays above the on-screen keyboard while the follow-up is typed (visualViewport)', async () => {
    const page = await openPhone({ kind: 'nps' });
    // Headless Chromium has no on-screen keyboard: stand in a visual viewport the keyboard has shrunk.
    await page.evaluate(() => {
      const fake = Object.assign(new EventTarget(), { width: 375, height: 740, offsetTop: 0, offsetLeft: 0, scale: 1 });
      Object.defineProperty(window, 'visualViewport', { configurable: true, get: () => fake });
      (window as unknown as { __vv: typeof fake }).__vv = fake;
    });
    await page.getByRole('button', { name: 'Open the prompt' }).tap();
    const dialog = promptDialog(page);
    await dialog.getByRole('radio', { name: '7', exact: true }).tap();
    // The user taps into the follow-up (choosing a score does not, on touch).
    await dialog.getByRole('textbox').tap();
    const bottom = async () => {
      const box = (await dialog.boundingBox())!;
      return Math.round(box.y + box.height);
    };
    await expect.poll(bottom).toBe(740);
    await page.evaluate(() => {
      const vv = (window as unknown as { __vv: EventTarget & { height: number } }).__vv;
      vv.height = 440;
      vv.dispatchEvent(new Event('resize'));
    });
    await expect.poll(bottom).toBe(440);
    const top = (await dialog.boundingBox())!.y;
    expect(top).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: 'tests/artifacts/widget-phone-keyboard.png' });
    await page.evaluate(() => {
      const vv = (window as unknown as { __vv: EventTarget & { height: number } }).__vv;
      vv.height = 740;
      vv.dispatchEvent(new Event('resize'));
    });
    await expect.poll(bottom).toBe(740);
    await page.context().close();
  });

  it('animates in and out, and not at all with prefers-reduced-motion', async () => {
    for (const reducedMotion of [undefined, 'reduce'] as const) {
      const page = await openPhone({ kind: 'csat' }, reducedMotion ? { reducedMotion } : {});
      await page.getByRole('button', { name: 'Open the prompt' }).tap();
      const dialog = promptDialog(page);
      await dialog.waitFor();
      expect(await dialog.evaluate((el) => getComputedStyle(el).animationName), String(reducedMotion)).toBe(reducedMotion ? 'none' : 'hark-in');
      await page.keyboard.press('Escape');
      const leaving = await page.evaluate(() => {
        const el = document.querySelector('hark-root')!.shadowRoot!.querySelector('.hark-prompt');
        return el ? getComputedStyle(el).animationName : 'removed';
      });
      expect(reducedMotion ? ['removed', 'none'] : ['hark-out'], String(reducedMotion)).toContain(leaving);
      await page.locator('hark-root .hark-prompt').waitFor({ state: 'detached' });
      await page.context().close();
    }
  });
});
