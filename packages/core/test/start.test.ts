import { IDBCursor, IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayPromptOn } from '@hark/core';
import { parseConfig } from '../src/schema/parse';
import { openIdbStorage } from '../src/storage/idbStorage';
import type { HarkStorage } from '../src/storage/types';
import { fakePlatform } from '../src/testing/fakePlatform';
import { fakeLocalStorage } from '../../../tests/delivery/fakeLocalStorage';
import { npsSurvey, settle, testClient, useCollectorMock } from './helpers';

// What a client does between its creation and `ready`: the cold path every first prompt waits on.

const mock = useCollectorMock();
afterEach(() => vi.restoreAllMocks());

describe('the start', () => {
  it('reads nothing from a database it just created, reads everything in one read-only transaction after, and keeps the anonymous id it made', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    // The database's creation (its upgrade) aside.
    const transactions = () => spy.mock.calls.map(([, mode]) => mode ?? 'readonly').filter((mode) => mode !== 'versionchange');
    const factory = new IDBFactory();
    const first = testClient({}, { openStorage: () => openIdbStorage({ factory }) });
    await first.client.ready;
    // A first visit finds nothing to read (the database is new) and writes its new anonymous id, which the start does not wait for.
    expect(transactions()).toEqual(['readwrite']);
    // Nor does it look for records to send: a database this start created holds none.
    await settle();
    expect(transactions()).toEqual(['readwrite']);
    first.client.track('checkout_completed');
    await first.client.submit({ score: 9 });
    await first.client.flush();
    first.client.destroy();

    spy.mockClear();
    // The next page: its history says the survey was answered, its id is the first page's.
    const other = { ...npsSurvey, id: 'other', triggers: [{ on: 'event', event: 'other' }] };
    const next = testClient({ surveys: [npsSurvey, other], recontactDays: 0 }, { openStorage: () => openIdbStorage({ factory }) });
    await next.client.ready;
    expect(transactions()).toEqual(['readonly']);
    expect(next.client.explain(npsSurvey.id).status).toBe('blocked');
    next.client.track('other');
    await next.client.submit({ score: 3 });
    await next.client.flush();
    const ids = mock.records().filter((record) => record.type === 'response').map((record) => [record.surveyId, record.anonymousId]);
    expect(ids).toEqual([[npsSurvey.id, expect.any(String)], ['other', ids[0]![1]]]);
    next.client.destroy();
  });

  it('reads a long display history whole, in two requests, not one round trip to the browser per entry; its rules still hold', async () => {
    const factory = new IDBFactory();
    const first = testClient({}, { openStorage: () => openIdbStorage({ factory }) });
    await first.client.ready;
    first.client.track('checkout_completed');
    await first.client.submit({ score: 9 });
    await first.client.flush();
    first.client.destroy();
    // A docs page's inline survey, passed by on 400 page views.
    const storage = await openIdbStorage({ factory });
    const shownAt = Date.now() - 1000;
    for (let i = 0; i < 400; i++) {
      await storage.meta.set(`history:imp:docs-${i}`, { id: `docs-${i}`, surveyId: 'docs', user: 'anonymous', shownAt, endedAt: shownAt, outcome: 'ignored', inline: true });
    }
    storage.close();

    const cursors = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    const steps = vi.spyOn(IDBCursor.prototype, 'continue');
    const next = testClient({}, { openStorage: () => openIdbStorage({ factory }) });
    await next.client.ready;
    expect(cursors).not.toHaveBeenCalled();
    expect(steps).not.toHaveBeenCalled();
    // The answer among them is found: the survey stays answered.
    expect(next.client.explain(npsSurvey.id).blocks.map((block) => block.rule)).toContain('recontact');
    next.client.destroy();
  });

  it('a storage of the host’s own written before entries() existed (scan only) still gives the start its history and anonymous id', async () => {
    const factory = new IDBFactory();
    /** IndexedDB as a storage without `entries`, as `openStorage` for another runtime may give one. */
    const scanOnly = async (): Promise<HarkStorage> => {
      const inner = await openIdbStorage({ factory });
      return { ...inner, transaction: (mode, fn) => inner.transaction(mode, (tx) => fn({ get: tx.get, put: tx.put, delete: tx.delete, count: tx.count, scan: tx.scan })) };
    };
    const first = testClient({}, { openStorage: scanOnly });
    await first.client.ready;
    first.client.track('checkout_completed');
    await first.client.submit({ score: 9 });
    await first.client.flush();
    first.client.destroy();
    const next = testClient({}, { openStorage: scanOnly });
    const errors: unknown[] = [];
    next.client.on('error', (error) => errors.push(error));
    await next.client.ready;
    expect(next.client.explain(npsSurvey.id).blocks.map((block) => block.rule)).toContain('recontact');
    next.client.track('checkout_completed');
    expect(next.client.getState().activePrompt).toBeNull();
    expect(errors).toEqual([]);
    const anonymousIds = new Set(mock.records().map((record) => record.anonymousId));
    expect(anonymousIds.size).toBe(1);
    next.client.destroy();
  });
});

