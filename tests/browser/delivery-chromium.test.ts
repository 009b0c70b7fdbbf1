// Promise, in a real browser against a real server that counts what it stored
// by id: reloads, many tabs, missing Web Locks, closed, crashed and frozen
// tabs never lose an answer, and the server stores each id once.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { useCountingServer } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

/** Fast retries so the scenarios finish in seconds; every other default stays. */
const FAST = { delivery: { backoffBaseMs: 200, backoffCapMs: 1000 } };
/** A dead tab's leases run out in 5 s instead of 30 s (60 s for its page-hide send). */
const SHORT_LEASE = { delivery: { ...FAST.delivery, timeoutMs: 3000, leaseMs: 5000, hideLeaseMs: 5000 } };


async function open(context: BrowserContext, config: Record<string, unknown> = FAST): Promise<Page> {
  const page = await context.newPage();
  await page.goto(counting.server.page(config));
  await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
  // The prompt's UI chunk preloads when the page is idle, and the delivery code follows its first frame; these tests go offline after that.
  await page.waitForFunction(() => ['hark.ui@', 'hark.delivery@'].every((name) => Object.getOwnPropertySymbols(window).some((key) => key.description?.startsWith(name))));
  return page;
}

/** Answers through the client API; resolves with the response id once it is durably stored. */
const answer = (page: Page, score: number) => page.evaluate((s) => (window as unknown as { answer(s: number): Promise<string> }).answer(s), score);

/** Ids in the outbox, read from IndexedDB as another tab would. */
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

