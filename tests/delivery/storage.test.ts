// Promise: when storage misbehaves, an answer is either refused before the
// user is thanked, or kept (IndexedDB, else localStorage, else memory) and
// delivered with the same id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HarkStorage } from '@hark/core/testing';
import { openIdbStorage } from '../../packages/core/src/storage/idbStorage';
import { settle } from '../../packages/core/test/helpers';
import { fakeLocalStorage } from './fakeLocalStorage';
import { faultyStorage } from './faultyStorage';
import { ledgerServer } from './ledgerServer';
import { answer, device, expectInvariants, readStore, runUntil, tab, type Device } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const drained = (t: ReturnType<typeof tab>) => async () => (await t.client.getDeliveryState()).pending === 0;
/** How many requests carrying `id` the endpoint answered 2xx: more than one means a send repeated a delivered record. */
const acks = (id: string) => ledger.seen.filter((seen) => seen.status === 200 && seen.ids.includes(id)).length;

/** A quota error as Chromium raises it: the name says what happened, the message is empty. */
const emptyQuota = () => new DOMException('', 'QuotaExceededError');
/** Refuses every new record IndexedDB is asked to keep (a full disk), nothing else. */
const refuseNew = (area: string, _key: string, value: unknown) =>
  area === 'outbox' && (value as { attempts: number }).attempts === 0 && !(value as { leaseOwner: unknown }).leaseOwner ? emptyQuota() : null;

