import { waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type HarkClient, type HarkError, type WireRecord } from '@hark/core';
import { createHost, type LoadUi } from '@hark/widget';

// The one host the script tag and React use: the UI loading policy, placements, and its life tied to the client's.

const sent: WireRecord[] = [];
const nps = { id: 'nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'go' }] };
const csat = { id: 'csat', kind: 'csat', question: 'Was this page helpful?', triggers: [{ on: 'event', event: 'never' }] };
let idle: Array<() => void> = [];
const clients: HarkClient[] = [];

function client(options: { lazy?: boolean; locale?: string } = {}) {
  const made = createClient(
    { endpoint: 'https://collector.test/v1/records', storage: 'memory', surveys: [nps, csat], locale: options.locale },
    {
      lazy: options.lazy,
      fetch: async (_url, init) => {
        sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
        return new Response('{}', { status: 200 });
      },
    },
  );
  clients.push(made);
  return made;
}

/** Long enough for the first import of the UI on a busy machine. */
const UI_WAIT = 10_000;
/** The real UI, counted. */
const realUi = () => vi.fn<LoadUi>(() => import('@hark/widget/ui'));
const roots = () => [...document.querySelectorAll('hark-root')];
/** The first widget root in `where`, once there is one. */
const rootIn = (where: ParentNode = document) =>
  waitFor(
    () => {
      const root = where.querySelector('hark-root');
      if (!root) throw new Error('no widget root yet');
      return root;
    },
    { timeout: UI_WAIT },
  );
const dialogIn = (root: Element, name: string) => within(root.shadowRoot!.querySelector('div') as HTMLElement).findByRole('dialog', { name }, { timeout: 10_000 });

beforeEach(() => {
  idle = [];
  // The page is idle when the test says so.
  vi.stubGlobal('requestIdleCallback', (fn: () => void) => idle.push(fn));
  vi.stubGlobal('cancelIdleCallback', () => undefined);
});
afterEach(() => {
  for (const made of clients.splice(0)) made.destroy();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sent.length = 0;
  document.body.innerHTML = '';
});

describe('the UI loading policy', () => {
  it('does nothing before its client has started; then preloads the UI when the page is idle, once', async () => {
    const hark = client({ lazy: true });
    const loadUi = realUi();
    const listening = vi.spyOn(window, 'addEventListener');
    createHost(hark, { loadUi });
    await Promise.resolve();
    expect(idle).toHaveLength(0);
    expect(listening).not.toHaveBeenCalled();
    expect(loadUi).not.toHaveBeenCalled();

    hark.mount();
    await hark.ready;
    await waitFor(() => expect(idle).toHaveLength(1));
    expect(loadUi).not.toHaveBeenCalled();
    idle[0]!();
    await waitFor(() => expect(roots()).toHaveLength(1), { timeout: UI_WAIT });
    expect(loadUi).toHaveBeenCalledTimes(1);
  });

  it('preload() fetches the UI at once, before storage is ready, when a survey could prompt on this page', async () => {
    const hark = client({ locale: 'de-AT' });
    const loadUi = realUi();
    createHost(hark, { loadUi, loadLocale: async () => (await import('../src/i18n/locales/de')).de }).preload();
    expect(hark.getState().status).toBe('starting');
    expect(loadUi.mock.calls).toEqual([['de']]);
    await waitFor(() => expect(roots()).toHaveLength(1), { timeout: UI_WAIT });
    await hark.ready;
    hark.track('go');
    await dialogIn(await rootIn(), 'How likely are you to recommend Acme?');
    expect(loadUi).toHaveBeenCalledTimes(1);
  });

  it('preload() leaves the UI to idle time where no survey can prompt on this page', async () => {
    const elsewhere = { id: 'elsewhere', kind: 'nps', triggers: [{ on: 'pageview', url: '/checkout' }] };
    const hark = createClient({ endpoint: 'https://collector.test/v1/records', storage: 'memory', surveys: [elsewhere, { ...csat, targeting: { urls: ['/admin'] } }] });
    clients.push(hark);
    const loadUi = realUi();
    createHost(hark, { loadUi }).preload();
    await hark.ready;
    expect(loadUi).not.toHaveBeenCalled();
    await waitFor(() => expect(idle).toHaveLength(1));
    idle[0]!();
    expect(loadUi).toHaveBeenCalledTimes(1);
  });

  it('fetches the UI at once when a prompt is due, in the language the prompt will speak, and shows it', async () => {
    const hark = client({ locale: 'de-AT' });
    const loadUi = realUi();
    createHost(hark, { loadUi, loadLocale: async () => (await import('../src/i18n/locales/de')).de });
    await hark.ready;
    hark.track('go');
    expect(loadUi.mock.calls).toEqual([['de']]);
    await dialogIn(await rootIn(), 'How likely are you to recommend Acme?');
    expect(idle.length).toBeLessThanOrEqual(1);
  });

  it('reports a UI that failed to load through on("error"), and fetches it again when the network returns', async () => {
    const hark = client();
    const errors: HarkError[] = [];
    hark.on('error', (error) => errors.push(error));
    let offline = true;
    const loadUi = vi.fn<LoadUi>(() => (offline ? Promise.reject(new Error('offline')) : import('@hark/widget/ui')));
    createHost(hark, { loadUi });
    await hark.ready;
    hark.track('go');
    await waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toMatchObject({ name: 'HarkError', code: 'ui_unavailable' });
    expect(roots()).toHaveLength(0);
    offline = false;
    window.dispatchEvent(new Event('online'));
    await dialogIn(await rootIn(), 'How likely are you to recommend Acme?');
    expect(loadUi).toHaveBeenCalledTimes(2);
  });

  it('retry() fetches again only while a prompt is waiting for the UI', async () => {
    const hark = client();
    const loadUi = vi.fn<LoadUi>(() => Promise.reject(new Error('offline')));
    hark.on('error', () => undefined);
    const host = createHost(hark, { loadUi });
    await hark.ready;
    host.retry();
    expect(loadUi).not.toHaveBeenCalled();
    hark.track('go');
    await waitFor(() => expect(loadUi).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    host.retry();
    await waitFor(() => expect(loadUi).toHaveBeenCalledTimes(2));
  });
});

describe('placements', () => {
  it('fetch the UI at once and render the survey inside its container as soon as it is there', async () => {
    const hark = client();
    const loadUi = realUi();
    const host = createHost(hark, { loadUi });
    const container = document.body.appendChild(document.createElement('section'));
    host.place(container, 'csat');
    expect(loadUi).toHaveBeenCalledTimes(1);
    const root = await rootIn(container);
    await dialogIn(root, 'Was this page helpful?');
  });

  it('keep the one surface through a remount in the same tick (StrictMode, a moved element), and record nothing on the way out', async () => {
    const hark = client();
    const host = createHost(hark, { loadUi: realUi() });
    const container = document.body.appendChild(document.createElement('section'));
    const first = host.place(container, 'csat');
    const root = await rootIn(container);
    await dialogIn(root, 'Was this page helpful?');
    first();
    const again = host.place(container, 'csat');
    await Promise.resolve();
    await Promise.resolve();
    expect(container.querySelectorAll('hark-root')).toHaveLength(1);
    expect(container.querySelector('hark-root')).toBe(root);
    again();
    await waitFor(() => expect(container.querySelector('hark-root')).toBeNull());
    await hark.flush();
    expect(sent.filter((record) => record.type === 'dismissed')).toEqual([]);
  });
});

describe('its life', () => {
  it('ends with its client: destroying the client removes the UI and the placements', async () => {
    const hark = client();
    const host = createHost(hark, { loadUi: realUi() });
    const container = document.body.appendChild(document.createElement('section'));
    host.place(container, 'csat');
    await waitFor(() => expect(roots()).toHaveLength(2), { timeout: UI_WAIT });
    hark.destroy();
    expect(roots()).toHaveLength(0);
  });
});
