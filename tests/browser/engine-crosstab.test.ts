import type { Hark } from '@hark/browser';

/** Pages under test load the script-tag bundle, which defines window.hark. */
type HarkWindow = Window & { hark?: Hark };
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();

async function ready(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as HarkWindow).hark?.client?.getState().status === 'ready');
}
const explain = (page: Page, id: string) => page.evaluate((surveyId) => (window as HarkWindow).hark!.client!.explain(surveyId), id);
const CHECKOUT = 'How likely are you to recommend Acme to a friend or colleague?';

describe('display history across tabs (two pages, one browser context)', () => {
  it('one prompt at a time across tabs, then the global recontact window, also after a reload', async () => {
    const context = await fixture.browser.newContext();
    const url = `${fixture.demo.exampleUrl}&view=reports&recontactDays=1`;
    const a = await context.newPage();
    const b = await context.newPage();
    await ready(a, `${fixture.demo.exampleUrl}&recontactDays=1`);
    await ready(b, `${fixture.demo.exampleUrl}&recontactDays=1`);

    // Tab A shows the checkout survey.
    await a.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = a.getByRole('dialog', { name: CHECKOUT });
    await dialog.waitFor();

    // Tab B: a trigger fires while A's prompt is on screen: blocked, one tab at a time.
    await b.evaluate(() => (window as HarkWindow).hark!.track('sample_me'));
    await b.evaluate(() => (window as HarkWindow).hark!.track('checkout_completed'));
    expect(await b.getByRole('dialog').count()).toBe(0);
    expect((await explain(b, 'checkout-nps')).blocks.map((x) => x.rule)).toContain('one-at-a-time');

    // A answers. B may still not show a different survey: the global window (1 day) holds.
    await dialog.getByRole('radio', { name: '8' }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await a.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await b.waitForTimeout(2000);
    expect(await b.getByRole('dialog').count()).toBe(0);
    const why = await explain(b, 'reports-csat');
    expect(why.status).toBe('blocked');
    expect(why.blocks.map((x) => x.rule)).toEqual(['global-recontact']);
    expect(why.nextAt).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // A third tab opened afterwards reads the history from IndexedDB.
    const c = await context.newPage();
    await ready(c, url);
    await c.waitForTimeout(2000);
    expect(await c.getByRole('dialog').count()).toBe(0);
    expect((await explain(c, 'reports-csat')).blocks.map((x) => x.rule)).toEqual(['global-recontact']);
    await c.screenshot({ path: 'tests/artifacts/engine-crosstab.png' });
    await context.close();
  });
});
