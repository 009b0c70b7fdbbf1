import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type HarkClient } from '@hark/core';
import { mountSurfaces } from '@hark/widget/ui';
import { THANKS_MS } from '../src/Prompt';
import { mount, sent, survey, unmountAll } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups.splice(0).forEach((fn) => fn());
  vi.unstubAllGlobals();
  unmountAll();
});

const docs = survey({ id: 'docs', kind: 'csat', question: 'Was this page helpful?', triggers: [{ on: 'event', event: 'never' }] });
const nps = survey({ id: 'nps', question: 'Would you recommend us?' });

/** A client with the floating surface and one inline survey placed in a <section>, as the adapters mount them. */
function page(surveys: unknown[] = [docs, nps]) {
  const fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
    sent.push(...JSON.parse(String(init?.body)).records);
    return new Response('{"ok":true}', { status: 200 });
  });
  const client: HarkClient = createClient({ endpoint: 'https://collector.test/v1/records', storage: 'memory', surveys }, { fetch: fetch as unknown as typeof globalThis.fetch });
  const surfaces = mountSurfaces(client);
  const slot = document.createElement('section');
  document.body.append(slot);
  const remove = surfaces.addInline(slot, 'docs');
  cleanups.push(() => surfaces.destroy(), () => client.destroy());
  const inline = () => within(slot.querySelector('hark-root')!.shadowRoot!.querySelector('div') as HTMLElement);
  const floating = () => {
    const host = [...document.querySelectorAll('hark-root')].find((el) => !slot.contains(el))!;
    return within(host.shadowRoot!.querySelector('div') as HTMLElement);
  };
  return { client, slot, inline, floating, remove };
}

/** An IntersectionObserver that calls back only when the test scrolls an element into view. */
function controllableViewport() {
  const observed = new Set<{ el: Element; fn: IntersectionObserverCallback }>();
  class Observer {
    constructor(private readonly fn: IntersectionObserverCallback) {}
    observe(el: Element) {
      observed.add({ el, fn: this.fn });
      // As a browser does: a first entry at once, for an element out of view.
      queueMicrotask(() => this.fn([{ target: el, isIntersecting: false } as IntersectionObserverEntry], this as unknown as IntersectionObserver));
    }
    disconnect() {
      for (const entry of [...observed]) if (entry.fn === this.fn) observed.delete(entry);
    }
    unobserve() {}
    takeRecords() {
      return [];
    }
  }
  vi.stubGlobal('IntersectionObserver', Observer);
  return {
    scrollIntoView() {
      for (const { el, fn } of [...observed]) fn([{ target: el, isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
    },
  };
}

describe('an inline survey in the page', () => {
  it('asks in place while the floating prompt asks too, and takes no focus', async () => {
    const button = document.createElement('button');
    document.body.prepend(button);
    button.focus();
    const { client, inline, floating } = page();
    await inline().findByRole('dialog', { name: 'Was this page helpful?' });
    client.track('go');
    await floating().findByRole('dialog', { name: 'Would you recommend us?' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(button);
    // Nothing announces page content as it loads.
    expect(inline().getByText('', { selector: '[aria-live="polite"]' }).textContent).toBe('');
  });

  it('records shown only once it enters the viewport', async () => {
    const viewport = controllableViewport();
    const { client, inline } = page();
    await inline().findByRole('dialog');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.flush();
    expect(sent.filter((r) => r.type === 'shown')).toEqual([]);
    viewport.scrollIntoView();
    await waitFor(() => expect(sent.filter((r) => r.type === 'shown' && r.surveyId === 'docs')).toHaveLength(1));
  });

  it('keeps its thank-you in the page after Send, with a visual confirmation', async () => {
    const { inline, slot } = page();
    fireEvent.click(await inline().findByRole('radio', { name: '4' }));
    const send = await inline().findByRole('button', { name: 'Send' });
    vi.useFakeTimers();
    fireEvent.click(send);
    // Well past the time a floating thank-you closes itself, and its exit animation.
    await vi.advanceTimersByTimeAsync(THANKS_MS * 2);
    vi.useRealTimers();
    expect(inline().getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeTruthy();
    expect(slot.querySelector('hark-root')!.shadowRoot!.querySelector('svg.done')).not.toBeNull();
  });

  it('a remount shows the score already chosen, stored once', async () => {
    const { client, inline, slot, remove } = page();
    const surfaces = mountSurfaces(client);
    cleanups.push(() => surfaces.destroy());
    fireEvent.click(await inline().findByRole('radio', { name: '2' }));
    await inline().findByRole('textbox');
    remove();
    expect(slot.querySelector('hark-root')).toBeNull();
    const again = document.createElement('section');
    document.body.append(again);
    surfaces.addInline(again, 'docs');
    const view = within(await waitFor(() => again.querySelector('hark-root')!.shadowRoot!.querySelector('div') as HTMLElement));
    await waitFor(() => expect(view.getByRole('radio', { name: '2' }).getAttribute('aria-checked')).toBe('true'));
    fireEvent.click(view.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(sent.filter((r) => r.type === 'response')).toHaveLength(1));
    expect(sent.find((r) => r.type === 'response')).toMatchObject({ surveyId: 'docs', score: 2 });
    expect(sent.filter((r) => r.type === 'shown')).toHaveLength(1);
    expect(sent.filter((r) => r.type === 'dismissed')).toHaveLength(0);
  });
});

describe('focus', () => {
  it('a prompt opened with show() on page load, without a user gesture, takes no focus', async () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { userActivation: { isActive: false } }));
    const button = document.createElement('button');
    document.body.prepend(button);
    button.focus();
    const { client, view } = mount([nps]);
    client.show('nps');
    await view.findByRole('dialog');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(button);
  });

  it('on a touch screen, choosing a score leaves focus on the score, not in the follow-up', async () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(pointer: coarse)', media: query, addEventListener() {}, removeEventListener() {} }));
    const { client, view, focused } = mount([nps]);
    client.track('go');
    const seven = await view.findByRole('radio', { name: '7' });
    seven.focus();
    fireEvent.click(seven);
    await view.findByRole('textbox');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(focused()?.tagName).not.toBe('TEXTAREA');
  });
});
