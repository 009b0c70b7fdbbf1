// Promise: whatever the server answers, an accepted answer is stored once or
// dead-lettered with a reason, and nothing leaves the queue before a 2xx.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { settle } from '../../packages/core/test/helpers';
import { ledgerServer } from './ledgerServer';
import { answer, device, expectInvariants, readStore, runUntil, tab } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

/** A device with one tab that has answered `n` prompts while the server said `first`. */
async function answered(n: number, ...first: Parameters<typeof ledger.then>) {
  ledger.then(...first);
  const dev = device();
  const t = tab(dev);
  await t.client.ready;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await answer(t.client, i % 11));
  await settle();
  return { dev, t, ids };
}

describe('the server fails, then recovers', () => {
  it('500 then 200: kept, retried with the same ids after backoff, then deleted', async () => {
    const { dev, t, ids } = await answered(1, { status: 500 });
    expect(ledger.seen[0]!.status).toBe(500);
    const state = await t.client.getDeliveryState();
    expect(state.pending).toBe(2);
    expect(state.nextAttemptAt).toBe(dev.clock.now() + 1500); // base 2 s · 2^0 · 0.75
    await dev.clock.advance(1499);
    expect(ledger.seen).toHaveLength(1);
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 500);
    expect(ledger.stored.has(ids[0]!)).toBe(true);
    expect(ledger.seen[0]!.ids).toEqual(expect.arrayContaining(ledger.seen[1]!.ids));
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it.each([
    ['seconds', '7', 7000],
    ['an HTTP date', new Date(Date.parse('2026-11-24T12:00:00.000Z') + 42_000).toUTCString(), 42_000],
    ['garbage (backoff applies)', 'soon-ish', 1500],
  ])('503 with Retry-After as %s waits exactly that long', async (_label, header, waitMs) => {
    const { dev, t } = await answered(1, { status: 503, headers: { 'Retry-After': header } });
    const state = await t.client.getDeliveryState();
    expect(state.nextAttemptAt! - dev.clock.now()).toBe(waitMs);
    await dev.clock.advance(waitMs - 1);
    expect(ledger.seen).toHaveLength(1);
    await dev.clock.advance(1);
    await settle();
    expect(ledger.seen.length).toBeGreaterThan(1);
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('a 429 storm: one probe per wait (at least 60 s without Retry-After), nothing lost', async () => {
    ledger.otherwise({ status: 429 });
    const { dev, t } = await answered(5);
    expect(ledger.seen).toHaveLength(1);
    await dev.clock.advance(59_999);
    expect(ledger.seen).toHaveLength(1);
    for (let i = 0; i < 10; i++) await dev.clock.advance(60_000);
    // While failing only the head record is sent, as a probe.
    expect(ledger.seen.slice(1).every((s) => s.ids.length === 1)).toBe(true);
    expect(ledger.seen.length).toBeLessThanOrEqual(11);
    await expectInvariants(dev, ledger, t.errors, { final: false });
    ledger.otherwise({});
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 3600_000, 60_000);
    expect(ledger.stored.size).toBe(10);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('the server stores the batch then drops the connection: the retry carries the same ids and key', async () => {
    const { dev, t } = await answered(2, { store: true, drop: true });
    const first = ledger.seen[0]!;
    expect(first.status).toBe('dropped');
    expect((await readStore(dev)).outbox.map(([id]) => id)).toEqual(expect.arrayContaining(first.ids));
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    const replay = ledger.seen.find((s, i) => i > 0 && s.ids.includes(first.ids[0]!))!;
    expect(replay.ids[0]).toBe(first.ids[0]);
    expect(ledger.received.get(first.ids[0]!)).toBe(2);
    expect(ledger.stored.size).toBe(4);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('a timeout (15 s) then a late success: kept, and the retry is stored once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { dev, t } = await answered(1, { wait: gate });
    await dev.clock.advance(14_999);
    expect((await t.client.getDeliveryState()).inFlight).toBe(2);
    await dev.clock.advance(1);
    const state = await t.client.getDeliveryState();
    expect(state).toMatchObject({ pending: 2, inFlight: 0 });
    // The server finishes the abandoned request after all.
    release();
    await settle();
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    expect([...ledger.stored.keys()]).toHaveLength(2);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });
});

describe('the server refuses', () => {
  it('an always-400 record is dead-lettered and reported while the rest of the queue is delivered', async () => {
    let poison = '';
    ledger.otherwise((ids) => (ids.includes(poison) ? { status: 400 } : {}));
    ledger.then({ status: 503 });
    const { dev, t, ids } = await answered(3);
    poison = ids[1]!;
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    const { dead } = await readStore(dev);
    expect(dead.map(([id, letter]) => [id, letter.reason])).toEqual([[poison, 'HTTP 400']]);
    expect(ledger.stored.size).toBe(5);
    expect(t.errors.find((e) => e.code === 'delivery_rejected')?.details).toMatchObject({ status: 400, records: [{ id: poison }] });
    expect((await t.client.getDeliveryState()).deadLettered).toBe(1);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('413 halves the batch down to one record; a single record still 413 is dead-lettered', async () => {
    let big = '';
    ledger.otherwise((ids) => (ids.length > 2 || ids.includes(big) ? { status: 413 } : {}));
    ledger.then({ status: 503 });
    const { dev, t, ids } = await answered(4);
    big = ids[2]!;
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    // Every 413 on n > 1 records is followed by a batch of n/2; the big record ends up alone.
    const seen = ledger.seen.slice(1);
    seen.forEach((s, i) => {
      if (s.status === 413 && s.ids.length > 1) expect(seen[i + 1]!.ids.length).toBe(Math.floor(s.ids.length / 2));
    });
    expect(seen.some((s) => s.status === 413 && s.ids.length > 2)).toBe(true);
    expect(seen.filter((s) => s.ids.includes(big)).at(-1)).toMatchObject({ ids: [big], status: 413 });
    expect((await readStore(dev)).dead.map(([id, l]) => [id, l.reason])).toEqual([[big, 'HTTP 413: record too large for the endpoint']]);
    expect(ledger.stored.size).toBe(7);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('401 pauses the whole queue and keeps every record until a later probe succeeds', async () => {
    ledger.otherwise({ status: 401 });
    const { dev, t } = await answered(3);
    expect(await t.client.flush()).toMatchObject({ status: 'paused' });
    expect(t.errors.find((e) => e.code === 'delivery_paused')).toMatchObject({ field: 'headers' });
    const requests = ledger.seen.length;
    await dev.clock.advance(4 * 60_000);
    expect(ledger.seen.length).toBe(requests);
    expect((await readStore(dev)).outbox).toHaveLength(6);
    expect(await t.client.getDeliveryState()).toMatchObject({ paused: true, pending: 6, deadLettered: 0 });
    // The key is fixed on the server side: the next probe gets through and the queue drains.
    ledger.otherwise({});
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 3600_000, 60_000);
    expect(ledger.stored.size).toBe(6);
    expect((await t.client.getDeliveryState()).paused).toBe(false);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('a dead letter whose page closed before it could report it is reported by the next page', async () => {
    let answer400!: () => void;
    ledger.otherwise({ wait: new Promise<void>((resolve) => (answer400 = resolve)), status: 400 });
    const dev = device();
    const first = tab(dev);
    await first.client.ready;
    first.client.show('nps');
    // The UI says it is on screen: its `shown` record is the one the server refuses.
    first.client.displayed(first.client.getState().activePrompt!.id);
    await settle();
    first.client.destroy();
    answer400();
    await settle();
    const { dead } = await readStore(dev);
    expect(dead).toHaveLength(1);
    expect(first.errors.some((e) => e.code === 'delivery_rejected')).toBe(false);
    ledger.otherwise({});
    // The next page's start finds the unreported letter (its outbox is empty) and reports it, unasked.
    const next = tab(dev);
    await next.client.ready;
    await vi.waitFor(() => expect(next.errors.find((e) => e.code === 'delivery_failed')?.details).toMatchObject({ records: [{ id: dead[0]![0], reason: 'HTTP 400' }] }));
    // Reported once: a third page does not report it again.
    const third = tab(dev);
    await third.client.flush();
    expect(third.errors).toEqual([]);
    await expectInvariants(dev, ledger, next.errors, { final: true });
    next.client.destroy();
    third.client.destroy();
  });

  it.each([404, 405, 410, 415, 422, 501, 505, 511])('%i dead-letters the record and reports it', async (status) => {
    ledger.otherwise({ status });
    const { dev, t } = await answered(1);
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    expect((await readStore(dev)).dead.map(([, l]) => l.reason)).toEqual([`HTTP ${status}`, `HTTP ${status}`]);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });
});
