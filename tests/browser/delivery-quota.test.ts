// Promise, in Chromium with the origin's storage really exhausted: an answer the network could
// take is never lost. How the quota runs out here: DevTools' `Storage.overrideQuotaForOrigin`
// gives the origin a quota of 1 byte before its first write, so every IndexedDB write aborts with
// Chromium's own `QuotaExceededError` (with an empty message); for "localStorage full too", a
// script that runs before the page's own fills localStorage until `setItem` throws
// `QuotaExceededError`. The server counts every POST by record id.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { openHostPage, useCountingServer, waitFor, type HostPage } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

const FAST = { delivery: { backoffBaseMs: 200, backoffCapMs: 1000 } };
const SAVE_FAILED = 'Your answer could not be saved. Please try again.';

/** A context whose origin has a storage quota of `quotaSize` bytes (1: no write fits) and, if asked, a full localStorage. */
async function exhausted(options: { localStorageFull: boolean; quotaSize?: number }): Promise<BrowserContext> {
  const context = await counting.newContext();
  const cdp = await context.newCDPSession(await context.newPage());
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: counting.server.origin, quotaSize: options.quotaSize ?? 1 });
  if (options.localStorageFull) {
    await context.addInitScript(() => {
      let size = 1 << 20;
      for (let i = 0; size >= 1; i++) {
        try {
          localStorage.setItem(`filler:${i}`, 'x'.repeat(size));
        } catch {
          size = Math.floor(size / 2);
        }
      }
    });
  }
  return context;
}

/** What the page's storage does with a write of its own: proof the quota is really gone. */
function probeStorage(page: Page) {
  return page.evaluate(async () => {
    let local = 'ok';
    try {
      localStorage.setItem('probe', 'x');
      localStorage.removeItem('probe');
    } catch (error) {
      local = (error as DOMException).name;
    }
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('probe', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const indexedDb = await new Promise<string>((resolve) => {
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put('x', 'k');
      tx.oncomplete = () => resolve('ok');
      tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
    });
    db.close();
    return { local, indexedDb };
  });
}

const deliveryState = (page: Page) =>
  page.evaluate(() => (window as unknown as { hark: { client: { getDeliveryState(): Promise<{ storage: string; pending: number }> } } }).hark.client.getDeliveryState());

/** Opens the survey's prompt and chooses `score`; the caller clicks Send. */
async function choose(page: Page, score: number) {
  await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
  await dialog.getByRole('radio', { name: String(score), exact: true }).click();
  return dialog;
}

/** Every error Hark reported names its cause: no `[hark] ` with nothing after it. */
async function expectNamedErrors(host: HostPage) {
  const errors = await host.errors();
  for (const error of errors) expect(error.message, `${error.code} has a message`).toMatch(/^\[hark\] \S/);
  return errors;
}

/** Both records (shown, the answer) stored, and nothing sent twice, given every chance to be. */
async function expectDeliveredOnce(id: string) {
  await waitFor(() => counting.server.stored.size === 2 && counting.server.stored.has(id), 'the answer and its shown record stored');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(counting.server.stored.get(id)).toMatchObject({ type: 'response' });
  expect(Object.fromEntries(counting.server.received)).toEqual(Object.fromEntries([...counting.server.stored.keys()].map((key) => [key, 1])));
}

/** Ids in Hark's IndexedDB outbox. */
function outboxIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('hark');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const keys = req.result.transaction('outbox').objectStore('outbox').getAllKeys();
          keys.onsuccess = () => {
            resolve(keys.result.map(String));
            req.result.close();
          };
          keys.onerror = () => reject(keys.error);
        };
      }),
  );
}

/** The page's own data fills the origin's quota: random bytes into a database of its own, until Chromium refuses. */
function fillQuota(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('app-cache', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('blobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (let i = 0; i < 10_000; i++) {
      const error = await new Promise<string | null>((resolve) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(crypto.getRandomValues(new Uint8Array(16_384)), i);
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      });
      if (error) {
        db.close();
        return error;
      }
    }
    db.close();
    return 'never full';
  });
}

/**
 * Takes the page offline once the prompt's UI chunk is on it, and the delivery code that follows its
 * first frame: the prompts below are asked offline, and a busy machine may not have reached the idle
 * moment that fetches the chunk yet.
 */
async function offlineOnceUiLoaded(context: BrowserContext, page: Page) {
  await page.waitForFunction(() => ['hark.ui@', 'hark.delivery@'].every((name) => Object.getOwnPropertySymbols(window).some((key) => key.description?.startsWith(name))), null, { timeout: 30_000 });
  await context.setOffline(true);
}

