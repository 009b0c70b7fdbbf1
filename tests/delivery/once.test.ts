// Promise: each record on the wire once. No send starts for a record another send holds: the
// `online` probe, the drain, the page-hide send (fired by both `visibilitychange` and
// `pagehide`), another tab, or a page that closed mid-send (whose hold lives in localStorage
// until its lease ends). A record goes again only after a failure or once that lease ended.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchSchema } from '@hark/core/schema';
import type { HarkStorage } from '@hark/core/testing';
import { openIdbStorage } from '../../packages/core/src/storage/idbStorage';
import { settle } from '../../packages/core/test/helpers';
import { fakeLocalStorage } from './fakeLocalStorage';
import { faultyStorage } from './faultyStorage';
import { ledgerServer } from './ledgerServer';
import { answer, device, readStore, runUntil, tab, type Device } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

/** POSTs per id from now on (ids sent since). */
function countFrom() {
  const before = new Map(ledger.received);
  return () => new Map([...ledger.received].map(([id, n]) => [id, n - (before.get(id) ?? 0)] as const).filter(([, n]) => n > 0));
}

/** A request gate: requests wait at it until `open()`. */
function gate() {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** A device's storage whose work can be stopped for good, as a closing page's IndexedDB callbacks stop. */
function closable(dev: Device) {
  let closed = false;
  return {
    open: async (): Promise<HarkStorage> => {
      const inner = faultyStorage(await openIdbStorage({ factory: dev.factory }), {}, dev.log);
      return { ...inner, transaction: (mode, fn) => (closed ? new Promise<never>(() => undefined) : inner.transaction(mode, fn)) };
    },
    close: () => (closed = true),
  };
}

/** Two records (shown and the answer) waiting out a backoff after a 503. */
async function waiting(t: ReturnType<typeof tab>) {
  ledger.otherwise({ status: 503 });
  await t.client.ready;
  const id = await answer(t.client, 7);
  await settle();
  expect(await t.client.getDeliveryState()).toMatchObject({ pending: 2, inFlight: 0 });
  ledger.otherwise({});
  return id;
}

describe('each record on the wire once', () => {
  it('visibilitychange and pagehide both fire: one page-hide send for the batch', async () => {
    const dev = device();
    const t = tab(dev);
    await waiting(t);
    const posts = countFrom();
    const slow = gate();
    ledger.otherwise({ wait: slow.wait });
    t.page.hide();
    t.page.hide();
    await settle();
    slow.open();
    await settle();
    expect([...posts().values()]).toEqual([1, 1]);
    expect((await readStore(dev)).outbox).toEqual([]);
    t.client.destroy();
  });

  it('offline, then online and hidden at once: the page-hide send leaves out the probe’s record', async () => {
    const dev = device();
    const t = tab(dev);
    await t.client.ready;
    t.page.setOnline(false);
    ledger.otherwise({ drop: true });
    await answer(t.client, 2);
    await settle();
    const posts = countFrom();
    // Back online: the probe (one record) goes and gets no answer yet; the page is hidden meanwhile.
    const slow = gate();
    ledger.otherwise({ wait: slow.wait });
    t.page.setOnline(true);
    await runUntil(dev, () => posts().size > 0, 60_000, 250);
    expect([...posts().values()]).toEqual([1]);
    t.page.hide();
    t.page.hide();
    await settle();
    slow.open();
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    expect([...posts().values()]).toEqual([1, 1]);
    expect(ledger.stored.size).toBe(2);
    t.client.destroy();
  });

  it('a page closed during its page-hide send: the next page leaves those records alone until the lease ends, then sends them once', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const tabs = { localStorage: () => local };
    const storage = closable(dev);
    const closing = tab(dev, { tabs, openStorage: storage.open });
    await waiting(closing);
    const posts = countFrom();
    // The keepalive request leaves; the page is gone before it can lease anything in IndexedDB or hear the answer.
    closing.page.hide();
    storage.close();
    await settle();
    expect([...posts().values()]).toEqual([1, 1]);
    expect((await readStore(dev)).outbox.every(([, entry]) => entry.leaseOwner === null)).toBe(true);
    closing.client.destroy();

    const next = tab(dev, { tabs });
    await next.client.ready;
    await next.client.flush();
    expect(await next.client.getDeliveryState()).toMatchObject({ pending: 0, inFlight: 2 });
    // Not before the page-hide send's lease (hideLeaseMs, 60 s) ends, though asked to send meanwhile...
    await dev.clock.advance(30_000);
    await next.client.flush();
    await dev.clock.advance(29_000);
    expect([...posts().values()]).toEqual([1, 1]);
    // ...nor leased to the next page meanwhile: nothing of it is under way there.
    expect((await readStore(dev)).outbox.map(([, entry]) => entry.leaseOwner)).toEqual([null, null]);
    // ...then once: the closed page never heard whether its send arrived.
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 60_000, 1000);
    expect([...posts().values()]).toEqual([2, 2]);
    next.client.destroy();
  });

  it('hidden while the browser knows it is offline: no page-hide send, so nothing holds the records from the next page', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const tabs = { localStorage: () => local };
    const leaving = tab(dev, { tabs });
    await leaving.client.ready;
    leaving.page.setOnline(false);
    ledger.otherwise({ drop: true });
    await answer(leaving.client, 3);
    await settle();
    const posts = countFrom();
    leaving.page.hide();
    await settle();
    expect(posts().size).toBe(0);
    leaving.client.destroy();
    ledger.otherwise({});
    const next = tab(dev, { tabs });
    await next.client.ready;
    // Within the backoff the offline tries left, far short of a page-hide lease.
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 10_000, 500);
    expect([...posts().values()]).toEqual([1, 1]);
    next.client.destroy();
  });

  it('a page-hide send while a claim is under way: the drain leaves what the hide send took to it', async () => {
    const dev = device();
    let held: ReturnType<typeof gate> | null = null;
    let waitingAtGate = false;
    const t = tab(dev, {
      openStorage: async () => {
        const inner = faultyStorage(await openIdbStorage({ factory: dev.factory }), {}, dev.log);
        return {
          ...inner,
          // A claim (it leases outbox records) commits, then its caller hears of it only when the gate opens.
          transaction: async (mode, fn) => {
            let claim = false;
            const result = await inner.transaction(mode, (tx) =>
              fn({ ...tx, put: (area, key, value) => ((claim ||= area === 'outbox' && !!(value as { leaseOwner?: unknown }).leaseOwner), tx.put(area, key, value)) }),
            );
            if (held && claim) {
              waitingAtGate = true;
              await held.wait;
            }
            return result;
          },
        };
      },
    });
    await waiting(t);
    const posts = countFrom();
    held = gate();
    // The backoff ends: the drain claims (and commits its lease), but has not sent yet...
    for (let i = 0; i < 100 && !waitingAtGate; i++) await dev.clock.advance(250);
    expect(waitingAtGate).toBe(true);
    expect([...posts().values()]).toEqual([]);
    // ...when the page is hidden: the hide send goes first.
    t.page.hide();
    await settle();
    held.open();
    held = null;
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 60_000, 1000);
    expect([...posts().values()]).toEqual([1, 1]);
    t.client.destroy();
  });

  it('two tabs: records another tab has on the wire, or delivered, are not in this tab’s page-hide send', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const tabs = () => ({ localStorage: () => local });
    // This tab's requests never get an answer: its drain is stuck on its first send (the shown record).
    const tried: string[][] = [];
    let reachable = false;
    const hang = (url: string, init?: RequestInit) => {
      tried.push(BatchSchema.parse(JSON.parse(String(init?.body))).records.map((record) => record.id));
      return reachable ? fetch(url, init) : new Promise<Response>(() => undefined);
    };
    const stuck = tab(dev, { tabs: tabs(), env: { fetch: hang as typeof fetch } });
    await stuck.client.ready;
    stuck.client.show('nps');
    stuck.client.displayed(stuck.client.getState().activePrompt!.id);
    await settle();
    expect(await stuck.client.getDeliveryState()).toMatchObject({ inFlight: 1 });
    const shown = tried[0]![0]!;
    let id = '';
    stuck.client.on('answered', ({ record }) => (id = record.id));
    await stuck.client.submit({ score: 1 });
    await settle();
    const slow = gate();
    ledger.otherwise({ wait: slow.wait });
    const other = tab(dev, { tabs: tabs() });
    await other.client.ready;
    void other.client.flush();
    await settle();
    const posts = countFrom();
    expect(ledger.received.get(id)).toBe(1);
    // The other tab's send of the answer is on the wire, this tab's of the shown record too: hiding sends neither.
    stuck.page.hide();
    await settle();
    slow.open();
    await settle();
    stuck.page.hide();
    await settle();
    expect([...posts().values()].every((n) => n === 0)).toBe(true);
    expect(tried).toEqual([[shown]]);
    // The network comes back for this tab: its send of the shown record times out and goes again. Long
    // after, every mark has ended, and this tab has learnt from its own drains that both records are gone.
    reachable = true;
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 10 * 60_000, 5000);
    await dev.clock.advance(10 * 60_000);
    const later = countFrom();
    const before = tried.length;
    stuck.page.hide();
    await settle();
    expect([...later().values()].every((n) => n === 0)).toBe(true);
    expect(tried.length).toBe(before);
    expect(ledger.received.get(id)).toBe(1);
    for (const t of [stuck, other]) t.client.destroy();
  });

  it('the page-hide lease outlasts a send timeout grown to its cap', { timeout: 30_000 }, async () => {
    const dev = device();
    // An endpoint that never answers: every drain send times out, and the timeout grows 1 → 2 → 4 → 8 s.
    ledger.otherwise({ wait: new Promise(() => undefined) });
    const t = tab(dev, { config: { delivery: { timeoutMs: 1000, timeoutCapMs: 8000, leaseMs: 3000, hideLeaseMs: 2000, backoffBaseMs: 500, backoffCapMs: 1000 } } });
    await t.client.ready;
    await answer(t.client, 9);
    await runUntil(dev, () => t.errors.some((e) => e.code === 'slow_endpoint' && (e.details as { nextTimeoutMs: number }).nextTimeoutMs === 8000), 120_000, 250);
    await runUntil(dev, async () => (await t.client.getDeliveryState()).inFlight === 0, 30_000, 50);
    const now = dev.clock.now();
    t.page.hide();
    await settle();
    const leases = (await readStore(dev)).outbox.map(([, entry]) => (entry as unknown as { leaseUntil: number }).leaseUntil - now);
    expect(leases.length).toBeGreaterThan(0);
    // Its request may wait 8 s for an answer: no other tab may send these records meanwhile.
    for (const lease of leases) expect(lease).toBeGreaterThan(8000);
    t.client.destroy();
  });
});
