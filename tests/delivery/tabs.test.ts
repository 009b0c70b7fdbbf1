// Promise: several tabs on one device never lose an answer, and a record is
// sent by the tab that leased it; a dead or frozen tab's lease runs out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DrainLock, FakeBus, FakePlatformOptions } from '@hark/core/testing';
import { manualClock, settle } from '../../packages/core/test/helpers';
import { ledgerServer } from './ledgerServer';
import { answer, device, expectInvariants, readStore, runUntil, tab } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

/** An in-process Web Lock with ifAvailable semantics, and a BroadcastChannel, shared by the tabs of one test. */
function sharedTabs() {
  let held = false;
  let acquisitions = 0;
  const bus: FakeBus = new Set();
  const lock: DrainLock = {
    async tryRun(fn) {
      if (held) return { acquired: false };
      held = true;
      acquisitions += 1;
      try {
        return { acquired: true, value: await fn() };
      } finally {
        held = false;
      }
    },
  };
  const coordination = (): FakePlatformOptions => ({ lock, bus });
  return { coordination, acquisitions: () => acquisitions };
}

describe('many tabs', () => {
  it('5 tabs answering at once while the server fails every other request: every id stored once', { timeout: 30_000 }, async () => {
    const dev = device();
    const shared = sharedTabs();
    let n = 0;
    ledger.otherwise(() => (n++ % 2 === 0 ? { status: 503 } : {}));
    const tabs = Array.from({ length: 5 }, () => tab(dev, { tabs: shared.coordination() }));
    await Promise.all(tabs.map((t) => t.client.ready));
    await Promise.all(tabs.map(async (t) => {
      for (let i = 0; i < 4; i++) await answer(t.client, i);
    }));
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 3600_000, 60_000);
    expect(ledger.stored.size).toBe(40);
    expect(shared.acquisitions()).toBeGreaterThan(0);
    await expectInvariants(dev, ledger, tabs.flatMap((t) => t.errors), { final: true });
    tabs.forEach((t) => t.client.destroy());
  });

  it('without Web Locks, leases alone keep each record with one sender at a time', async () => {
    const dev = device();
    const tabs = Array.from({ length: 3 }, () => tab(dev));
    await Promise.all(tabs.map((t) => t.client.ready));
    await Promise.all(tabs.map((t) => answer(t.client, 5)));
    await Promise.all(tabs.map((t) => t.client.flush()));
    await settle();
    expect(ledger.stored.size).toBe(6);
    // Each id was sent once: no two tabs sent the same leased record.
    expect([...ledger.received.values()].every((count) => count === 1)).toBe(true);
    await expectInvariants(dev, ledger, tabs.flatMap((t) => t.errors), { final: true });
    tabs.forEach((t) => t.client.destroy());
  });

  it('a frozen tab that holds the drain lock and a lease: another tab takes its records over; a late 2xx harms nothing', async () => {
    const dev = device();
    const shared = sharedTabs();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    ledger.then({ wait: gate, store: true });
    // Its own clock, which never moves: the frozen tab's timeout never fires, so it never lets go of the lock.
    const frozen = tab({ ...dev, clock: manualClock(dev.clock.now()) }, { tabs: shared.coordination() });
    await frozen.client.ready;
    await answer(frozen.client, 1);
    await settle();
    const leased = (await readStore(dev)).outbox.filter(([, e]) => e.leaseOwner !== null).map(([id]) => id);
    expect(leased.length).toBeGreaterThan(0);
    // The frozen tab's timers never fire again; only the other tab's clock moves.
    frozen.client.destroy();
    const other = tab(dev, { tabs: shared.coordination() });
    await other.client.ready;
    // Refused the lock: the other tab waits for the holder rather than racing it...
    expect(await other.client.flush()).toMatchObject({ status: 'scheduled' });
    expect(leased.every((id) => !ledger.stored.has(id))).toBe(true);
    await runUntil(dev, async () => (await readStore(dev)).outbox.length === 0, 120_000, 5_000);
    expect(leased.every((id) => ledger.stored.has(id))).toBe(true);
    release();
    await settle();
    await expectInvariants(dev, ledger, [...frozen.errors, ...other.errors], { final: true });
    other.client.destroy();
  });

  it('back from the back/forward cache, a tab re-reads the store and sends what another tab left', async () => {
    const dev = device();
    let restore = () => undefined as void;
    const cached = tab(dev, { tabs: { onRestore: (fn) => ((restore = fn), () => undefined) } });
    await cached.client.ready;
    expect(await cached.client.flush()).toEqual({ status: 'empty' });
    // Meanwhile another tab saved an answer and closed before it could send it.
    const other = tab(dev, { env: { fetch: () => Promise.reject(new TypeError('Failed to fetch')) } });
    const id = await answer(other.client, 3);
    other.client.destroy();
    expect(ledger.stored.has(id)).toBe(false);
    // Its record waits out the other tab's backoff; only a tab that re-read the store has a timer for it.
    await dev.clock.advance(60_000);
    expect(ledger.stored.has(id)).toBe(false);
    restore();
    await settle();
    await dev.clock.advance(2_000);
    expect(ledger.stored.has(id)).toBe(true);
    expect((await readStore(dev)).outbox).toEqual([]);
    cached.client.destroy();
  });

  it('a frozen tab that wakes up to a failure does not take back a lease another tab now holds', async () => {
    const dev = device();
    let failA!: () => void;
    ledger.then({ wait: new Promise<void>((resolve) => (failA = resolve)), status: 503 }, { wait: new Promise(() => undefined) });
    // The frozen tab has its own clock, which never moves: its timers are frozen with it.
    const frozen = tab({ ...dev, clock: manualClock(dev.clock.now()) });
    await frozen.client.ready;
    frozen.client.show('nps');
    frozen.client.displayed(frozen.client.getState().activePrompt!.id);
    await settle();
    expect(ledger.seen.length + (await readStore(dev)).outbox.filter(([, e]) => e.leaseOwner).length).toBeGreaterThan(0);
    await dev.clock.advance(31_000);
    const other = tab(dev);
    await other.client.ready;
    await settle();
    expect(await other.client.getDeliveryState()).toMatchObject({ inFlight: 1 });
    const owner = (await readStore(dev)).outbox[0]![1].leaseOwner;
    // The frozen tab thaws and hears 503 for the request it sent long ago.
    failA();
    await settle();
    expect((await readStore(dev)).outbox[0]![1].leaseOwner).toBe(owner);
    expect(await other.client.getDeliveryState()).toMatchObject({ inFlight: 1, pending: 0 });
    frozen.client.destroy();
    other.client.destroy();
  });
});