describe('quota errors', () => {
  it('on save: the answer, and what IndexedDB held, move to localStorage; delivered once, reported with the cause named', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const t = tab(dev, { tabs: { localStorage: () => local } });
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const first = await answer(t.client, 3);
    await settle();
    dev.faults.failPut = refuseNew;
    const second = await answer(t.client, 8);
    expect(t.client.getState().activePrompt).toBeNull();
    expect(t.errors.find((e) => e.code === 'storage_unavailable')?.message).toMatch(/IndexedDB failed \(QuotaExceededError\); answers are kept in localStorage/);
    expect(t.errors.every((e) => /\[hark\] \S/.test(e.message))).toBe(true);
    // Everything queued moved: nothing is left in IndexedDB to be sent a second time later.
    expect((await readStore(dev)).outbox).toEqual([]);
    expect(local.getItem(`hark:outbox:${first}`)).not.toBeNull();
    expect(local.getItem(`hark:outbox:${second}`)).not.toBeNull();
    ledger.otherwise({});
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(first) && ledger.stored.has(second)).toBe(true);
    // Every send before the last failed (503); after it, nothing went again.
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1, 1, 1]);
    t.client.destroy();
  });

  it('on save with nothing durable left, online: the answer is sent before the thank-you, once', async () => {
    const dev = device();
    const t = tab(dev);
    await t.client.ready;
    dev.faults.failPut = refuseNew;
    t.client.show('nps');
    let thanked = false;
    const saving = t.client.submit({ score: 8 }).then(() => (thanked = true));
    // The thank-you waits for the endpoint: memory ends with the page.
    expect(thanked).toBe(false);
    await saving;
    expect(t.client.getState().activePrompt?.phase).toBe('thanks');
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'memory', pending: 0, inFlight: 0 });
    expect(ledger.stored.size).toBe(2);
    expect([...ledger.received.values()]).toEqual([1, 1]);
    expect(t.errors.find((e) => e.code === 'storage_unavailable')?.message).toMatch(/IndexedDB failed \(QuotaExceededError\); answers are kept in memory/);
    t.client.destroy();
  });

  it('on save with nothing durable left, offline: "could not be saved", naming both causes; trying again online sends the same id once', async () => {
    const dev = device();
    const t = tab(dev);
    await t.client.ready;
    dev.faults.failPut = refuseNew;
    t.page.setOnline(false);
    ledger.otherwise({ drop: true });
    t.client.show('nps');
    await expect(t.client.submit({ score: 4 })).rejects.toMatchObject({ code: 'storage_failed', message: expect.stringMatching(/no storage on this device would keep it, and it could not be sent \(the browser is offline\)/) });
    expect(t.client.getState().activePrompt?.phase).toBe('asking');
    ledger.otherwise({});
    t.page.setOnline(true);
    await t.client.submit({ score: 4 });
    expect(t.client.getState().activePrompt?.phase).toBe('thanks');
    await settle();
    // The shown record and the answer, each under its one id, each acknowledged once.
    expect(ledger.stored.size).toBe(2);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1]);
    t.client.destroy();
  });

  it('with nothing durable left, a send that failed offline does not hold back the retry online: sent at once, backoff or not', async () => {
    const dev = device();
    const t = tab(dev);
    await t.client.ready;
    dev.faults.failPut = refuseNew;
    t.page.setOnline(false);
    ledger.otherwise({ drop: true });
    t.client.show('nps');
    await expect(t.client.submit({ score: 6 })).rejects.toMatchObject({ code: 'storage_failed' });
    // A send goes out anyway (the browser's offline flag is often wrong) and fails: the records back off.
    await t.client.flush();
    expect(ledger.seen.map((seen) => seen.status)).toContain('dropped');
    ledger.otherwise({});
    t.page.setOnline(true);
    await t.client.submit({ score: 6 });
    expect(t.client.getState().activePrompt?.phase).toBe('thanks');
    await settle();
    expect(ledger.stored.size).toBe(2);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1]);
    t.client.destroy();
  });

  it('on a lease update: the queue goes on from memory at once, and IndexedDB deletes its copy after the 2xx', async () => {
    const dev = device();
    const t = tab(dev);
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const id = await answer(t.client, 5);
    await settle();
    expect((await readStore(dev)).outbox).toHaveLength(2);
    dev.faults.failPut = (area, _key, value) => (area === 'outbox' && (value as { leaseOwner: unknown }).leaseOwner ? emptyQuota() : null);
    ledger.otherwise({});
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(id)).toBe(true);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1]);
    expect((await readStore(dev)).outbox).toEqual([]);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('an answer still being written when a lease update is refused goes on from memory with the rest, in this page', async () => {
    const dev = device();
    const t = tab(dev);
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const first = await answer(t.client, 5);
    await settle();
    // The second answer's writes wait on a slow disk while the queue's lease update is refused.
    let open = () => {};
    dev.faults.holdWrites = new Promise<void>((resolve) => (open = resolve));
    const second = answer(t.client, 9);
    await settle();
    dev.faults.holdWrites = undefined;
    dev.faults.failPut = (area, _key, value) => (area === 'outbox' && (value as { leaseOwner: unknown }).leaseOwner ? emptyQuota() : null);
    ledger.otherwise({});
    // The retry after the 503 comes due: its lease update is refused, and the queue moves to memory.
    const retried = dev.clock.advance(60_000);
    await settle();
    open();
    await retried;
    const id = await second;
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'memory' });
    await runUntil(dev, drained(t), 30_000, 1000);
    expect(ledger.stored.has(first) && ledger.stored.has(id)).toBe(true);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1, 1, 1]);
    t.client.destroy();
  });

  it('records delivered while IndexedDB refuses every write are deleted there, and the next page sends nothing twice', async () => {
    const dev = device();
    const t = tab(dev);
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    await answer(t.client, 2);
    await settle();
    dev.faults.failPut = () => emptyQuota();
    ledger.otherwise({});
    await runUntil(dev, drained(t), 30_000, 1000);
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'memory' });
    expect(ledger.stored.size).toBe(2);
    t.client.destroy();
    dev.faults.failPut = undefined;
    const next = tab(dev);
    await next.client.ready;
    await runUntil(dev, drained(next), 120_000, 1000);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1]);
    expect((await readStore(dev)).outbox).toEqual([]);
    next.client.destroy();
  });

  it('a localStorage too small for the queue keeps nothing half-written; memory sends copies, and the next page sends nothing twice', async () => {
    const dev = device();
    // Room for Hark's probe and a record or two, not for everything IndexedDB holds.
    const local = fakeLocalStorage(1500);
    const tabs = { localStorage: () => local };
    const t = tab(dev, { tabs });
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const first = await answer(t.client, 3);
    await settle();
    dev.faults.failPut = refuseNew;
    ledger.otherwise({});
    const second = await answer(t.client, 8);
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'memory' });
    // No record, and no mark sending later pages through the host's keys.
    expect([...local.map.keys()].filter((key) => /^hark:(outbox|dead|meta):|^hark:held$/.test(key))).toEqual([]);
    await runUntil(dev, drained(t), 60_000, 1000);
    t.client.destroy();
    expect(ledger.stored.has(first) && ledger.stored.has(second)).toBe(true);
    dev.faults.failPut = undefined;
    const next = tab(dev, { tabs });
    await next.client.ready;
    await runUntil(dev, drained(next), 120_000, 1000);
    expect([...ledger.stored.keys()].map(acks)).toEqual([1, 1, 1, 1]);
    next.client.destroy();
  });

  it('the next page takes back into IndexedDB what an earlier page left in localStorage, and sends it once', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const first = tab(dev, { tabs: { localStorage: () => local } });
    ledger.otherwise({ status: 503 });
    await first.client.ready;
    dev.faults.failPut = refuseNew;
    const id = await answer(first.client, 6);
    // The page is gone once its last send failed.
    await settle();
    first.client.destroy();
    await settle();
    expect(local.getItem(`hark:outbox:${id}`)).not.toBeNull();
    dev.faults.failPut = undefined;
    ledger.otherwise({});
    const next = tab(dev, { tabs: { localStorage: () => local } });
    await next.client.ready;
    expect(next.client.getState().storage).toBe('indexeddb');
    expect([...local.map.keys()].filter((k) => k.startsWith('hark:outbox:'))).toEqual([]);
    await runUntil(dev, drained(next), 60_000, 1000);
    expect(acks(id)).toBe(1);
    next.client.destroy();
  });
});

