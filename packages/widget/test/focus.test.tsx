import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { mount, responses, sent, survey, unmountAll } from './helpers';

afterEach(unmountAll);

function opener() {
  const button = document.createElement('button');
  button.textContent = 'Give feedback';
  document.body.prepend(button);
  button.focus();
  return button;
}

describe('focus, keyboard and announcements', () => {
  it('does not take focus when a trigger opens the prompt', async () => {
    const { client, view, focused } = mount([survey({})]);
    const button = opener();
    client.track('go');
    await view.findByRole('dialog');
    // Effects (where focus would move) run after paint; give them time to.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await waitFor(() => expect(document.activeElement).toBe(button));
    expect(focused()).toBeNull();
  });

  it('moves focus into the scale when the user opened it, and back when it closes', async () => {
    const { client, view, focused } = mount([survey({})]);
    const button = opener();
    client.show('s1');
    await view.findByRole('dialog');
    await waitFor(() => expect(focused()?.getAttribute('role')).toBe('radio'));
    expect(focused()?.textContent).toBe('0');
    fireEvent.keyDown(focused()!, { key: 'Escape' });
    await waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button));
    await waitFor(() => expect(sent.map((r) => r.type)).toContain('dismissed'));
  });

  it('answers with the keyboard only: arrows, Space, the follow-up, Send; then thanks and returns focus', async () => {
    const { client, view, focused, shadow } = mount([survey({})]);
    const button = opener();
    client.show('s1');
    await waitFor(() => expect(focused()?.textContent).toBe('0'));
    for (let i = 0; i < 8; i++) fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(focused()?.textContent).toBe('8');
    // Only one radio is ever tabbable.
    expect(view.getAllByRole('radio').filter((r) => r.tabIndex === 0)).toHaveLength(1);
    fireEvent.keyDown(focused()!, { key: ' ' });
    await waitFor(() => expect(focused()?.tagName).toBe('TEXTAREA'));
    expect(view.getByRole('radio', { name: '8' }).getAttribute('aria-checked')).toBe('true');
    expect(view.getByRole('radio', { name: '8' }).tabIndex).toBe(0);
    fireEvent.input(focused()!, { target: { value: 'solid' } });
    fireEvent.submit(focused()!.closest('form')!);
    await view.findByRole('dialog', { name: 'Thank you for your feedback!' });
    await waitFor(() => expect(shadow.querySelector('[aria-live="polite"]')?.textContent).toBe('Thank you for your feedback!'));
    // Send is gone; focus stays in the prompt so Escape still closes it.
    await waitFor(() => expect(focused()?.getAttribute('role')).toBe('dialog'));
    fireEvent.keyDown(focused()!, { key: 'Escape' });
    await waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button));
    const [answer] = await responses();
    expect(answer).toMatchObject({ score: 8, comment: 'solid', category: 'passive' });
  });

  it('wraps around at the ends and jumps with Home and End', async () => {
    const { client, view, focused } = mount([survey({ kind: 'csat' })]);
    client.track('go');
    const one = await view.findByRole('radio', { name: '1' });
    one.focus();
    fireEvent.keyDown(one, { key: 'ArrowLeft' });
    expect(focused()?.textContent).toBe('5');
    fireEvent.keyDown(focused()!, { key: 'ArrowDown' });
    expect(focused()?.textContent).toBe('1');
    fireEvent.keyDown(focused()!, { key: 'End' });
    expect(focused()?.textContent).toBe('5');
    fireEvent.keyDown(focused()!, { key: 'Home' });
    expect(focused()?.textContent).toBe('1');
  });

  it('announces the prompt politely, without the live region moving focus', async () => {
    const { client, view, shadow } = mount([survey({ question: 'Would you recommend Acme?' })]);
    const live = shadow.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('');
    client.track('go');
    await view.findByRole('dialog');
    expect(live.textContent).toBe('Feedback request: Would you recommend Acme?');
  });
});

describe('placement', () => {
  it.each(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'] as const)('floats at %s', async (position) => {
    const { client, view } = mount([survey({})], { position });
    client.track('go');
    expect((await view.findByRole('dialog')).getAttribute('data-position')).toBe(position);
  });

  it('floats bottom-right by default', async () => {
    const { client, view } = mount([survey({})]);
    client.track('go');
    expect((await view.findByRole('dialog')).getAttribute('data-position')).toBe('bottom-right');
  });

  it('renders inline inside the element the developer names, and not in the top layer', async () => {
    const slot = document.createElement('section');
    document.body.append(slot);
    const { client, view, host } = mount([survey({})], { position: 'top-left' }, { container: slot });
    expect(host.parentElement).toBe(slot);
    client.track('go');
    const dialog = await view.findByRole('dialog');
    expect(dialog.getAttribute('data-position')).toBe('inline');
    expect(dialog.hasAttribute('popover')).toBe(false);
  });

  it('applies the theme as custom properties on its host and a fixed scheme when asked', async () => {
    const { client, view, host } = mount([survey({})], { theme: { accent: '#aa0000', '--hark-radius': '2px' } }, { scheme: 'dark' });
    expect((host as HTMLElement).style.getPropertyValue('--hark-accent')).toBe('#aa0000');
    expect((host as HTMLElement).style.getPropertyValue('--hark-radius')).toBe('2px');
    client.track('go');
    expect((await view.findByRole('dialog')).getAttribute('data-scheme')).toBe('dark');
  });
});