async function until(ok: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every id the server received was stored exactly once, and nothing is left queued. */
async function expectStoredOnce(page: Page, ids: readonly string[]) {
  try {
    await until(async () => ids.every((id) => counting.server.stored.has(id)) && (await outboxIds(page)).length === 0, 60_000, 'all ids stored and the outbox empty');
  } catch (error) {
    // Say what each tab thinks, so a failure here explains itself.
    const states = await Promise.all(
      page.context().pages().map((p) => p.evaluate(() => (window as unknown as { hark: { client: { getDeliveryState(): Promise<unknown> } } }).hark.client.getDeliveryState()).catch(String)),
    );
    const missing = ids.filter((id) => !counting.server.stored.has(id));
    throw new Error(`${(error as Error).message}; missing ${JSON.stringify(missing)}; server statuses ${counting.server.statuses.join(',')}; tab states ${JSON.stringify(states)}`);
  }
  for (const id of counting.server.received.keys()) expect(counting.server.stored.has(id)).toBe(true);
  expect(new Set(counting.server.stored.keys()).size).toBe(counting.server.stored.size);
}

describe('delivery in Chromium', () => {
  it('offline → answer → reload → online: the answer waits in IndexedDB and is stored once', async () => {
    const context = await counting.newContext();
    // The reload's page-hide send cannot get through, but the next page cannot know that: it waits
    // out that send's lease (hideLeaseMs), short here, before sending again.
    const page = await open(context, SHORT_LEASE);
    // Offline for the browser, and the endpoint unreachable at the network level.
    await page.route('**/v1/records', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    await dialog.getByRole('radio', { name: '8' }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await page.evaluate(() => (window as unknown as { answered: string[] }).answered);
    expect(await outboxIds(page)).toContain(id);
    expect(counting.server.received.size).toBe(0);

    // Reload while the endpoint is still unreachable: the record is read back, not lost.
    await context.setOffline(false);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
    expect(await outboxIds(page)).toContain(id);
    const state = await page.evaluate(() => (window as unknown as { hark: { client: { getDeliveryState(): Promise<{ pending: number; inFlight: number }> } } }).hark.client.getDeliveryState());
    expect(state).toMatchObject({ storage: 'indexeddb' });
    expect(state.pending + state.inFlight).toBe(2);

    // Back online: the `online` event sends now.
    await context.setOffline(true);
    await page.unroute('**/v1/records');
    await context.setOffline(false);
    await expectStoredOnce(page, [id!]);
    await page.screenshot({ path: 'tests/artifacts/delivery-offline-reload.png' });
  });

  it.each([2, 5, 10])('%i tabs answer and drain at once while the server fails every other request', { timeout: 120_000 }, async (tabs) => {
    counting.server.setMode('fail-every-other');
    const context = await counting.newContext();
    const pages = await Promise.all(Array.from({ length: tabs }, () => open(context)));
    const ids = (await Promise.all(pages.map(async (page) => [await answer(page, 3), await answer(page, 9)]))).flat();
    expect(new Set(ids).size).toBe(tabs * 2);
    await expectStoredOnce(pages[0]!, ids);
    // shown + response for every answer, each stored once.
    await until(() => counting.server.stored.size === tabs * 4, 30_000, 'every shown record stored');
    expect(counting.server.statuses).toContain(503);
    // Leases: no record was ever sent by two tabs at once and acknowledged twice.
    expect([...counting.server.delivered.values()].every((n) => n === 1)).toBe(true);
  });

  it('Web Locks unavailable: leases alone keep 3 tabs from losing or double-storing', { timeout: 120_000 }, async () => {
    counting.server.setMode('fail-every-other');
    counting.server.setDelay(300);
    const context = await counting.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true }));
    const pages = await Promise.all([open(context), open(context), open(context)]);
    expect(await pages[0]!.evaluate(() => navigator.locks)).toBeUndefined();
    const ids = (await Promise.all(pages.map((page) => answer(page, 6)))).flat();
    await expectStoredOnce(pages[0]!, ids);
    await until(() => counting.server.stored.size === 6, 30_000, 'every shown record stored');
    expect([...counting.server.delivered.values()].every((n) => n === 1)).toBe(true);
  });

  it('a tab closed right after answering while the server is down: the next visit delivers it, once', async () => {
    counting.server.setMode('fail');
    const context = await counting.newContext();
    const page = await open(context, SHORT_LEASE);
    await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    await dialog.getByRole('radio', { name: '10' }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await page.evaluate(() => (window as unknown as { answered: string[] }).answered);
    await page.close();
    expect(counting.server.stored.has(id!)).toBe(false);
    counting.server.setMode('ok');
    const next = await open(context, SHORT_LEASE);
    await expectStoredOnce(next, [id!]);
  });

  it('a tab closed while its queue waits out a backoff sends on the way out (keepalive), once', async () => {
    // The first request fails with Retry-After: 1, so the page is waiting when it closes.
    counting.server.setMode('fail-every-other');
    const context = await counting.newContext();
    const page = await open(context, SHORT_LEASE);
    const id = await answer(page, 7);
    await until(() => counting.server.statuses.includes(503), 5000, 'the first request to fail');
    expect(counting.server.stored.has(id)).toBe(false);
    // From here the server takes every request: on a busy machine the close can come as the page's
    // own retry (the probe, one record) goes out, and then the page-hide send takes the rest.
    counting.server.setMode('ok');
    // As a user closing the tab: the page gets its pagehide and visibilitychange events.
    await page.close({ runBeforeUnload: true });
    // No other page is open: only the page-hide send can deliver it.
    await until(() => counting.server.stored.has(id), 5000, 'the keepalive send on close');
    expect(counting.server.delivered.get(id)).toBe(1);
  });

  it('the renderer crashes just after the save: the next page delivers the answer once', async () => {
    counting.server.setMode('fail');
    const context = await counting.newContext();
    const page = await open(context, SHORT_LEASE);
    const id = await answer(page, 2);
    const cdp = await context.newCDPSession(page);
    const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    expect(counting.server.stored.has(id)).toBe(false);
    counting.server.setMode('ok');
    const next = await open(context, SHORT_LEASE);
    await expectStoredOnce(next, [id]);
  });

  it('a frozen tab whose lease expires: another tab takes over; the late answer harms nothing', { timeout: 120_000 }, async () => {
    const config = (tab: string) => ({ headers: { 'X-Tab': tab }, delivery: { ...FAST.delivery, timeoutMs: 4000, leaseMs: 6000 } });
    counting.server.setMode('hold');
    const context = await counting.newContext();
    const frozen = await open(context, config('frozen'));
    const id = await answer(frozen, 4);
    await until(() => counting.server.held.length > 0, 10_000, 'the first request to be held');
    const leased = counting.server.held[0]!.ids;
    // Freeze the tab's JavaScript: its timers, its timeout and its lease renewals all stop.
    const cdp = await context.newCDPSession(frozen);
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.pause');
    counting.server.setMode('ok');
    const started = Date.now();
    const other = await open(context, config('other'));
    await until(() => leased.every((l) => counting.server.senders.get(l)?.includes('other') === true), 20_000, 'the other tab to resend the leased records');
    // Not before the lease ran out.
    expect(Date.now() - started).toBeGreaterThan(3000);
    counting.server.releaseHeld(200);
    await cdp.send('Debugger.resume');
    await expectStoredOnce(other, [id, ...leased]);
    await expectStoredOnce(frozen, [id, ...leased]);
  });
});
