import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Survey, WireRecord } from '@hark/core';
import { parseConfig } from '@hark/core/schema';
import { installHark, SNIPPET_METHODS, type Hark, type SnippetCall, type SnippetPlaceholder } from '@hark/browser';

const ENDPOINT = 'https://collector.test/v1/records';
const surveys: Survey[] = [
  { id: 'checkout-nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'checkout_completed' }] },
  { id: 'export-ces', kind: 'ces', question: 'How easy was exporting?', triggers: [{ on: 'event', event: 'exported' }] },
];
const config = { endpoint: ENDPOINT, storage: 'memory' as const, surveys };

const sent: WireRecord[] = [];
let errors: unknown[] = [];
type Win = Window & { hark?: unknown };

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: unknown, init?: RequestInit) => {
      sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
      return new Response('{}', { status: 200 });
    }),
  );
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((error: unknown) => void errors.push(error));
});
afterEach(() => {
  (window as Win).hark && ((window as Win).hark as Hark).destroy?.();
  delete (window as Win).hark;
  document.body.innerHTML = '';
  sent.length = 0;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** What the snippet leaves on `window`: the same shape the built snippet makes, from the same method list. */
function snippetPlaceholder(): SnippetPlaceholder & Record<string, (...args: unknown[]) => () => void> {
  const q: SnippetCall[] = [];
  const placeholder: Record<string, unknown> = { q };
  for (const m of SNIPPET_METHODS) {
    placeholder[m] = (...a: unknown[]) => {
      const call: SnippetCall = { m, a };
      q.push(call);
      return () => {
        call.x = 1;
        call.u?.();
      };
    };
  }
  return placeholder as never;
}

/** The widget's shadow content, once the lazily imported UI has mounted. */
async function view() {
  const host = await waitFor(() => {
    const root = document.querySelector('hark-root');
    if (!root?.shadowRoot) throw new Error('no widget mounted');
    return root;
  }, { timeout: 10_000 });
  return within(host.shadowRoot!.querySelector('div') as HTMLElement);
}

describe('the bundle adopting the snippet queue', () => {
  it('replays calls made before it loaded, in call order, on the same window.hark object', async () => {
    const placeholder = snippetPlaceholder();
    (window as Win).hark = placeholder;
    const shown: string[] = [];
    placeholder.on!('shown', ({ survey }: { survey: { id: string } }) => shown.push(survey.id));
    placeholder.identify!('u_1', { plan: 'pro' });
    // track before init: the facade keeps it until the client exists.
    placeholder.track!('exported');
    placeholder.track!('checkout_completed');
    placeholder.init!(config);

    const hark = installHark(window, null);
    expect(hark).toBe(placeholder);
    expect('q' in hark).toBe(false);

    const dialog = await (await view()).findByRole('dialog', { name: 'How easy was exporting?' });
    // `shown` is told once the prompt is on screen, after it rendered.
    await waitFor(() => expect(shown).toEqual(['export-ces']));
    fireEvent.click(within(dialog).getByRole('radio', { name: '6' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sent.some((r) => r.type === 'response')).toBe(true));
    expect(sent.find((r) => r.type === 'response')).toMatchObject({ surveyId: 'export-ces', score: 6, userId: 'u_1', attributes: { plan: 'pro' } });
    expect(errors).toEqual([]);
  });

  it('with a bundler (the ES module entry), a German page asks core’s default question in German, with the widget’s German words', async () => {
    const hark = installHark(window, null);
    hark.init({ ...config, locale: 'de', surveys: [{ id: 'default-nps', kind: 'nps', triggers: [{ on: 'event', event: 'go' }] }] });
    hark.track('go');
    const question = 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?';
    const dialog = await (await view()).findByRole('dialog', { name: question });
    fireEvent.click(within(dialog).getByRole('radio', { name: '8' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Senden' }));
    await waitFor(() => expect(sent.some((r) => r.type === 'response')).toBe(true));
    expect(sent.find((r) => r.type === 'response')).toMatchObject({ surveyId: 'default-nps', score: 8, question });
    expect(errors).toEqual([]);
  });

  it('drops a listener unsubscribed before the bundle loaded, and unsubscribes a replayed one', async () => {
    const placeholder = snippetPlaceholder();
    (window as Win).hark = placeholder;
    const early = vi.fn();
    const late = vi.fn();
    placeholder.on!('shown', early)();
    const offLate = placeholder.on!('shown', late);
    placeholder.init!(config);
    const hark = installHark(window, null);
    await hark.client!.ready;
    hark.show('checkout-nps');
    await waitFor(() => expect(late).toHaveBeenCalledTimes(1));
    offLate();
    hark.dismiss();
    hark.show('checkout-nps');
    expect(late).toHaveBeenCalledTimes(1);
    expect(early).not.toHaveBeenCalled();
  });

  it('loading the bundle twice keeps the first facade and its client', async () => {
    const first = installHark(window, null);
    first.init(config);
    const client = first.client;
    const second = installHark(window, null);
    expect(second).toBe(first);
    expect(second.client).toBe(client);
    // With no prompt due, the UI arrives when the page is idle (a timer where requestIdleCallback is missing).
    await waitFor(() => expect(document.querySelectorAll('hark-root')).toHaveLength(1), { timeout: 10_000 });
  });

  it('returns promises for queued flush/submit that settle after init', async () => {
    const hark = installHark(window, null);
    const flushed = hark.flush();
    hark.init(config);
    await expect(flushed).resolves.toMatchObject({});
    const dropped = hark.reset();
    await expect(dropped).resolves.toBeUndefined();
  });
});

describe('zero-code setup from data attributes', () => {
  function scriptTag(attributes: Record<string, string>) {
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    return script;
  }

  it('initialises from data-endpoint and data-locale', () => {
    const hark = installHark(window, scriptTag({ 'data-endpoint': ENDPOINT, 'data-locale': 'fr-CA' }));
    expect(hark.client?.config).toMatchObject({ endpoint: ENDPOINT, locale: 'fr-CA' });
    expect(hark.getState()?.locale).toBe('fr-CA');
    expect(errors).toEqual([]);
  });

  it('passes data-surveys-url to core as surveysUrl', () => {
    let supported = true;
    try {
      parseConfig({ endpoint: ENDPOINT, surveysUrl: 'https://cdn.test/surveys.json' });
    } catch {
      supported = false;
    }
    const hark = installHark(window, scriptTag({ 'data-endpoint': ENDPOINT, 'data-surveys-url': 'https://cdn.test/surveys.json' }));
    if (supported) {
      expect(hark.client?.config).toMatchObject({ surveysUrl: 'https://cdn.test/surveys.json' });
    } else {
      // Until core knows surveysUrl, its strict config names the key instead of ignoring it.
      expect(hark.client).toBeNull();
      expect(errors[0]).toMatchObject({ name: 'HarkError', code: 'invalid_config', message: expect.stringContaining('surveysUrl') });
    }
  });

  it('names the missing data-endpoint instead of doing nothing', () => {
    const hark = installHark(window, scriptTag({ 'data-locale': 'fr' }));
    expect(hark.client).toBeNull();
    expect(errors[0]).toMatchObject({ name: 'HarkError', code: 'invalid_config', field: 'data-endpoint' });
  });

  it('names trustedTypesPolicy when it is not a policy name, and takes a name as an option of its own', () => {
    const hark = installHark(window, null);
    hark.init({ ...config, trustedTypesPolicy: 7 as unknown as string });
    expect(hark.client).toBeNull();
    expect(errors[0]).toMatchObject({ name: 'HarkError', code: 'invalid_config', field: 'trustedTypesPolicy' });
    hark.init({ ...config, trustedTypesPolicy: 'acme-hark' });
    expect(hark.client).not.toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('lets a queued init win over the attributes', () => {
    const placeholder = snippetPlaceholder();
    (window as Win).hark = placeholder;
    placeholder.init!({ ...config, locale: 'de' });
    const hark = installHark(window, scriptTag({ 'data-endpoint': ENDPOINT, 'data-locale': 'fr' }));
    expect(hark.getState()?.locale).toBe('de');
    expect(errors).toEqual([]);
  });
});
