import { vi } from 'vitest';
import type { WireRecord } from '@hark/core';
import type { HarkReactConfig } from '@hark/react';

/** Records that reached the (stubbed) endpoint. */
export const sent: WireRecord[] = [];

/** Replaces `fetch` with an endpoint that stores what it receives and answers 200. */
export function stubEndpoint() {
  sent.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: unknown, init?: RequestInit) => {
      sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
      return new Response('{}', { status: 200 });
    }),
  );
}

export const config: HarkReactConfig = {
  endpoint: 'https://collector.test/v1/records',
  storage: 'memory',
  surveys: [
    { id: 'checkout-nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'checkout_completed' }] },
    { id: 'settings-csat', kind: 'csat', question: 'How satisfied are you with settings?', triggers: [{ on: 'event', event: 'settings_opened' }] },
  ],
};

/** The widget host elements on the page (one per client surface). */
export const widgetHosts = () => [...document.querySelectorAll('hark-root')];

/** The mount point inside one widget host's shadow root, for Testing Library queries. */
export function shadowView(host: Element): HTMLElement {
  if (!host.shadowRoot) throw new Error('widget host without a shadow root');
  return host.shadowRoot.querySelector('div') as HTMLElement;
}
