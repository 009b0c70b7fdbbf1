// The NPS scale on phone and tablet widths: 0–10 on one row from 320 px up,
// every score at least 24 px wide and 44 px tall (WCAG 2.2 target size), the
// end labels under the ends, no keyboard raised by choosing, and a thank-you
// that confirms visually. Screenshots land in tests/artifacts for a person to look at.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromiumDemo } from './fixture';
import { galleryUrl, promptDialog, type GalleryOptions } from './widget-page';

const fixture = useChromiumDemo();

async function openTouch(width: number, options: GalleryOptions): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(galleryUrl(fixture.demo, options));
  return page;
}

type Box = { x: number; y: number; width: number; height: number };

/** The scores' boxes and the two end labels', inside the prompt's shadow root. */
function layout(page: Page, host = 'hark-root') {
  return page.evaluate((selector) => {
    const roots = [...document.querySelectorAll(selector)].map((el) => el.shadowRoot!).filter((root) => root.querySelector('[role="radio"]'));
    const shadow = roots[0]!;
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const labels = [...shadow.querySelectorAll('.labels > span')].map((el) => ({ ...box(el), right: el.getBoundingClientRect().right }));
    return { scores: [...shadow.querySelectorAll('[role="radio"]')].map(box), low: labels[0]!, high: labels[labels.length - 1]! };
  }, host);
}

const right = (box: Box) => box.x + box.width;

describe('the NPS scale by width', () => {
  it.each([320, 390, 768])('%i px: 0–10 on one row, 24 × 44 px targets, end labels under the ends; a tap chooses without raising the keyboard; a visual thank-you', async (width) => {
    const page = await openTouch(width, { kind: 'nps', scheme: 'light' });
    await page.getByRole('button', { name: 'Open the prompt' }).tap();
    const dialog = promptDialog(page);
    await dialog.waitFor();
    await page.waitForTimeout(250);
    const { scores, low, high } = await layout(page);
    expect(scores).toHaveLength(11);
    expect(new Set(scores.map((s) => Math.round(s.y))).size, 'one row').toBe(1);
    for (const score of scores) {
      expect(score.width).toBeGreaterThanOrEqual(24);
      expect(score.height).toBeGreaterThanOrEqual(44);
    }
    expect(right(scores[10]!)).toBeLessThanOrEqual(width);
    expect(Math.abs(low.x - scores[0]!.x), 'low label under 0').toBeLessThanOrEqual(2);
    expect(Math.abs(high.right - right(scores[10]!)), 'high label under 10').toBeLessThanOrEqual(2);
    await page.screenshot({ path: `tests/artifacts/widget-nps-${width}.png` });

    await dialog.getByRole('radio', { name: '9', exact: true }).tap();
    await dialog.getByRole('textbox').waitFor();
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => document.querySelector('hark-root')!.shadowRoot!.activeElement?.tagName)).not.toBe('TEXTAREA');
    await page.screenshot({ path: `tests/artifacts/widget-nps-${width}-chosen.png` });

    await dialog.getByRole('button', { name: 'Send' }).tap();
    const thanks = promptDialog(page, 'Thank you for your feedback!');
    await thanks.waitFor();
    // Confirmed visually too: a check mark in the accent colour beside the words.
    const mark = thanks.locator('svg.done');
    expect(await mark.isVisible()).toBe(true);
    expect((await mark.boundingBox())!.width).toBeGreaterThanOrEqual(24);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `tests/artifacts/widget-nps-${width}-thanks.png` });
    await page.context().close();
  });

  it('320 px, inline in a box narrower than eleven 24 px scores: two rows, 0–5 and 6–10, with 10 at the end', async () => {
    const page = await openTouch(320, { kind: 'nps', scheme: 'light', position: 'inline' });
    await page.getByRole('button', { name: 'Fire an event (prompt appears without taking focus)' }).tap();
    await page.locator('#inline-slot hark-root').waitFor();
    await promptDialog(page).waitFor();
    const { scores, high } = await layout(page, '#inline-slot hark-root');
    const rows = [...new Set(scores.map((s) => Math.round(s.y)))];
    expect(rows).toHaveLength(2);
    expect(scores.slice(0, 6).every((s) => Math.round(s.y) === rows[0])).toBe(true);
    for (const score of scores) expect(score.width).toBeGreaterThanOrEqual(24);
    expect(Math.abs(right(scores[10]!) - right(scores[5]!))).toBeLessThanOrEqual(1);
    expect(Math.abs(high.right - right(scores[10]!))).toBeLessThanOrEqual(2);
    await promptDialog(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'tests/artifacts/widget-nps-inline-320.png' });
    await page.context().close();
  });
});
