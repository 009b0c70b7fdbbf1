import { describe, expect, it } from 'vitest';
import { storedRows } from './demo';
import { useChromiumDemo } from './fixture';
import { galleryUrl, promptDialog, type GalleryOptions } from './widget-page';

const fixture = useChromiumDemo();

const VIEWPORT = { width: 1000, height: 700 };
type Box = { x: number; y: number; width: number; height: number };

const EXPECTED: Array<[NonNullable<GalleryOptions['position']>, (box: Box) => Record<string, number>, Record<string, number>]> = [
  ['bottom-right', (b) => ({ right: VIEWPORT.width - (b.x + b.width), bottom: VIEWPORT.height - (b.y + b.height) }), { right: 16, bottom: 16 }],
  ['bottom-left', (b) => ({ left: b.x, bottom: VIEWPORT.height - (b.y + b.height) }), { left: 16, bottom: 16 }],
  ['top-right', (b) => ({ right: VIEWPORT.width - (b.x + b.width), top: b.y }), { right: 16, top: 16 }],
  ['top-left', (b) => ({ left: b.x, top: b.y }), { left: 16, top: 16 }],
  ['center', (b) => ({ offCenterX: b.x + b.width / 2 - VIEWPORT.width / 2, offCenterY: b.y + b.height / 2 - VIEWPORT.height / 2 }), { offCenterX: 0, offCenterY: 0 }],
];

describe('placement in Chromium', () => {
  it.each(EXPECTED)('%s sits where it says, in the top layer, and can be answered', async (position, measure, expected) => {
    const page = await fixture.browser.newPage({ viewport: VIEWPORT, colorScheme: 'light' });
    await page.goto(galleryUrl(fixture.demo, { kind: 'csat-faces', position }));
    await page.getByRole('button', { name: 'Fire an event (prompt appears without taking focus)' }).click();
    const dialog = promptDialog(page);
    await dialog.waitFor();
    await page.waitForTimeout(250);
    const box = (await dialog.boundingBox())!;
    const measured = Object.fromEntries(Object.entries(measure(box)).map(([k, v]) => [k, Math.round(v)]));
    expect(measured).toEqual(expected);
    expect(await dialog.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await page.screenshot({ path: `tests/artifacts/widget-placement-${position}.png` });
    await dialog.getByRole('radio', { name: '5', exact: true }).click();
    await dialog.getByRole('textbox').fill(`placed ${position}`);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => storedRows(fixture.demo.dbPath).filter((r) => r.comment === `placed ${position}`).length, { timeout: 10_000 }).toBe(1);
    await page.close();
  });

  it('inline renders inside the named host element, in the page flow, not floating', async () => {
    const page = await fixture.browser.newPage({ viewport: VIEWPORT });
    await page.goto(galleryUrl(fixture.demo, { kind: 'nps', position: 'inline', scheme: 'dark' }));
    await page.getByRole('button', { name: 'Open the prompt' }).click();
    const dialog = page.locator('#inline-slot hark-root').getByRole('dialog');
    await dialog.waitFor();
    const [slot, box] = [(await page.locator('#inline-slot').boundingBox())!, (await dialog.boundingBox())!];
    expect(Math.round(box.x)).toBe(Math.round(slot.x));
    expect(Math.round(box.width)).toBe(Math.round(slot.width));
    expect(await dialog.evaluate((el) => ({ popover: el.hasAttribute('popover'), position: getComputedStyle(el).position }))).toEqual({ popover: false, position: 'relative' });
    await dialog.scrollIntoViewIfNeeded();
    await page.waitForTimeout(250);
    await page.screenshot({ path: 'tests/artifacts/widget-placement-inline-dark.png' });
    await dialog.getByRole('radio', { name: '10', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.locator('#inline-slot hark-root .thanks').waitFor();
    await page.close();
  });
});
