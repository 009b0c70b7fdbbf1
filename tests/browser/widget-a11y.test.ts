import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storedRows } from './demo';
import { useChromiumDemo } from './fixture';
import { axeViolations, focusedElement, galleryUrl, promptDialog, type GalleryOptions } from './widget-page';

const fixture = useChromiumDemo();

async function openGallery(options: GalleryOptions, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await fixture.browser.newPage({ viewport: { width: 1000, height: 720 }, colorScheme });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(galleryUrl(fixture.demo, options));
  return page;
}

const CASES: Array<[string, GalleryOptions, 'light' | 'dark', string]> = [
  ['nps-light', { kind: 'nps', scheme: 'light' }, 'light', '7'],
  ['nps-dark', { kind: 'nps', scheme: 'dark' }, 'dark', '7'],
  ['nps-system-dark', { kind: 'nps', scheme: 'auto' }, 'dark', '9'],
  ['ces-light', { kind: 'ces', scheme: 'light' }, 'light', '6'],
  ['ces-dark', { kind: 'ces', scheme: 'dark' }, 'dark', '6'],
  ['csat-numbers-light', { kind: 'csat', scheme: 'light' }, 'light', '4'],
  ['csat-stars-light', { kind: 'csat-stars', scheme: 'light' }, 'light', '4'],
  ['csat-stars-dark', { kind: 'csat-stars', scheme: 'dark' }, 'dark', '4'],
  ['csat-faces-light', { kind: 'csat-faces', scheme: 'light' }, 'light', '2'],
  ['csat-faces-dark', { kind: 'csat-faces', scheme: 'dark' }, 'dark', '2'],
  ['nps-rtl-ar', { kind: 'nps', scheme: 'light', lang: 'ar' }, 'light', '8'],
  ['csat-faces-rtl-ar-dark', { kind: 'csat-faces', scheme: 'dark', lang: 'ar' }, 'dark', '4'],
  ['ces-center-he', { kind: 'ces', scheme: 'light', lang: 'he', position: 'center' }, 'light', '5'],
];

describe('prompt accessibility in Chromium (axe-core)', () => {
  it.each(CASES)('%s: no axe violations while asking, with the follow-up, and when thanking', async (name, options, colorScheme, score) => {
    const page = await openGallery(options, colorScheme);
    await page.getByRole('button', { name: 'Fire an event (prompt appears without taking focus)' }).click();
    const dialog = promptDialog(page);
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('radio', { name: score, exact: true }).click();
    await dialog.getByRole('textbox').fill('Clear and quick');
    // Let the enter animation finish so colours are measured at full opacity.
    await page.waitForTimeout(250);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `tests/artifacts/widget-${name}.png` });
    await dialog.getByRole('button').last().click();
    await page.getByRole('dialog').locator('.thanks').waitFor();
    await page.waitForTimeout(100);
    expect(await axeViolations(page)).toEqual([]);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });
});

describe('keyboard only in Chromium', () => {
  it.each([
    ['en', 'ArrowRight', 'Send', 'Thank you for your feedback!'],
    ['ar', 'ArrowLeft', 'إرسال', 'شكرًا على ملاحظاتك!'],
  ])('%s: opens, chooses with arrows and Space, types, sends, and focus returns to the opener', async (lang, forward, send, thanks) => {
    const page = await openGallery({ kind: 'nps', lang, scheme: 'light' });
    const opener = page.getByRole('button', { name: 'Open the prompt' });
    await opener.focus();
    await page.keyboard.press('Enter');
    await promptDialog(page).waitFor();
    await expect.poll(() => focusedElement(page)).toMatchObject({ role: 'radio', name: '0', inWidget: true });
    for (let i = 0; i < 6; i++) await page.keyboard.press(forward);
    expect(await focusedElement(page)).toMatchObject({ role: 'radio', name: '6' });
    await page.keyboard.press('Space');
    await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'TEXTAREA' });
    expect(await promptDialog(page).getByRole('radio', { name: '6', exact: true }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.type(`keyboard ${lang}`);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ name: send });
    await page.keyboard.press('Enter');
    await promptDialog(page, thanks).waitFor();
    await page.keyboard.press('Escape');
    await promptDialog(page).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Open the prompt');
    await expect.poll(() => storedRows(fixture.demo.dbPath).filter((r) => r.comment === `keyboard ${lang}`).length, { timeout: 10_000 }).toBe(1);
    await page.close();
  });

  it('Escape closes an untouched prompt and records a dismissal, without a response', async () => {
    const page = await openGallery({ kind: 'csat-stars', scheme: 'light' });
    const count = (type: string) => storedRows(fixture.demo.dbPath).filter((r) => r.survey_id === 'gallery-csat-stars' && r.type === type).length;
    await expect.poll(() => count('shown'), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    const before = { dismissed: count('dismissed'), response: count('response') };
    await page.getByRole('button', { name: 'Open the prompt' }).click();
    await promptDialog(page).waitFor();
    await page.keyboard.press('Escape');
    await promptDialog(page).waitFor({ state: 'detached' });
    await expect.poll(() => count('dismissed'), { timeout: 10_000 }).toBe(before.dismissed + 1);
    expect(count('response')).toBe(before.response);
    await page.close();
  });
});
