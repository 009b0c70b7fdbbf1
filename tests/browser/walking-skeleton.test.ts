import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();

async function outboxCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hark');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('walking skeleton in Chromium', () => {
  it('one NPS answer goes from a script-tag page to SQLite, exactly once', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(fixture.demo.exampleUrl);

    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Complete checkout' }).click();

    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' });
    await dialog.waitFor();
    const radios = dialog.getByRole('radiogroup').getByRole('radio');
    expect(await radios.allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // The prompt lives in an open shadow root of one host element.
    expect(await page.evaluate(() => document.querySelector('hark-root')?.shadowRoot?.mode)).toBe('open');

    await dialog.getByRole('radio', { name: '9' }).click();
    const textbox = dialog.getByRole('textbox', { name: 'What did you like most?' });
    await textbox.waitFor();
    expect(await textbox.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await textbox.fill('Checkout took ten seconds <b>flat</b>');
    await page.screenshot({ path: 'tests/artifacts/walking-skeleton-prompt.png' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await page.screenshot({ path: 'tests/artifacts/walking-skeleton-thanks.png' });

    const rows = await until(
      () => storedRows(fixture.demo.dbPath),
      (r) => r.some((row) => row.type === 'response'),
    );
    const responses = rows.filter((row) => row.type === 'response');
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ survey_id: 'checkout-nps', score: 9, comment: 'Checkout took ten seconds <b>flat</b>' });
    const record = JSON.parse(responses[0]!.json);
    expect(record).toMatchObject({ category: 'promoter', scale: { min: 0, max: 10 }, userId: 'demo-user', trigger: { event: 'checkout_completed' } });
    expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(rows.map((row) => row.type)).toContain('shown');

    // Delivered records are deleted from IndexedDB only after the 2xx.
    expect(await until(() => outboxCount(page), (n) => n === 0)).toBe(0);
    // The demo page lists what the collector stored.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByRole('cell', { name: 'Checkout took ten seconds <b>flat</b>' }).count()).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the answer in IndexedDB while the collector is down, and delivers it after a reload', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    // The collector is unreachable: every POST fails at the network level.
    await page.route(`${fixture.demo.collector.endpoint}*`, (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()));
    await page.goto(fixture.demo.exampleUrl);
    const before = storedRows(fixture.demo.dbPath).length;
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '3' }).click();
    await dialog.getByRole('textbox').fill('offline answer');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    expect(await outboxCount(page)).toBeGreaterThanOrEqual(1);
    expect(storedRows(fixture.demo.dbPath).length).toBe(before);

    await page.unroute(`${fixture.demo.collector.endpoint}*`);
    await page.reload();
    const rows = await until(
      () => storedRows(fixture.demo.dbPath),
      (r) => r.some((row) => row.comment === 'offline answer'),
    );
    expect(rows.filter((row) => row.comment === 'offline answer')).toHaveLength(1);
    // The reloading page's own page-hide send may be what delivered it: its 2xx
    // reaches no one, so the copies stay until that send's lease (60 s by
    // default) runs out and the new page sends them again, stored once by id.
    expect(await until(() => outboxCount(page), (n) => n === 0, 120_000)).toBe(0);
    expect(storedRows(fixture.demo.dbPath).filter((row) => row.comment === 'offline answer')).toHaveLength(1);
    await context.close();
  }, 180_000);
});
