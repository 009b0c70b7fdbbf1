import type { Browser, BrowserContext, Page } from 'playwright-core';
import { until } from '../browser/demo';

/** A page in a fresh context (its own IndexedDB), collecting page errors and console errors. */
export async function openPage(browser: Browser): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // React reports hydration mismatches and failed client references on the console.
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return { page, context, errors };
}

/** Records in the page's outbox (Hark's IndexedDB database), waiting to be sent. */
export function outboxCount(page: Page): Promise<number> {
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

/** Waits until the page's outbox is empty: every record it held was acknowledged by the endpoint, so none is still on its way. */
export async function untilDelivered(page: Page): Promise<void> {
  const left = await until(() => outboxCount(page), (count) => count === 0);
  if (left !== 0) throw new Error(`${left} records still in the outbox`);
}
