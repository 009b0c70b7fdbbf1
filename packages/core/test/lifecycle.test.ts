import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type HarkError } from '@hark/core';
import { fakePlatform, settle } from '@hark/core/testing';
import { openIdbStorage } from '../src/storage/idbStorage';
import { ENDPOINT } from './helpers';

// A framework creates its client during render (twice under StrictMode, and on the
// server) and starts it when its component mounts: `lazy: true`, then mount()/unmount().

const nps = { id: 'nps', kind: 'nps', triggers: [{ on: 'event', event: 'go' }] } as const;

/** A lazy client whose every seam the test watches. */
function lazyClient() {
  const factory = new IDBFactory();
  const page = fakePlatform();
  const openStorage = vi.fn(() => openIdbStorage({ factory }));
  const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response('{}', { status: 200 }));
  const client = createClient(
    { endpoint: ENDPOINT, surveys: [nps] },
    {
      lazy: true,
      platform: page.platform,
      fetch,
      openStorage,
      random: () => 0.5,
    },
  );
  const touched = () => ({
    opened: openStorage.mock.calls.length,
    fetched: fetch.mock.calls.length,
    pageListeners: page.listeners() + page.listeners('restore'),
    viewListeners: page.totalListeners() - page.listeners() - page.listeners('restore'),
  });
  return { client, page, fetch, touched };
}

const microtask = () => Promise.resolve();

afterEach(() => vi.restoreAllMocks());

describe('a lazy client', () => {
  it('opens nothing, listens to nothing and sends nothing until its first mount', async () => {
    const { client, touched } = lazyClient();
    client.track('go');
    client.identify('u_1');
    client.on('shown', () => undefined);
    await settle();
    expect(touched()).toEqual({ opened: 0, fetched: 0, pageListeners: 0, viewListeners: 0 });
    expect(client.getState()).toMatchObject({ status: 'starting', activePrompt: null });
    // Never mounted (StrictMode's discarded render): dropping it leaves nothing behind.
    client.destroy();
    expect(touched()).toEqual({ opened: 0, fetched: 0, pageListeners: 0, viewListeners: 0 });
  });

  it('holds what was called before it started and runs it, in order, once mounted', async () => {
    const { client, touched } = lazyClient();
    const shown: string[] = [];
    client.on('shown', ({ survey }) => shown.push(survey.id));
    client.identify('u_1', { plan: 'pro' });
    client.track('go');
    expect(client.explain('nps').message).toContain('still starting');
    client.mount();
    await client.ready;
    expect(touched().opened).toBe(1);
    const prompt = client.getState().activePrompt!;
    expect(prompt.survey.id).toBe('nps');
    client.displayed(prompt.id);
    await settle();
    expect(shown).toEqual(['nps']);
    // Delivery listens to the page once its code is there, fetched for the prompt.
    expect(touched().pageListeners).toBeGreaterThan(0);
    expect(client.getState().user).toEqual({ id: 'u_1', attributes: { plan: 'pro' } });
    client.destroy();
    expect(touched().pageListeners).toBe(0);
    expect(touched().viewListeners).toBe(0);
  });
});

describe('mount and unmount', () => {
  it('count: the client lives until the last unmount, and is destroyed a microtask after it', async () => {
    const { client } = lazyClient();
    client.mount();
    client.mount();
    await client.ready;
    client.unmount();
    await microtask();
    await microtask();
    expect(client.getState().status).toBe('ready');
    client.unmount();
    expect(client.getState().status).toBe('ready');
    await microtask();
    expect(client.getState().status).toBe('destroyed');
  });

  it('StrictMode’s unmount and remount keeps the one client, its prompt and its records', async () => {
    const { client, fetch } = lazyClient();
    client.mount();
    await client.ready;
    client.track('go');
    const prompt = client.getState().activePrompt!;
    client.displayed(prompt.id);
    client.unmount();
    client.mount();
    await settle();
    expect(client.getState()).toMatchObject({ status: 'ready', activePrompt: { id: prompt.id } });
    await client.submit({ score: 9 });
    await client.flush();
    const types = fetch.mock.calls.flatMap(([, init]) => (JSON.parse(String(init?.body)) as { records: Array<{ type: string }> }).records.map((r) => r.type));
    expect(types.sort()).toEqual(['response', 'shown']);
    client.unmount();
    await microtask();
    expect(client.getState().status).toBe('destroyed');
  });

  it('a mount after the client was destroyed is reported, not revived', async () => {
    const { client, touched } = lazyClient();
    client.destroy();
    client.mount();
    await settle();
    expect(touched().opened).toBe(0);
    expect(client.getState().status).toBe('destroyed');
  });

  it('an unmount without a mount changes nothing', async () => {
    const { client } = lazyClient();
    client.mount();
    client.unmount();
    client.unmount();
    client.mount();
    await microtask();
    expect(client.getState().status).not.toBe('destroyed');
    client.destroy();
  });
});

describe('reportError', () => {
  it('tells the on("error") listeners about an adapter’s fault, or the console when none listens', () => {
    const { client } = lazyClient();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fault = { name: 'HarkError', code: 'ui_unavailable', message: '[hark] offline' } as HarkError;
    client.reportError(fault);
    expect(logged).toHaveBeenCalledTimes(1);
    const heard: unknown[] = [];
    const off = client.on('error', (error) => heard.push(error));
    client.reportError(fault);
    expect(heard).toHaveLength(1);
    expect(logged).toHaveBeenCalledTimes(1);
    off();
    client.destroy();
  });
});

describe('an eager client (the default)', () => {
  it('starts at once, as the script tag and a headless app expect', async () => {
    const client = createClient({ endpoint: ENDPOINT, storage: 'memory', surveys: [nps] }, { platform: fakePlatform().platform, fetch: async () => new Response('{}') });
    await client.ready;
    client.track('go');
    expect(client.getState().activePrompt?.survey.id).toBe('nps');
    client.destroy();
  });
});