describe('the start after a page that fell back to localStorage', () => {
  it('reads what that page left, though IndexedDB was created just now: the answered survey stays answered, the anonymous id stays', async () => {
    const local = fakeLocalStorage();
    const refused = testClient({}, { platform: fakePlatform({ url: 'https://app.example/checkout', localStorage: () => local }).platform, openStorage: () => Promise.reject(new Error('IndexedDB is broken on this page')) });
    await refused.client.ready;
    refused.client.track('checkout_completed');
    await refused.client.submit({ score: 9 });
    await refused.client.flush();
    refused.client.destroy();
    expect(local.length).toBeGreaterThan(0);

    const factory = new IDBFactory();
    const next = testClient({ recontactDays: 0 }, { platform: fakePlatform({ url: 'https://app.example/checkout', localStorage: () => local }).platform, openStorage: () => openIdbStorage({ factory }) });
    await next.client.ready;
    expect(next.client.explain(npsSurvey.id).status).toBe('blocked');
    next.client.track('checkout_completed');
    expect(next.client.getState().activePrompt).toBeNull();
    const [answered] = mock.records().filter((record) => record.type === 'response');
    next.client.show(npsSurvey.id);
    await next.client.submit({ score: 4 });
    await next.client.flush();
    const ids = mock.records().filter((record) => record.type === 'response').map((record) => record.anonymousId);
    expect(ids).toEqual([answered!.anonymousId, answered!.anonymousId]);
    next.client.destroy();
    // Everything moved back and the mark went with it: the page after that reads one key again.
    expect([...local.map.keys()].filter((key) => key.startsWith('hark:'))).toEqual([]);
  });

  it("reads one key of the page's localStorage at the start; walks through the host's keys once for the other tabs' marks, and again only when they may be stale", async () => {
    const local = fakeLocalStorage();
    for (let i = 0; i < 3000; i++) local.setItem(`app:cache:${i}`, 'x');
    // Each walk through the keys starts at key(0) or enumerates the object.
    let walks = 0;
    const watched = new Proxy(local, {
      get: (target, name) => (name === 'key' ? (i: number) => (i === 0 && walks++, target.key(i)) : Reflect.get(target, name)),
      ownKeys: (target) => (walks++, Reflect.ownKeys(target)),
    });
    const page = fakePlatform({ url: 'https://app.example/checkout', localStorage: () => watched, onStorage: local.onStorage });
    const factory = new IDBFactory();
    // The first page of the day walks through the keys once, for records left without the mark; not the next.
    const first = testClient({}, { platform: page.platform, openStorage: () => openIdbStorage({ factory }) });
    await first.client.ready;
    first.client.destroy();
    expect(walks).toBe(1);
    walks = 0;
    const t = testClient({ recontactDays: 0 }, { platform: page.platform, openStorage: () => openIdbStorage({ factory }) });
    const answer = async (score: number) => {
      t.client.show(npsSurvey.id);
      await t.client.submit({ score });
      await t.client.flush();
      t.client.dismiss();
    };
    await t.client.ready;
    expect(walks).toBe(0);
    await answer(9);
    await answer(4);
    page.hide();
    await settle();
    expect(mock.records().filter((record) => record.type === 'response')).toHaveLength(2);
    // Found once, then kept current by the storage events.
    expect(walks).toBe(1);
    // Hidden with nothing of its own to send, the page reads no marks, however old its list is.
    await page.clock.advance(6000);
    page.hide();
    await settle();
    expect(walks).toBe(1);
    // A list some seconds old, or one from before the back/forward cache, is walked again.
    await answer(7);
    expect(walks).toBe(2);
    page.restore();
    await answer(8);
    expect(walks).toBe(3);
    expect(mock.records().filter((record) => record.type === 'response')).toHaveLength(4);
    // The client gone, nothing listens to localStorage any more.
    expect(local.listening()).toBe(1);
    t.client.destroy();
    await settle();
    expect(local.listening()).toBe(0);
  });

  it('sends what a page left without the mark (a release before it), found by a walk through the keys at most once a day', async () => {
    const local = fakeLocalStorage();
    const platform = (storage: Storage) => fakePlatform({ url: 'https://app.example/checkout', localStorage: () => storage, onStorage: local.onStorage });
    mock.respondWith(() => new HttpResponse(null, { status: 503 }));
    const refused = testClient({}, { platform: platform(local).platform, openStorage: () => Promise.reject(new Error('IndexedDB is broken on this page')) });
    await refused.client.ready;
    refused.client.track('checkout_completed');
    await refused.client.submit({ score: 9 });
    await refused.client.flush();
    refused.client.destroy();
    local.removeItem('hark:held');
    const queued = () => [...local.map.keys()].filter((key) => key.startsWith('hark:outbox:') && !key.startsWith('hark:outbox:seq'));
    expect(queued()).not.toEqual([]);
    mock.respondWith(() => HttpResponse.json({ ok: true }));
    // The refused sends aside: from here on, each record reaches the endpoint once.
    mock.batches.length = 0;

    const factory = new IDBFactory();
    const next = platform(local);
    const t = testClient({}, { platform: next.platform, openStorage: () => openIdbStorage({ factory }) });
    await t.client.ready;
    expect(queued()).toEqual([]);
    // Its shown record too, once its backoff from the refused sends is over.
    for (let i = 0; i < 10 && (await t.client.getDeliveryState()).pending > 0; i++) {
      await next.clock.advance(30_000);
      await t.client.flush();
    }
    expect(mock.records().map((record) => record.type)).toEqual(['shown', 'response']);
    t.client.destroy();

    // The same day, the next page (nothing queued, so no send reads the marks) walks nothing.
    let walks = 0;
    const watched = new Proxy(local, { get: (target, name) => (name === 'key' ? (i: number) => (i === 0 && walks++, target.key(i)) : Reflect.get(target, name)) });
    const later = platform(watched);
    const third = testClient({}, { platform: later.platform, openStorage: () => openIdbStorage({ factory }) });
    await third.client.ready;
    await later.clock.advance(60_000);
    await settle();
    expect(walks).toBe(0);
    third.client.destroy();
  });
});

