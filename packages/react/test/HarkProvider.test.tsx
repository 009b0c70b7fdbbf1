/** @jsxImportSource react */
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { StrictMode, useEffect, version } from 'react';
import { version as domVersion } from 'react-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HarkClient } from '@hark/core';
import { HarkProvider, Survey, useHark, useSurveyState, type HarkReactConfig } from '@hark/react';
import { config, sent, shadowView, stubEndpoint, widgetHosts } from './fixtures';

// Watches clients: the provider may create one during each render StrictMode makes, but starts exactly one.
const created = vi.hoisted(() => [] as HarkClient[]);
vi.mock('@hark/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@hark/core')>();
  return { ...core, createClient: vi.fn((...args: Parameters<typeof core.createClient>) => created[created.push(core.createClient(...args)) - 1]!) };
});

beforeEach(() => {
  stubEndpoint();
  created.length = 0;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const tick = () => act(() => Promise.resolve());

function Checkout({ seen }: { seen?: Set<HarkClient | null> }) {
  const hark = useHark();
  const state = useSurveyState();
  seen?.add(hark);
  return (
    <>
      <button onClick={() => hark.track('checkout_completed')}>Complete checkout</button>
      <p>prompt: {state?.activePrompt?.survey.id ?? 'none'}</p>
      <p>status: {state?.status ?? 'not started'}</p>
    </>
  );
}

describe(`@hark/react on React ${process.env.REACT_MAJOR}`, () => {
  it('runs on the React version of this project', () => {
    expect(version.split('.')[0]).toBe(process.env.REACT_MAJOR);
    expect(domVersion.split('.')[0]).toBe(process.env.REACT_MAJOR);
  });

  it('makes one client under StrictMode, prompts after an in-app action, and delivers the answer', async () => {
    const seen = new Set<HarkClient | null>();
    const page = render(
      <StrictMode>
        <HarkProvider config={config}>
          <Checkout seen={seen} />
        </HarkProvider>
      </StrictMode>,
    );
    await tick();
    await page.findByText('status: ready');
    const clients = [...seen].filter(Boolean);
    expect(clients).toHaveLength(1);
    expect(clients[0]!.getState().status).toBe('ready');
    // A client StrictMode's second render made was never started: nothing of it runs.
    expect(created.filter((client) => client.getState().status !== 'starting')).toEqual(clients);

    fireEvent.click(page.getByRole('button', { name: 'Complete checkout' }));
    await page.findByText('prompt: checkout-nps');
    // The UI was loaded for the prompt: one widget host.
    await waitFor(() => expect(widgetHosts()).toHaveLength(1), { timeout: 10_000 });
    const dialog = within(shadowView(widgetHosts()[0]!)).getByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    fireEvent.click(within(dialog).getByRole('radio', { name: '10' }));
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sent.filter((r) => r.type === 'response')).toHaveLength(1));
    expect(sent.find((r) => r.type === 'response')).toMatchObject({ surveyId: 'checkout-nps', score: 10, category: 'promoter' });
    expect(sent.filter((r) => r.type === 'shown')).toHaveLength(1);
  });

  it('destroys the client and removes the widget when the provider unmounts', async () => {
    const seen = new Set<HarkClient | null>();
    const page = render(
      <HarkProvider config={config}>
        <Checkout seen={seen} />
      </HarkProvider>,
    );
    await page.findByText('status: ready');
    const client = [...seen].find(Boolean)!;
    page.unmount();
    await tick();
    expect(client.getState().status).toBe('destroyed');
    expect(widgetHosts()).toHaveLength(0);
  });

  it('queues verbs called before the client starts (child effects run before the provider’s)', async () => {
    function OpensAtOnce() {
      const hark = useHark();
      useEffect(() => hark.track('checkout_completed'), [hark]);
      return null;
    }
    const page = render(
      <HarkProvider config={config}>
        <OpensAtOnce />
        <Checkout />
      </HarkProvider>,
    );
    await page.findByText('prompt: checkout-nps');
  });

  it('renders <Survey inline /> inside the React tree, not floating, through the widget', async () => {
    const page = render(
      <StrictMode>
        <HarkProvider config={config}>
          <h1>Settings</h1>
          <Survey id="settings-csat" inline className="feedback" />
        </HarkProvider>
      </StrictMode>,
    );
    await tick();
    const container = page.container.querySelector('.feedback')!;
    await waitFor(() => expect(container.querySelector('hark-root')).not.toBeNull(), { timeout: 10_000 });
    const inline = within(shadowView(container.querySelector('hark-root')!));
    const dialog = await inline.findByRole('dialog', { name: 'How satisfied are you with settings?' });
    // The floating surface stays empty while the inline one owns the survey.
    const floating = widgetHosts().find((host) => !container.contains(host))!;
    expect(within(shadowView(floating)).queryByRole('dialog')).toBeNull();

    fireEvent.click(within(dialog).getByRole('radio', { name: '4' }));
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sent.some((r) => r.type === 'response')).toBe(true));
    expect(sent.find((r) => r.type === 'response')).toMatchObject({ surveyId: 'settings-csat', kind: 'csat', score: 4 });
    // StrictMode's double effects left no stray records behind.
    expect(sent.filter((r) => r.type === 'shown')).toHaveLength(1);
    expect(sent.filter((r) => r.type === 'dismissed')).toHaveLength(0);
  });

  it('an inline survey is page content: leaving unanswered records no dismissal, and a remount shows it again with one "shown"', async () => {
    function Page({ open }: { open: boolean }) {
      return <HarkProvider config={config}>{open && <Survey id="settings-csat" inline />}</HarkProvider>;
    }
    const page = render(<Page open />);
    const inlineDialog = async () => {
      await waitFor(() => expect(page.container.querySelector('[data-hark-survey] hark-root')).not.toBeNull(), { timeout: 10_000 });
      return within(shadowView(page.container.querySelector('[data-hark-survey] hark-root')!)).findByRole('dialog', { name: 'How satisfied are you with settings?' });
    };
    await inlineDialog();
    await waitFor(() => expect(sent.filter((r) => r.type === 'shown')).toHaveLength(1));
    page.rerender(<Page open={false} />);
    await waitFor(() => expect(widgetHosts()).toHaveLength(1));
    page.rerender(<Page open />);
    fireEvent.click(within(await inlineDialog()).getByRole('button', { name: 'Close' }));
    // An explicit Close is a dismissal; leaving the page was not. The same page view: no second "shown".
    await waitFor(() => expect(sent.filter((r) => r.type === 'dismissed')).toHaveLength(1));
    expect(sent.filter((r) => r.type === 'shown')).toHaveLength(1);
  });

  it('reports a language file that failed to load through on("error") and still asks, with English words', async () => {
    const errors: Array<{ code: string }> = [];
    function Listens() {
      const hark = useHark();
      useEffect(() => hark.on('error', (error) => void errors.push(error)), [hark]);
      return null;
    }
    const page = render(
      <HarkProvider config={{ ...config, locale: 'de' }} widget={{ loadLocale: () => Promise.reject(new Error('offline')) }}>
        <Listens />
        <Checkout />
      </HarkProvider>,
    );
    await page.findByText('status: ready');
    fireEvent.click(page.getByRole('button', { name: 'Complete checkout' }));
    await waitFor(() => expect(within(shadowView(widgetHosts()[0]!)).getByRole('dialog')).toBeTruthy(), { timeout: 10_000 });
    expect(within(shadowView(widgetHosts()[0]!)).getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(errors).toEqual([expect.objectContaining({ code: 'ui_unavailable' })]);
  });

  it('reports a bad config as a HarkError naming the field, without throwing into the app', async () => {
    const errors: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((error: unknown) => void errors.push(error));
    const bad = { ...config, endpoint: 'not a url' } as HarkReactConfig;
    const page = render(
      <HarkProvider config={bad}>
        <Checkout />
      </HarkProvider>,
    );
    await tick();
    expect(page.getByText('status: not started')).toBeTruthy();
    expect(errors).toContainEqual(expect.objectContaining({ name: 'HarkError', code: 'invalid_config', field: 'endpoint' }));
  });

  it('useHark() is the client itself, stable across renders, with every verb: explain and getDeliveryState too', async () => {
    // The page is never idle here: a UI on the page was fetched at start.
    vi.stubGlobal('requestIdleCallback', () => 0);
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    const seen = new Set<HarkClient>();
    function Probe() {
      const hark = useHark();
      seen.add(hark);
      return <p>status: {useSurveyState()?.status}</p>;
    }
    const page = render(
      <HarkProvider config={config}>
        <Probe />
      </HarkProvider>,
    );
    await page.findByText('status: ready');
    expect(seen.size).toBe(1);
    const [hark] = seen;
    expect(hark!.explain('checkout-nps')).toMatchObject({ surveyId: 'checkout-nps', status: 'eligible' });
    await expect(hark!.getDeliveryState()).resolves.toMatchObject({ storage: 'memory', pending: 0, deadLettered: 0 });
    // Its survey's trigger may fire on this page, so the provider fetched the UI at start, before any prompt is due.
    await waitFor(() => expect(widgetHosts()).toHaveLength(1), { timeout: 10_000 });
    expect(within(shadowView(widgetHosts()[0]!)).queryByRole('dialog')).toBeNull();
  });

  it('types survey config: a wrong kind is a compile error', () => {
    const wrong: HarkReactConfig = {
      endpoint: '/v1/records',
      // @ts-expect-error -- 'npx' is not a survey kind
      surveys: [{ id: 'x', kind: 'npx', triggers: [] }],
    };
    expect(wrong.endpoint).toBe('/v1/records');
  });
});
