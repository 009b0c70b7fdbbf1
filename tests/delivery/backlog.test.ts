// Promise: a long backlog, a wild clock and an impatient user cannot lose,
// reorder or duplicate an answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, settle } from '../../packages/core/test/helpers';
import { ledgerServer } from './ledgerServer';
import { answer, device, expectInvariants, readStore, runUntil, tab } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

const DAY = 86_400_000;
const YEAR = 365 * DAY;

describe('backlog', () => {
  it('a 10,000-record backlog drains in key (creation) order, none missing, none twice', { timeout: 120_000 }, async () => {
    const dev = device();
    const writer = tab(dev, { config: { delivery: { maxRecords: 10_000, maxBytes: 20_000_000 } } });
    ledger.otherwise({ status: 503 });
    await writer.client.ready;
    for (let i = 0; i < 5000; i++) await answer(writer.client, i % 11);
    await settle();
    writer.client.destroy();
    const queued = (await readStore(dev)).outbox.map(([id]) => id);
    expect(queued).toHaveLength(10_000);
    // Key order is creation order: the per-device sequence numbers rise along it.
    const seqs = (await readStore(dev)).outbox.map(([, entry]) => entry.record.seq);
    expect(seqs).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));

    // Long enough for every backoff the writer set to have passed.
    await dev.clock.advance(3600_000);
    ledger.reset();
    const t = tab(dev, { config: { delivery: { maxRecords: 10_000, maxBytes: 20_000_000 } } });
    expect(await t.client.flush()).toEqual({ status: 'empty' });
    expect(ledger.order).toEqual(queued);
    expect(ledger.seen.every((s) => s.ids.length <= 20)).toBe(true);
    expect([...ledger.received.values()].every((n) => n === 1)).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true, maxRecords: 10_000 });
    t.client.destroy();
  });
});

describe('clock', () => {
  it('jumping a year forward neither expires young records (under 3 attempts) nor stalls them', async () => {
    const dev = device();
    const t = tab(dev);
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const id = await answer(t.client, 6);
    await dev.clock.advance(YEAR);
    await settle();
    expect((await readStore(dev)).dead).toEqual([]);
    ledger.otherwise({});
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 3600_000, 60_000);
    expect(ledger.stored.has(id)).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('jumping two days back does not leave records waiting two days (retry times and leases are sanity-checked)', async () => {
    const dev = device();
    const first = tab(dev);
    ledger.otherwise({ status: 503 });
    await first.client.ready;
    const id = await answer(first.client, 6);
    await settle();
    first.client.destroy();
    // A new page after the clock went back two days.
    const earlier = { ...dev, clock: manualClock(dev.clock.now() - 2 * DAY) };
    ledger.otherwise({});
    const t = tab(earlier);
    await runUntil(earlier, async () => (await t.client.getDeliveryState()).pending === 0, 5 * 60_000, 10_000);
    expect(ledger.stored.has(id)).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('jumping two days back does not leave a dead tab\'s lease blocking its records for two days', async () => {
    const dev = device();
    const first = tab(dev);
    // The first page dies mid-send: its request never finishes, its lease stays in the store.
    ledger.otherwise({ wait: new Promise(() => undefined) });
    await first.client.ready;
    await answer(first.client, 6);
    await settle();
    expect((await readStore(dev)).outbox.some(([, e]) => e.leaseOwner !== null)).toBe(true);
    first.client.destroy();
    const earlier = { ...dev, clock: manualClock(dev.clock.now() - 2 * DAY) };
    ledger.otherwise({});
    const t = tab(earlier);
    await runUntil(earlier, async () => (await t.client.getDeliveryState()).pending + (await t.client.getDeliveryState()).inFlight === 0, 5 * 60_000, 10_000);
    expect(ledger.stored.size).toBe(2);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('records expire only after 30 days and at least 3 online attempts; offline attempts do not count', async () => {
    const dev = device();
    const t = tab(dev);
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    t.page.setOnline(false);
    await answer(t.client, 2);
    await dev.clock.advance(31 * 86_400_000);
    await settle();
    expect((await readStore(dev)).dead).toEqual([]);
    const attempts = (await readStore(dev)).outbox.map(([, e]) => e.attempts);
    expect(attempts.every((a) => a === 0)).toBe(true);
    t.page.setOnline(true);
    await runUntil(dev, async () => (await readStore(dev)).dead.length === 2, 3600_000, 60_000);
    const { dead } = await readStore(dev);
    expect(dead.map(([, l]) => l.reason)).toEqual([expect.stringMatching(/^expired after 3 attempts/), expect.stringMatching(/^expired after 3 attempts/)]);
    expect(t.errors.some((e) => e.code === 'delivery_failed')).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });
});

describe('the user', () => {
  it('double-clicking Send stores and delivers one answer', async () => {
    const dev = device();
    const t = tab(dev);
    await t.client.ready;
    t.client.show('nps');
    const clicks = [t.client.submit({ score: 10 }), t.client.submit({ score: 10 }), t.client.submit({ score: 10 })];
    await Promise.all(clicks);
    await t.client.flush();
    await settle();
    const responses = [...ledger.received.keys()].length;
    expect(responses).toBe(2); // one shown, one response
    expect((await readStore(dev)).outbox).toEqual([]);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });
});