describe('mayPromptOn', () => {
  const config = (surveys: unknown[], extra = {}) => parseConfig({ endpoint: 'https://collector.test/v1/records', surveys, ...extra });
  const survey = (triggers: unknown[], targeting?: unknown) => ({ id: 's', kind: 'nps', triggers, ...(targeting ? { targeting } : {}) });
  const href = 'https://app.example/checkout?step=2';

  it('is true for a trigger that can fire on any page, or a page view whose URL rules take this page', () => {
    expect(mayPromptOn(config([survey([{ on: 'event', event: 'go' }])]), href)).toBe(true);
    expect(mayPromptOn(config([survey([{ on: 'time', seconds: 30 }])]), href)).toBe(true);
    expect(mayPromptOn(config([survey([{ on: 'pageview' }])]), href)).toBe(true);
    expect(mayPromptOn(config([survey([{ on: 'pageview', url: '/checkout' }])]), href)).toBe(true);
    expect(mayPromptOn(config([survey([{ on: 'pageview', url: '/admin' }, { on: 'click', selector: '#export' }])]), href)).toBe(true);
  });

  it('is false for no surveys, page views elsewhere, or a page the survey does not target; true while remote surveys are unknown', () => {
    expect(mayPromptOn(config([]), href)).toBe(false);
    expect(mayPromptOn(config([survey([{ on: 'pageview', url: '/admin' }])]), href)).toBe(false);
    expect(mayPromptOn(config([survey([{ on: 'pageview', exclude: ['/checkout'] }])]), href)).toBe(false);
    expect(mayPromptOn(config([survey([{ on: 'event', event: 'go' }], { urls: ['/admin'] })]), href)).toBe(false);
    expect(mayPromptOn(config([], { surveysUrl: 'https://collector.test/v1/surveys' }), href)).toBe(true);
  });
});
