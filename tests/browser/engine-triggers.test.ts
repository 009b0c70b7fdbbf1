import type { Hark } from '@hark/browser';

/** Pages under test load the script-tag bundle, which defines window.hark. */
type HarkWindow = Window & { hark?: Hark };
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();
let context: BrowserContext;

afterEach(async () => {
  await context?.close();
});

async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  context = await fixture.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${fixture.demo.exampleUrl}${query}`);
  await page.waitForFunction(() => (window as HarkWindow).hark?.client?.getState().status === 'ready');
  return { page, errors };
}

const explain = (page: Page, id: string) => page.evaluate((surveyId) => (window as HarkWindow).hark!.client!.explain(surveyId), id);

describe('engine triggers in Chromium', () => {
  it('pageview: an SPA route change shows the survey after its delay; leaving first cancels it', async () => {
    const { page, errors } = await open();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Reports' }).click();
    expect(page.url()).toContain('view=reports');
    expect((await explain(page, 'reports-csat')).status).toBe('pending');
    // Leave before the 1.5 s delay ends: cancelled, nothing shown.
    await nav.getByRole('link', { name: 'Docs' }).click();
    await page.waitForTimeout(2000);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await explain(page, 'reports-csat')).message).toContain('navigated away');

    // Back (popstate) to Reports, and stay.
    await page.goBack();
    await page.getByRole('dialog', { name: 'How satisfied are you with Reports?' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: 'tests/artifacts/engine-pageview.png' });
    expect(errors).toEqual([]);
  });

  it('click: a click on an element added after init shows the survey', async () => {
    const { page } = await open('&view=reports&recontactDays=0');
    // The pageview survey would show here; answer nothing and close it first.
    const reports = page.getByRole('dialog', { name: 'How satisfied are you with Reports?' });
    await reports.waitFor();
    await reports.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Load the export toolbar' }).click();
    await page.getByRole('button', { name: 'Export report' }).click();
    await page.getByRole('dialog', { name: 'How easy was it to export your report?' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(7);
  });

  it('exit intent: the pointer leaving through the top of the window shows the survey', async () => {
    const { page } = await open();
    await page.mouse.move(600, 400);
    await page.mouse.move(600, 200);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Leaving through the top edge: Chromium fires mouseout with no related target and clientY <= 0.
    await page.mouse.move(600, 5);
    await page.mouse.move(600, -20);
    await page.getByRole('dialog', { name: 'Before you go: how satisfied are you with Acme today?' }).waitFor({ timeout: 5000 });
  });

  it('waits while a host modal is open, and destroy() restores history.pushState', async () => {
    const { page } = await open('&view=account&recontactDays=0');
    await page.getByRole('button', { name: 'Open a modal dialog' }).click();
    await page.evaluate(() => (window as HarkWindow).hark!.track('checkout_completed'));
    await page.waitForTimeout(1200);
    expect((await explain(page, 'checkout-nps')).message).toContain('host dialog');
    expect(await page.locator('hark-root').getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Close dialog' }).click();
    await page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' }).waitFor();

    expect(await page.evaluate(() => history.pushState.toString().includes('[native code]'))).toBe(false);
    await page.evaluate(() => (window as HarkWindow).hark!.destroy());
    expect(await page.evaluate(() => history.pushState.toString().includes('[native code]'))).toBe(true);
    expect(await page.locator('hark-root').count()).toBe(0);
  });
});
