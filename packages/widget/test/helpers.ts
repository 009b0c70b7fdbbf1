import { within } from '@testing-library/preact';
import { vi } from 'vitest';
import { createClient, type HarkClient, type HarkConfigInput, type WireRecord } from '@hark/core';
import type { WidgetOptions } from '@hark/widget';
import { mountWidget } from '@hark/widget/ui';

/** Records that reached the (stubbed) endpoint. */
export const sent: WireRecord[] = [];
const cleanups: Array<() => void> = [];

const fetchStub = vi.fn(async (_url: unknown, init?: RequestInit) => {
  sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
  return new Response('{"ok":true}', { status: 200 });
});

/** Unmounts everything `mount` created and forgets what was sent. */
export function unmountAll() {
  for (const fn of cleanups.splice(0)) fn();
  sent.length = 0;
  document.body.innerHTML = '';
}

/** A client with memory storage and a stubbed endpoint, plus the widget; queries run inside the shadow root. */
export function mount(surveys: unknown[], config: Partial<HarkConfigInput> = {}, options: WidgetOptions = {}) {
  const client: HarkClient = createClient(
    { endpoint: 'https://collector.test/v1/records', storage: 'memory', surveys, ...config },
    { fetch: fetchStub as unknown as typeof fetch },
  );
  const unmount = mountWidget(client, options);
  cleanups.push(unmount, () => client.destroy());
  const host = document.querySelector('hark-root')!;
  const shadow = host.shadowRoot!;
  // The mount point inside the shadow root: queries and waits need an element.
  const view = within([...shadow.children].find((el) => el.tagName === 'DIV') as HTMLElement);
  /** The element focused inside the shadow root, if any. */
  const focused = () => shadow.activeElement as HTMLElement | null;
  return { client, host, shadow, view, focused };
}

/** A survey shown on the `go` event. */
export function survey(fields: Record<string, unknown>) {
  return { id: 's1', kind: 'nps', triggers: [{ on: 'event', event: 'go' }], ...fields };
}

/** Resolves with the response records once at least one arrived. */
export async function responses(): Promise<WireRecord[]> {
  const { waitFor } = await import('@testing-library/preact');
  const { expect } = await import('vitest');
  await waitFor(() => expect(sent.some((r) => r.type === 'response')).toBe(true));
  return sent.filter((r) => r.type === 'response');
}
