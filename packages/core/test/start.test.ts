import { IDBDatabase, IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayPromptOn } from '@hark/core';
import { parseConfig } from '../src/schema/parse';
import { openIdbStorage } from '../src/storage/idbStorage';
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

  it("reads one key of the page's localStorage at the start, and walks through the host's own keys once for a page's sends", async () => {
    const local = fakeLocalStorage();
    for (let i = 0; i < 3000; i++) local.setItem(`app:cache:${i}`, 'x');
    // Each walk through the keys starts at key(0) or enumerates the object.
    let walks = 0;
    const watched = new Proxy(local, {
      get: (target, name) => (name === 'key' ? (i: number) => (i === 0 && walks++, target.key(i)) : Reflect.get(target, name)),
      ownKeys: (target) => (walks++, Reflect.ownKeys(target)),
    });
    const page = fakePlatform({ url: 'https://app.example/checkout', localStorage: () => watched, onStorage: local.onStorage });
    const t = testClient({ recontactDays: 0 }, { platform: page.platform, openStorage: () => openIdbStorage({ factory: new IDBFactory() }) });
    await t.client.ready;
    expect(walks).toBe(0);
    for (const score of [9, 4]) {
      t.client.show(npsSurvey.id);
      await t.client.submit({ score });
      await t.client.flush();
      t.client.dismiss();
    }
    page.hide();
    await settle();
    expect(mock.records().filter((record) => record.type === 'response')).toHaveLength(2);
    // The other tabs' marks: found once, then kept current by the storage events.
    expect(walks).toBe(1);
    t.client.destroy();
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
