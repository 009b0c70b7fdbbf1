// The script tag's delivery code (the record keeper, outbox and sending) is a file of its own,
// hark-delivery.min.js, compiled lazily. The prompt does not wait for it: it follows the UI chunk once
// the UI's first frame is painted, and a prompt's `shown` asks for it too, so it never competes with
// that frame. An answer given before it has come waits for it, and the thank-you only follows the
// stored answer. A returning page fetches it at start only when its outbox holds records. When it
// cannot be fetched the failure is reported, and the next need fetches it again.
import type { BrowserContext, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { answerThroughPrompt, openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

const DELIVERY_FILE = /\/hark-delivery\.min\.js$/;
const hasDeliveryCode = () => Object.getOwnPropertySymbols(window).some((key) => key.description?.startsWith('hark.delivery@'));

/** The names of Hark's files the context asks for, in order. */
function filesAsked(context: BrowserContext): string[] {
  const files: string[] = [];
  context.on('request', (request) => {
    const file = /\/(hark[^/]*\.min\.js)$/.exec(new URL(request.url()).pathname)?.[1];
    if (file) files.push(file);
  });
  return files;
}

/** Serves the delivery file 2 s late; `served()` says whether it has gone out yet. */
async function slowDeliveryFile(context: BrowserContext): Promise<{ served(): boolean }> {
  let served = false;
  await context.route(DELIVERY_FILE, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    served = true;
    await route.continue();
  });
  return { served: () => served };
}

/** Opens the page and fires the survey's event; resolves with its prompt on screen. */
async function promptOn(context: BrowserContext) {
  const host = await openHostPage(context, counting.server, {});
  await host.page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
  const dialog = host.page.getByRole('dialog').filter({ has: host.page.getByRole('radiogroup') });
  await dialog.waitFor();
  return { host, dialog };
}

describe('hark-delivery.min.js', () => {
  it('does not hold the prompt back; an answer given before it came is stored once it comes, thanked only then, and each record arrives once', async () => {
    const context = await counting.newContext();
    const files = filesAsked(context);
    // The delivery file is slow to come: the prompt shows without it.
    const file = await slowDeliveryFile(context);
    const { host, dialog } = await promptOn(context);
    expect(file.served()).toBe(false);
    // Asked for once the prompt was on screen.
    await waitFor(() => files.includes('hark-delivery.min.js'), 'the delivery file to be asked for');

    await dialog.getByRole('radio', { name: '8', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    expect(file.served()).toBe(true);
    const [id] = await host.answered();
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the answer and its shown record at the endpoint');
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 8 });
    expect(files.filter((file) => file === 'hark-delivery.min.js')).toHaveLength(1);
    expect(await host.errors()).toEqual([]);
    expect(host.pageErrors).toEqual([]);
  });

  it('a score chosen and the prompt closed before it came: the score is the answer once it comes, and no dismissal is recorded', async () => {
    const context = await counting.newContext();
    const file = await slowDeliveryFile(context);
    const { host, dialog } = await promptOn(context);
    await dialog.getByRole('radio', { name: '9', exact: true }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(file.served()).toBe(false);
    await waitFor(() => counting.server.stored.size === 2, 'the shown record and the answer at the endpoint');
    expect([...counting.server.stored.values()].map((record) => [record.type, record.type === 'response' ? record.score : null]).sort()).toEqual([
      ['response', 9],
      ['shown', null],
    ]);
    await host.page.waitForTimeout(1000);
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(await host.page.getByRole('dialog').count()).toBe(0);
    expect(await host.errors()).toEqual([]);
  });

  it('an inline score chosen before it came survives a route change: it stays chosen, Send stores it once it comes, and each record arrives once', async () => {
    const context = await counting.newContext();
    const file = await slowDeliveryFile(context);
    const host = await openHostPage(context, counting.server, {
      config: { surveys: [{ id: 'docs', kind: 'csat', question: 'Did this page help?', triggers: [{ on: 'event', event: 'never' }] }] },
    });
    await host.page.evaluate(() => {
      const footer = document.createElement('footer');
      document.body.append(footer);
      (window as unknown as { hark: { mountSurvey(el: Element, id: string): void } }).hark.mountSurvey(footer, 'docs');
    });
    const survey = host.page.locator('footer').getByRole('dialog', { name: 'Did this page help?' });
    await survey.getByRole('radio', { name: '4' }).click();
    // The app moves to another route while the choice waits for the delivery code; the survey stays in the footer.
    await host.page.evaluate(() => history.pushState({}, '', '/docs/next'));
    expect(file.served()).toBe(false);
    await waitFor(file.served, 'the delivery file');
    await expect.poll(() => survey.getByRole('radio', { name: '4' }).getAttribute('aria-checked')).toBe('true');
    await survey.getByRole('button', { name: 'Send' }).click();
    await host.page.locator('footer').getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await waitFor(() => counting.server.stored.size === 2, 'the shown record and the answer at the endpoint');
    expect([...counting.server.stored.values()].map((record) => [record.type, record.type === 'response' ? record.score : null]).sort()).toEqual([
      ['response', 4],
      ['shown', null],
    ]);
    await host.page.waitForTimeout(1000);
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(await host.errors()).toEqual([]);
    expect(host.pageErrors).toEqual([]);
  });

  it('offline with the prompt on screen once it has come: the answer is kept and sent once the network is back, each record once', async () => {
    const context = await counting.newContext();
    const { host, dialog } = await promptOn(context);
    await host.page.waitForFunction(hasDeliveryCode);

    await context.setOffline(true);
    await dialog.getByRole('radio', { name: '8', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    // The `shown` record may have gone before the network did; the answer cannot have.
    expect(counting.server.stored.has(id!)).toBe(false);
    await context.setOffline(false);
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the answer and its shown record at the endpoint');
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 8 });
    expect(await host.errors()).toEqual([]);
  });

  it('a returning page with nothing queued sends nothing at start: its delivery code comes only after the UI chunk has run', async () => {
    const context = await counting.newContext();
    const files = filesAsked(context);
    const host = await openHostPage(context, counting.server, {});
    // Answered and delivered: nothing is left queued.
    await answerThroughPrompt(host.page, 9);
    await waitFor(async () => (await host.answered()).length === 1, 'the answer to be stored');
    await waitFor(() => counting.server.stored.size === 2, 'the answer and its shown record at the endpoint');
    expect(await host.page.evaluate(() => (window as unknown as { hark: { flush(): Promise<{ status: string }> } }).hark.flush())).toMatchObject({ status: 'empty' });

    // The next page: nothing queued, and its survey targets another page, so its UI comes only on idle. A start
    // that sent would fetch the delivery code at once, before the UI; here it follows the UI.
    files.length = 0;
    const next = await openHostPage(context, counting.server, {
      config: { surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend Acme?', targeting: { urls: ['/elsewhere'] }, triggers: [{ on: 'event', event: 'done' }] }] },
    });
    await next.page.waitForFunction(hasDeliveryCode);
    expect(files).toEqual(['hark.min.js', 'hark-ui.min.js', 'hark-delivery.min.js']);
    expect(await next.errors()).toEqual([]);
    expect(await host.errors()).toEqual([]);
  });

  it('a returning page, whose UI comes from the cache before storage has opened, asks for it only once its prompt is on screen', async () => {
    const context = await counting.newContext();
    const surveys = (id: string) => ({ recontactDays: 0, surveys: [{ id, kind: 'nps', triggers: [{ on: 'pageview' }] }] });
    const first = await openHostPage(context, counting.server, { config: surveys('first') });
    await first.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await waitFor(() => counting.server.stored.size === 2, 'the first visit’s shown and dismissed records');
    await first.page.close();

    // Storage opens 400 ms late, as on a busy device; the page notes the first frame that shows the prompt.
    const seen = `const success = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess');
      Object.defineProperty(IDBOpenDBRequest.prototype, 'onsuccess', { configurable: true, get() { return success.get.call(this); },
        set(fn) { success.set.call(this, (event) => setTimeout(() => fn.call(this, event), 400)); } });
      window.__promptSeenAt = null;
      const look = () => { const el = document.querySelector('hark-root')?.shadowRoot?.querySelector('[role=dialog]');
        if (el && el.getBoundingClientRect().height > 0) window.__promptSeenAt = performance.now(); else requestAnimationFrame(look); };
      requestAnimationFrame(look);`;
    const files = filesAsked(context);
    const second = await openHostPage(context, counting.server, { config: surveys('second'), before: seen });
    await second.page.getByRole('dialog').getByRole('radiogroup').waitFor();
    await waitFor(() => files.includes('hark-delivery.min.js'), 'the delivery file to be asked for');
    const { seenAt, askedAt } = await second.page.evaluate(() => ({
      seenAt: (window as unknown as { __promptSeenAt: number | null }).__promptSeenAt,
      askedAt: performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/hark-delivery.min.js'))?.startTime,
    }));
    expect(seenAt).not.toBeNull();
    expect(askedAt).toBeGreaterThan(seenAt!);
    expect(await second.errors()).toEqual([]);
  });

  it('a returning page whose outbox holds what an earlier page could not send fetches it at start and sends each record once', async () => {
    const context = await counting.newContext();
    const files = filesAsked(context);
    // The endpoint cannot be reached: the answer stays queued, through a reload too.
    const refuse = (route: Route) => route.abort('connectionfailed');
    await context.route(/\/v1\/records/, refuse);
    const host = await openHostPage(context, counting.server, {});
    await answerThroughPrompt(host.page, 3);
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();

    files.length = 0;
    await host.page.reload();
    await waitFor(() => files.includes('hark-delivery.min.js'), 'the delivery file to be fetched at start');
    expect(await host.page.getByRole('dialog').count()).toBe(0);
    await context.unroute(/\/v1\/records/, refuse);
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the queued answer and its shown record at the endpoint');
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 3 });
  });

  it('refused while the prompt is on screen: the prompt stays, the failure is reported once, and the answer fetches it again: shown and answer arrive once each', async () => {
    const context = await counting.newContext();
    let refusing = true;
    let requests = 0;
    await context.route(DELIVERY_FILE, async (route) => {
      requests += 1;
      if (refusing) await route.abort('connectionfailed');
      else await route.continue();
    });
    const { host, dialog } = await promptOn(context);
    // Asked for after the UI's first frame and for the prompt's shown record: each fetch fails, and that is reported once.
    await waitFor(async () => (await host.errors()).length > 0, 'the failed fetch to be reported');
    await host.page.waitForTimeout(500);
    expect(await host.errors()).toEqual([expect.objectContaining({ code: 'ui_unavailable', field: 'uiUrl', details: expect.objectContaining({ url: expect.stringContaining('hark-delivery.min.js') }) })]);
    const refused = requests;
    expect(refused).toBeGreaterThan(0);

    refusing = false;
    await dialog.getByRole('radio', { name: '3', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the answer and the shown record at the endpoint');
    expect(requests).toBe(refused + 1);
    expect([...counting.server.stored.values()].map((record) => record.type).sort()).toEqual(['response', 'shown']);
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(await host.errors()).toHaveLength(1);
  });
});
