import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type DeliveryModule, type HarkClient, type WireRecord } from '@hark/core';
import { createClient as createBootClient } from '@hark/core/boot';
import * as delivery from '@hark/core/delivery';
import { mountWidget } from '@hark/widget/ui';

const sent: WireRecord[] = [];
const fetchStub = vi.fn(async (_url: unknown, init?: RequestInit) => {
  sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
  return new Response('{"ok":true}', { status: 200 });
});

let cleanup: Array<() => void> = [];
afterEach(() => {
  cleanup.forEach((fn) => fn());
  cleanup = [];
  sent.length = 0;
  document.body.innerHTML = '';
});

function setup(question = 'How likely are you to recommend Acme?') {
  const client: HarkClient = createClient(
    {
      endpoint: 'https://collector.test/v1/records',
      storage: 'memory',
      surveys: [{ id: 'nps-q4', kind: 'nps', question, triggers: [{ on: 'event', event: 'checkout_completed' }] }],
    },
    { fetch: fetchStub as unknown as typeof fetch },
  );
  const unmount = mountWidget(client);
  cleanup.push(unmount, () => client.destroy());
  const host = document.querySelector('hark-root')!;
  // The mount point inside the shadow root: queries and waits need an element.
  const view = within([...host.shadowRoot!.children].find((el) => el.tagName === 'DIV') as HTMLElement);
  return { client, host, view };
}

async function responses() {
  await waitFor(() => expect(sent.some((r) => r.type === 'response')).toBe(true));
  return sent.filter((r) => r.type === 'response');
}

describe('the NPS prompt', () => {
  it('shows nothing until a trigger fires, then a labelled dialog with radios 0–10', async () => {
    const { client, view, host } = setup();
    expect(view.queryByRole('dialog')).toBeNull();
    client.track('checkout_completed');
    const dialog = await view.findByRole('dialog', { name: 'How likely are you to recommend Acme?' });
    const group = within(dialog).getByRole('radiogroup', { name: 'How likely are you to recommend Acme?' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label') ?? r.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(radios.filter((r) => r.tabIndex === 0)).toHaveLength(1);
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(host.shadowRoot?.mode).toBe('open');
  });

  it('takes a score and comment, saves, then thanks the user', async () => {
    const { client, view } = setup();
    client.track('checkout_completed');
    fireEvent.click(await view.findByRole('radio', { name: '9' }));
    await waitFor(() => expect(view.getByRole('radio', { name: '9' }).getAttribute('aria-checked')).toBe('true'));
    const textbox = await view.findByRole('textbox', { name: 'What is the main reason for your score?' });
    fireEvent.input(textbox, { target: { value: 'fast!' } });
    fireEvent.click(view.getByRole('button', { name: 'Send' }));
    expect(await view.findByRole('dialog', { name: 'Thank you for your feedback!' })).toBeTruthy();
    const [answer] = await responses();
    expect(answer).toMatchObject({ score: 9, comment: 'fast!', category: 'promoter' });
  });

  it('with the delivery code still on its way, Send says it is sending and takes no second press; the answer is stored once when the code comes', async () => {
    let arrive: (code: DeliveryModule) => void = () => undefined;
    const loadDelivery = vi.fn(() => new Promise<DeliveryModule>((resolve) => (arrive = resolve)));
    const client = createBootClient(
      { endpoint: 'https://collector.test/v1/records', storage: 'memory', surveys: [{ id: 'nps-q4', kind: 'nps', question: 'How likely?', triggers: [{ on: 'event', event: 'checkout_completed' }] }] },
      { fetch: fetchStub as unknown as typeof fetch, loadDelivery },
    );
    const unmount = mountWidget(client);
    cleanup.push(unmount, () => client.destroy());
    const view = within([...document.querySelector('hark-root')!.shadowRoot!.children].find((el) => el.tagName === 'DIV') as HTMLElement);
    client.track('checkout_completed');
    fireEvent.click(await view.findByRole('radio', { name: '9' }));
    fireEvent.click(view.getByRole('button', { name: 'Send' }));
    const sending = await view.findByRole('button', { name: 'Sending…' });
    expect((sending as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(sending.closest('form')!);
    expect(view.queryByRole('dialog', { name: 'Thank you for your feedback!' })).toBeNull();
    arrive(delivery);
    expect(await view.findByRole('dialog', { name: 'Thank you for your feedback!' })).toBeTruthy();
    await client.flush();
    expect(sent.filter((r) => r.type === 'response')).toEqual([expect.objectContaining({ score: 9 })]);
  });

  it('records the chosen score when the prompt is closed without sending', async () => {
    const { client, view } = setup();
    client.track('checkout_completed');
    fireEvent.click(await view.findByRole('radio', { name: '4' }));
    await view.findByRole('textbox');
    fireEvent.click(view.getByRole('button', { name: 'Close' }));
    const [answer] = await responses();
    expect(answer).toMatchObject({ score: 4, category: 'detractor' });
    expect(answer).not.toHaveProperty('comment');
    await waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
  });

  it('closes on Escape and records a dismissal when no score was chosen', async () => {
    const { client, view } = setup();
    client.track('checkout_completed');
    fireEvent.keyDown(await view.findByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(sent.map((r) => r.type)).toContain('dismissed'));
  });

  it('moves focus with the arrow keys (roving tabindex)', async () => {
    const { client, view } = setup();
    client.track('checkout_completed');
    const zero = await view.findByRole('radio', { name: '0' });
    zero.focus();
    fireEvent.keyDown(zero, { key: 'ArrowRight' });
    expect((document.querySelector('hark-root')!.shadowRoot!.activeElement as HTMLElement).textContent).toBe('1');
    fireEvent.keyDown(view.getByRole('radio', { name: '1' }), { key: 'End' });
    expect((document.querySelector('hark-root')!.shadowRoot!.activeElement as HTMLElement).textContent).toBe('10');
  });

  it('renders a hostile question as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Recommend?';
    const { client, view, host } = setup(hostile);
    client.track('checkout_completed');
    expect(await view.findByText(hostile)).toBeTruthy();
    expect(host.shadowRoot!.querySelector('img')).toBeNull();
  });

  it('removes its element on unmount', () => {
    const { client } = setup();
    cleanup.shift()!();
    expect(document.querySelector('hark-root')).toBeNull();
    client.destroy();
  });
});
