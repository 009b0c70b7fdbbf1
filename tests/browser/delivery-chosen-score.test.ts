// Promise, in Chromium against a server that counts every POST by record id:
// a score chosen and then left (navigation, tab close) is stored when it is
// chosen, and reaches the endpoint exactly once, sent by the next page as soon
// as the tab that held it for its comment is gone.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { useCountingServer } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture, { settleMs: 500 });

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(counting.server.page());
  await page.waitForFunction(() => (window as unknown as { hark: { getState(): { status: string } | null } }).hark.getState()?.status === 'ready');
  return page;
}

/** The response records in the outbox, read from IndexedDB as another tab would. */
function queuedResponses(page: Page): Promise<Array<{ id: string; heldUntil: number | null; score: number }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('hark');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => {
            const entries = all.result as Array<{ id: string; heldUntil?: number; record: { type: string; score: number } }>;
            resolve(entries.filter((e) => e.record.type === 'response').map((e) => ({ id: e.id, heldUntil: e.heldUntil ?? null, score: e.record.score })));
            req.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the prompt, chooses `score` and waits until the choice is on disk; resolves with its record id. */
async function choose(page: Page, score: string): Promise<string> {
  await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
  await dialog.getByRole('radio', { name: score, exact: true }).click();
  let held: Array<{ id: string; heldUntil: number | null }> = [];
  await until(async () => (held = await queuedResponses(page)).length === 1, 10_000, 'the chosen score in IndexedDB');
  // Held for its comment: not sent while this page lives.
  expect(held[0]!.heldUntil).toBeGreaterThan(Date.now());
  return held[0]!.id;
}

describe('a chosen score, left without Send', () => {
  it('navigating away: the page writes nothing more, the next page sends it at once, one POST for its id', async () => {
    const context = await counting.newContext();
    const page = await open(context);
    const id = await choose(page, '7');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(counting.server.received.has(id)).toBe(false);

    // The same tab goes to the next page (pagehide fires, the keepalive send goes out without it).
    await page.goto(counting.server.page());
    // Long before the 5 minute hold: the tab that held it is gone, its Web Lock with it.
    await until(() => counting.server.stored.has(id), 15_000, 'the held score to reach the server');
    expect(counting.server.stored.get(id)).toMatchObject({ type: 'response', score: 7 });
    expect(counting.server.stored.get(id)).not.toHaveProperty('comment');
    await until(async () => (await queuedResponses(page)).length === 0, 10_000, 'the outbox to empty');
    // Give a second copy every chance to arrive: there is none.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(counting.server.received.get(id)).toBe(1);
  });

  it('closing the tab: the next visit sends it, one POST for its id', async () => {
    const context = await counting.newContext();
    const page = await open(context);
    const id = await choose(page, '3');
    await page.close({ runBeforeUnload: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(counting.server.received.has(id)).toBe(false);
    const next = await open(context);
    await until(() => counting.server.stored.has(id), 15_000, 'the held score to reach the server');
    await until(async () => (await queuedResponses(next)).length === 0, 10_000, 'the outbox to empty');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(counting.server.received.get(id)).toBe(1);
  });

  it('Send after choosing completes the same record: one POST for its id, with the comment', async () => {
    const context = await counting.newContext();
    const page = await open(context);
    const id = await choose(page, '9');
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    await dialog.getByRole('textbox').fill('kept together');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await until(() => counting.server.stored.has(id), 15_000, 'the answer to reach the server');
    expect(counting.server.stored.get(id)).toMatchObject({ score: 9, comment: 'kept together' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(counting.server.received.get(id)).toBe(1);
    expect([...counting.server.stored.values()].filter((r) => r.type === 'response')).toHaveLength(1);
  });
});