describe('IndexedDB unusable', () => {
  it('missing: falls back to localStorage (one key per record) and says so', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const t = tab(dev, { openStorage: () => openIdbStorage({ factory: undefined as never }), tabs: { localStorage: () => local } });
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    expect(t.client.getState().storage).toBe('localstorage');
    expect(t.errors[0]).toMatchObject({ code: 'storage_unavailable' });
    const id = await answer(t.client);
    expect(local.getItem(`hark:outbox:${id}`)).toContain(id);
    await settle();
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'localstorage', pending: 2, inFlight: 0 });
    ledger.otherwise({});
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(id)).toBe(true);
    expect([...local.map.keys()].filter((k) => k.startsWith('hark:outbox:'))).toEqual([]);
    t.client.destroy();
  });

  it('throwing on open (SecurityError): tried twice, then memory when localStorage is unusable too', async () => {
    const dev = device();
    let opens = 0;
    const t = tab(dev, {
      openStorage: () => {
        opens += 1;
        return Promise.reject(new DOMException('denied', 'SecurityError'));
      },
      tabs: ({
        localStorage: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      }),
    });
    await t.client.ready;
    expect(opens).toBe(2);
    expect(t.client.getState().storage).toBe('memory');
    const id = await answer(t.client);
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(id)).toBe(true);
    t.client.destroy();
  });

  it('hanging on open: gives up after 3 s, twice, and the answer is still kept', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    const t = tab(dev, { openStorage: () => new Promise<never>(() => undefined), tabs: { localStorage: () => local } });
    let ready = false;
    void t.client.ready.then(() => (ready = true));
    await dev.clock.advance(2999);
    expect(ready).toBe(false);
    await dev.clock.advance(1);
    expect(ready).toBe(false);
    await dev.clock.advance(3000);
    expect(ready).toBe(true);
    expect(t.client.getState().storage).toBe('localstorage');
    const id = await answer(t.client);
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(id)).toBe(true);
    t.client.destroy();
  });

  it('connection lost mid-session, once: reopens IndexedDB and loses nothing', async () => {
    const dev = device();
    let opens = 0;
    const t = tab(dev, {
      openStorage: async () => {
        opens += 1;
        // Each connection has its own faults: losing one does not lose the next.
        return faultyStorage(await openIdbStorage({ factory: dev.factory }), opens === 1 ? dev.faults : {}, dev.log);
      },
    });
    await t.client.ready;
    const first = await answer(t.client, 1);
    dev.faults.connectionLost = true;
    const second = await answer(t.client, 2);
    expect(opens).toBe(2);
    expect(t.client.getState().storage).toBe('indexeddb');
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.has(first) && ledger.stored.has(second)).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('connection lost for good: falls back to localStorage, then moves records back to IndexedDB with the same ids', async () => {
    const dev = device();
    const local = fakeLocalStorage();
    let broken = false;
    const t = tab(dev, {
      openStorage: async () => {
        if (broken) throw new DOMException('gone', 'UnknownError');
        return faultyStorage(await openIdbStorage({ factory: dev.factory }), dev.faults, dev.log);
      },
      tabs: { localStorage: () => local },
    });
    await t.client.ready;
    ledger.otherwise({ status: 503 });
    dev.faults.connectionLost = true;
    broken = true;
    const id = await answer(t.client, 4);
    await settle();
    expect(await t.client.getDeliveryState()).toMatchObject({ storage: 'localstorage', pending: 2, inFlight: 0 });
    expect(local.getItem(`hark:outbox:${id}`)).not.toBeNull();
    expect(local.getItem('hark:held')).not.toBeNull();
    // IndexedDB works again; the next drain after the recovery interval moves the queue back.
    broken = false;
    dev.faults.connectionLost = false;
    await runUntil(dev, async () => (await t.client.getDeliveryState()).storage === 'indexeddb', 3600_000, 10_000);
    const { outbox } = await readStore(dev);
    expect(outbox.map(([key]) => key)).toContain(id);
    expect((await t.client.getDeliveryState()).storage).toBe('indexeddb');
    expect([...local.map.keys()].filter((k) => k.startsWith('hark:outbox:'))).toEqual([]);
    // Nothing left there: the next page reads one key, not every key the host keeps.
    expect(local.getItem('hark:held')).toBeNull();
    ledger.otherwise({});
    await runUntil(dev, drained(t), 3600_000, 60_000);
    expect(ledger.stored.has(id)).toBe(true);
    t.client.destroy();
  });
});

