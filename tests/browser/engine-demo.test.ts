import type { Hark } from '@hark/browser';

/** Pages under test load the script-tag bundle, which defines window.hark. */
type HarkWindow = Window & { hark?: Hark };
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { storedRows } from './demo';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();
let context: BrowserContext;

afterEach(async () => {
  await context?.close();
});

async function open(query: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  context = await fixture.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await before?.(page);
  await page.goto(`${fixture.demo.exampleUrl}&recontactDays=0${query}`);
  await page.waitForFunction(() => (window as HarkWindow).hark?.client?.getState().status === 'ready');
  return page;
}
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

describe('the example app: every other trigger and rule, by hand', () => {
  it('scroll: scrolling the docs to 70% shows the docs survey', async () => {
    const page = await open('');
    await nav(page, 'Docs');
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(500);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.mouse.wheel(0, 1400);
    await page.getByRole('dialog', { name: 'Did the docs answer your question?' }).waitFor({ timeout: 5000 });
  });

  it('time: 15 s of visible time on Account shows the account survey', async () => {
    const page = await open('&view=account', (p) => p.clock.install());
    await page.clock.runFor(14_000);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.clock.runFor(2_000);
    // The prompt's own timers run on the installed clock too: keep it moving while a busy machine catches up.
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend your Acme account settings?' });
    await expect.poll(async () => (await page.clock.runFor(100), dialog.isVisible()), { timeout: 30_000 }).toBe(true);
  });

  it('nth + attributes: the 3rd upgrade view shows the survey, and only on the free plan', async () => {
    const page = await open('&view=account');
    const view = page.getByRole('button', { name: 'View the upgrade page' });
    await view.click();
    await view.click();
    await view.click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const why = await page.evaluate(() => (window as HarkWindow).hark!.client!.explain('upgrade-nps'));
    expect(why.blocks.map((b) => b.rule)).toEqual(['attributes']);
    await page.getByRole('combobox', { name: 'Plan' }).selectOption('free');
    await view.click();
    await page.getByRole('dialog', { name: 'How likely are you to upgrade to Pro?' }).waitFor();
  });

  it('typing: a prompt waits until the user stops typing in a field', async () => {
    const page = await open('&view=account');
    const field = page.getByRole('textbox', { name: 'A text field (no prompt interrupts your typing)' });
    await field.click();
    await field.pressSequentially('typing a long note', { delay: 40 });
    await page.evaluate(() => (window as HarkWindow).hark!.track('checkout_completed'));
    await field.pressSequentially(' and more', { delay: 100 });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' }).waitFor({ timeout: 5000 });
  });

  it('consent=false: nothing shows or is stored until the user grants consent; the explain panel says why', async () => {
    const page = await open('&consent=false');
    const before = storedRows(fixture.demo.dbPath).length;
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    await page.getByRole('combobox', { name: 'Survey' }).selectOption('checkout-nps');
    await page.getByRole('button', { name: 'Why (not)?' }).click();
    await expect(page.locator('#explanation').textContent()).resolves.toContain('waiting for consent');
    await page.waitForTimeout(1000);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(storedRows(fixture.demo.dbPath).length).toBe(before);
    await page.getByRole('button', { name: 'Grant consent' }).click();
    await page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' }).waitFor();
  });

  it('beforeSend: the email attribute never reaches the collector', async () => {
    const page = await open('');
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '10' }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const end = Date.now() + 10_000;
    let rows = storedRows(fixture.demo.dbPath);
    while (!rows.some((r) => r.type === 'response' && r.score === 10) && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = storedRows(fixture.demo.dbPath);
    }
    const response = rows.find((r) => r.type === 'response' && r.score === 10)!;
    expect(JSON.parse(response.json).attributes).toEqual({ plan: 'pro' });
  });
});
