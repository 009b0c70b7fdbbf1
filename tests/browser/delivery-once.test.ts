// Promise, in Chromium against a server that counts every POST by record id: each record is on
// the wire once. No send starts for a record another send holds: the `online` probe, the drain,
// the page-hide send (`visibilitychange` and `pagehide` both fire when a tab closes), another tab,
// or a page closed mid-send. The one exception: a page closed during a send never hears its
// answer, so those records are sent again, once, after their lease; the test that makes a send go
// unanswered says so and asserts that minimum.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { useCountingServer } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

/** Fast retries so the scenarios finish in seconds; the leases keep their defaults (30 s, 60 s for page hide). */
const FAST = { delivery: { backoffBaseMs: 200, backoffCapMs: 1000 } };


async function open(context: BrowserContext, config: Record<string, unknown> = FAST): Promise<Page> {
  const page = await context.newPage();
  await page.goto(counting.server.page(config));
  await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
  // The prompt's UI chunk preloads when the page is idle, and the delivery code follows its first frame; some tests go offline after that.
  await page.waitForFunction(() => ['hark.ui@', 'hark.delivery@'].every((name) => Object.getOwnPropertySymbols(window).some((key) => key.description?.startsWith(name))));
  return page;
}

/** Answers through the client API; resolves with the response id once it is durably stored. */
const answer = (page: Page, score: number) => page.evaluate((s) => (window as unknown as { answer(s: number): Promise<string> }).answer(s), score);

/** Answers through the prompt, as a person does, and waits for the thank-you; resolves with the response id. */
async function answerThroughPrompt(page: Page, score: number): Promise<string> {
  await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
  await dialog.getByRole('radio', { name: String(score), exact: true }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
  const answered = await page.evaluate(() => (window as unknown as { answered: string[] }).answered);
  return answered[answered.length - 1]!;
}

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

async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; POSTs so far ${JSON.stringify(counting.server.posts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the page's client says about its queue. */
const deliveryState = (page: Page) =>
  page.evaluate(() => (window as unknown as { hark: { client: { getDeliveryState(): Promise<{ pending: number; inFlight: number }> } } }).hark.client.getDeliveryState());

/**
 * Waits until `expected` records are stored, gives a second copy of anything every chance to
 * arrive, and returns the POSTs per id. Records a closed page sent stay in `page`'s queue, in
 * flight, until their lease ends (that page never heard the answer): they may not be sent meanwhile.
 */
async function settledCounts(page: Page, expected: number): Promise<Map<string, number>> {
  await until(() => counting.server.stored.size >= expected, 30_000, `${expected} records stored`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(counting.server.stored.size).toBe(expected);
  expect((await deliveryState(page)).pending).toBe(0);
  return counting.server.received;
}

const everyOnce = (counts: Map<string, number>) => expect(Object.fromEntries(counts)).toEqual(Object.fromEntries([...counts.keys()].map((id) => [id, 1])));

describe('each record on the wire once, in Chromium', () => {
  it('offline → answer → online → leave the page at once: one POST per record id', async () => {
    const context = await counting.newContext();
    const page = await open(context);
    await page.route('**/v1/records', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    const id = await answerThroughPrompt(page, 8);
    // Offline for a while: every try fails, so the queue waits in probe mode.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(counting.server.received.size).toBe(0);
    await page.unroute('**/v1/records');
    await context.setOffline(false);
    // Back online and off to the next page at once: the `online` probe, the page-hide send (both
    // events) and the next page each leave alone what another send holds.
    await page.goto(counting.server.page(FAST));
    await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
    const counts = await settledCounts(page, 2);
    expect(counts.get(id)).toBe(1);
    everyOnce(counts);
  });

  it('two tabs, one sending the other’s answer when that tab closes: one POST per record id', async () => {
    // Each request takes 1.5 s, so the draining tab still has the other's records on the wire at the close.
    counting.server.setDelay(1500);
    const context = await counting.newContext();
    const [closing, draining] = await Promise.all([open(context), open(context)]);
    // The draining tab answers first and keeps the drain (its Web Lock) busy...
    await answer(draining, 9);
    await until(() => counting.server.posts.length > 0, 10_000, 'the draining tab’s first request');
    // ...so the closing tab's answer is sent by the draining tab.
    const id = await answer(closing, 4);
    await until(() => counting.server.received.has(id), 20_000, 'the draining tab to send the closing tab’s answer');
    // While that request is under way, the closing tab goes (visibilitychange, pagehide).
    await closing.close({ runBeforeUnload: true });
    const counts = await settledCounts(draining, 4);
    everyOnce(counts);
    // The draining tab heard every answer: nothing is left for a later page to send again.
    await until(async () => (await outboxIds(draining)).length === 0, 10_000, 'the outbox to empty');
    const next = await open(context);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await deliveryState(next)).toMatchObject({ pending: 0, inFlight: 0 });
    everyOnce(counting.server.received);
  });

  it('a tab closed right after answering, its first send still under way: one POST per record id, none from the next page', async () => {
    counting.server.setDelay(1000);
    const context = await counting.newContext();
    const page = await open(context);
    const id = await answerThroughPrompt(page, 10);
    // Closed at once: the `shown` record's request is still waiting for its answer.
    await page.close({ runBeforeUnload: true });
    const next = await open(context);
    const counts = await settledCounts(next, 2);
    expect(counts.get(id)).toBe(1);
    everyOnce(counts);
  });

  it('a reload during a send: nothing again until the lease ends, then one retry, the minimum (the reloaded page never heard the answer)', { timeout: 90_000 }, async () => {
    // Leases of 10 s (the sends' timeout is 3 s), so the retry comes within the test.
    const config = { delivery: { ...FAST.delivery, timeoutMs: 3000, leaseMs: 10_000, hideLeaseMs: 10_000 } };
    const context = await counting.newContext();
    const page = await open(context, config);
    // The server keeps the records it is sent and answers none before the page reloads: the page cannot learn they arrived.
    counting.server.setMode('hold');
    const id = await answer(page, 5);
    await until(() => counting.server.received.has(id) && counting.server.stored.size === 2, 10_000, 'both records on the wire');
    const sentAt = Math.max(...counting.server.posts.map((post) => post.at));
    await page.reload();
    counting.server.setMode('ok');
    counting.server.releaseHeld(200);
    await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
    // The next page leaves them alone while the lease lasts, then sends each once more: the
    // reloaded page's sends got no answer, so that is the minimum.
    await until(async () => (await outboxIds(page)).length === 0, 40_000, 'the retry after the lease');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(Object.fromEntries(counting.server.received)).toEqual(Object.fromEntries([...counting.server.received.keys()].map((key) => [key, 2])));
    const retries = counting.server.posts.filter((post) => post.at > sentAt);
    expect(retries.length).toBeGreaterThan(0);
    // Not before the lease (10 s, taken before the first request left) could have ended.
    for (const retry of retries) expect(retry.at - sentAt).toBeGreaterThan(5000);
    expect(counting.server.stored.size).toBe(2);
  });
});