/** Writes straight into the database, as a damaged disk or a newer SDK would. */
async function tamper(dev: Device, fn: (storage: HarkStorage) => Promise<void>) {
  const storage = await openIdbStorage({ factory: dev.factory });
  await fn(storage);
  storage.close();
}

describe('bad stored records', () => {
  it('corrupt, future-version and schema-failing entries are dead-lettered and reported without blocking the ones behind them', async () => {
    const dev = device();
    const offline = tab(dev);
    ledger.otherwise({ status: 503 });
    await offline.client.ready;
    const ids = [await answer(offline.client, 1), await answer(offline.client, 2), await answer(offline.client, 3)];
    await settle();
    offline.client.destroy();
    await tamper(dev, async (storage) => {
      const [a, b] = await Promise.all([storage.outbox.get<Record<string, unknown>>(ids[0]!), storage.outbox.get<Record<string, unknown>>(ids[1]!)]);
      await storage.outbox.set(ids[0]!, { ...a, v: 99 });
      await storage.outbox.set(ids[1]!, { ...b, record: { ...(b!.record as object), score: 42 } });
      await storage.outbox.set('00000000-0000-7000-8000-000000000000', 'garbage');
    });
    ledger.otherwise({});
    const t = tab(dev);
    await runUntil(dev, drained(t), 60_000, 1000);
    const dead = new Map((await readStore(dev)).dead.map(([id, letter]) => [id, letter.reason]));
    expect(dead.get(ids[0]!)).toMatch(/newer SDK/);
    expect(dead.get(ids[1]!)).toMatch(/invalid record: score/);
    expect(dead.get('00000000-0000-7000-8000-000000000000')).toMatch(/corrupt/);
    expect(ledger.stored.has(ids[2]!)).toBe(true);
    expect(ledger.stored.size).toBe(4);
    expect(t.errors.filter((e) => e.code === 'delivery_failed').length).toBeGreaterThan(0);
    await expectInvariants(dev, ledger, [...offline.errors, ...t.errors], { final: true });
    t.client.destroy();
  });

  it('a record larger than a batch may be (3 KB, batches of 2 KB) is dead-lettered and reported; the queue goes on', async () => {
    const dev = device();
    const t = tab(dev, { config: { delivery: { maxBatchBytes: 2048 } } });
    await t.client.ready;
    // Within the wire contract's bound on attributes (4,096 characters as JSON), over this batch size.
    t.client.identify('u_big', { blob: 'x'.repeat(3000) });
    const big = await answer(t.client, 7);
    t.client.identify('u_small');
    const small = await answer(t.client, 8);
    await runUntil(dev, drained(t), 60_000, 1000);
    expect((await readStore(dev)).dead.find(([id]) => id === big)?.[1].reason).toMatch(/exceeds maxBatchBytes/);
    expect(ledger.stored.has(small)).toBe(true);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });
});

describe('caps', () => {
  it('at the cap a new answer is refused with queue_full; nothing accepted is evicted', async () => {
    const dev = device();
    const t = tab(dev, { config: { delivery: { maxRecords: 4 } } });
    ledger.otherwise({ status: 503 });
    await t.client.ready;
    const kept = [await answer(t.client, 1), await answer(t.client, 2)];
    t.client.show('nps');
    await expect(t.client.submit({ score: 3 })).rejects.toMatchObject({ code: 'queue_full', field: 'delivery.maxRecords' });
    expect(t.errors.filter((e) => e.code === 'queue_full').length).toBeGreaterThanOrEqual(2);
    t.client.dismiss();
    const { outbox } = await readStore(dev);
    expect(outbox).toHaveLength(4);
    expect(outbox.map(([id]) => id)).toEqual(expect.arrayContaining(kept));
    ledger.otherwise({});
    await runUntil(dev, drained(t), 3600_000, 60_000);
    await answer(t.client, 4);
    await runUntil(dev, drained(t), 60_000, 1000);
    expect(ledger.stored.size).toBe(6);
    await expectInvariants(dev, ledger, t.errors, { final: true, maxRecords: 4 });
    t.client.destroy();
  });
});