describe('an origin out of storage quota, in Chromium', () => {
  it('the quota fills up after answers were stored: they and the next answer move to localStorage and each reaches the endpoint once', async () => {
    const context = await exhausted({ localStorageFull: false, quotaSize: 400_000 });
    const host = await openHostPage(context, counting.server, { debug: true, config: FAST });
    await host.page.route('**/v1/records', (route) => route.abort('internetdisconnected'));
    await offlineOnceUiLoaded(context, host.page);
    const first = await host.page.evaluate(() => (window as unknown as { answer(s: number): Promise<string> }).answer(2));
    expect(await outboxIds(host.page)).toContain(first);
    expect(await fillQuota(host.page)).toBe('QuotaExceededError');
    // Asked again (show(), since the survey was just answered), and answered through the prompt.
    await host.page.evaluate(() => (window as unknown as { hark: { client: { show(id: string): void } } }).hark.client.show('nps'));
    const dialog = host.page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    await dialog.getByRole('radio', { name: '7', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    expect(await host.page.getByText(SAVE_FAILED).count()).toBe(0);
    const second = (await host.answered()).at(-1)!;
    // Everything moved: IndexedDB keeps no second copy to send later.
    expect(await outboxIds(host.page)).toEqual([]);
    await host.page.unroute('**/v1/records');
    await context.setOffline(false);
    await waitFor(() => counting.server.stored.size === 4 && counting.server.stored.has(first) && counting.server.stored.has(second), 'both answers and their shown records stored');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(Object.fromEntries(counting.server.received)).toEqual(Object.fromEntries([...counting.server.stored.keys()].map((key) => [key, 1])));
    expect(await deliveryState(host.page)).toMatchObject({ storage: 'localstorage', pending: 0 });
    const errors = await expectNamedErrors(host);
    expect(errors.find((e) => e.code === 'storage_unavailable')?.message).toMatch(/IndexedDB failed \(QuotaExceededError\)/);
  });

  it('IndexedDB refuses every write, online: the answer is kept in localStorage and reaches the endpoint once, with no "could not be saved"', async () => {
    const context = await exhausted({ localStorageFull: false });
    const host = await openHostPage(context, counting.server, { debug: true, config: FAST });
    expect(await probeStorage(host.page)).toEqual({ local: 'ok', indexedDb: 'QuotaExceededError' });
    const dialog = await choose(host.page, 9);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    expect(await host.page.getByText(SAVE_FAILED).count()).toBe(0);
    const [id] = await host.answered();
    await expectDeliveredOnce(id!);
    expect(await deliveryState(host.page)).toMatchObject({ storage: 'localstorage', pending: 0 });
    const errors = await expectNamedErrors(host);
    expect(errors.find((e) => e.code === 'storage_unavailable')?.message).toMatch(/IndexedDB failed \(QuotaExceededError\); answers are kept in localStorage/);
    expect(host.pageErrors).toEqual([]);
  });

  it('IndexedDB refuses every write, offline: localStorage keeps the answer, so it is thanked, and sent once when the network is back', async () => {
    const context = await exhausted({ localStorageFull: false });
    const host = await openHostPage(context, counting.server, { debug: true, config: FAST });
    await host.page.route('**/v1/records', (route) => route.abort('internetdisconnected'));
    await offlineOnceUiLoaded(context, host.page);
    const dialog = await choose(host.page, 6);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    expect(await host.page.getByText(SAVE_FAILED).count()).toBe(0);
    const [id] = await host.answered();
    await host.page.unroute('**/v1/records');
    await context.setOffline(false);
    await expectDeliveredOnce(id!);
    await expectNamedErrors(host);
  });

  it('localStorage full too, online: the answer, kept in memory only, is sent before the thank-you, once', async () => {
    const context = await exhausted({ localStorageFull: true });
    const host = await openHostPage(context, counting.server, { debug: true, config: FAST });
    expect(await probeStorage(host.page)).toEqual({ local: 'QuotaExceededError', indexedDb: 'QuotaExceededError' });
    const dialog = await choose(host.page, 10);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    // Thanked only once the endpoint had it.
    expect(counting.server.stored.has(id!)).toBe(true);
    expect(await host.page.getByText(SAVE_FAILED).count()).toBe(0);
    await expectDeliveredOnce(id!);
    expect(await deliveryState(host.page)).toMatchObject({ storage: 'memory', pending: 0 });
    const errors = await expectNamedErrors(host);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/QuotaExceededError/);
  });

  it('localStorage full too, offline: "could not be saved", because nothing can keep or send it; Send again online delivers that answer once', async () => {
    const context = await exhausted({ localStorageFull: true });
    const host = await openHostPage(context, counting.server, { debug: true, config: FAST });
    await host.page.route('**/v1/records', (route) => route.abort('internetdisconnected'));
    await offlineOnceUiLoaded(context, host.page);
    const dialog = await choose(host.page, 3);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => host.page.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(SAVE_FAILED);
    const errors = await expectNamedErrors(host);
    expect(errors.find((e) => e.code === 'storage_failed')?.message).toMatch(/no storage on this device would keep it, and it could not be sent \(the browser is offline\)/);
    expect(counting.server.received.size).toBe(0);
    // The person tries again once the network is back: the same answer, under its one id.
    await host.page.unroute('**/v1/records');
    await context.setOffline(false);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const answered = await host.answered();
    expect(answered).toHaveLength(1);
    await expectDeliveredOnce(answered[0]!);
    expect(counting.server.stored.get(answered[0]!)).toMatchObject({ score: 3 });
  });
});
