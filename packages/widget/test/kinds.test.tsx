import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { THANKS_MS } from '../src/Prompt';
import { mount, responses, survey, unmountAll } from './helpers';

afterEach(() => {
  vi.useRealTimers();
  unmountAll();
});

describe('each kind of prompt', () => {
  it('asks CES on a 1–7 agree scale with its default statement and labels', async () => {
    const { client, view } = mount([survey({ kind: 'ces' })]);
    client.track('go');
    const dialog = await view.findByRole('dialog', { name: 'The company made it easy for me to handle my issue.' });
    expect(view.getAllByRole('radio').map((r) => r.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(dialog.textContent).toContain('Strongly disagree');
    expect(dialog.textContent).toContain('Strongly agree');
  });

  it('uses the survey’s own CES labels when it sets them', async () => {
    const { client, view } = mount([survey({ kind: 'ces', labels: { low: 'Very difficult', high: 'Very easy' } })]);
    client.track('go');
    const dialog = await view.findByRole('dialog');
    expect(dialog.textContent).toContain('Very difficult');
    expect(dialog.textContent).toContain('Very easy');
    expect(dialog.textContent).not.toContain('Strongly agree');
  });

  it.each(['stars', 'faces'] as const)('draws CSAT as %s: radios named by score, described in words', async (display) => {
    const { client, view, shadow } = mount([survey({ kind: 'csat', display })]);
    client.track('go');
    await view.findByRole('dialog', { name: 'How satisfied are you with your experience?' });
    const radios = view.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual(['1', '2', '3', '4', '5']);
    const descriptions = radios.map((r) => shadow.getElementById(r.getAttribute('aria-describedby')!)?.textContent);
    expect(descriptions).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied']);
    expect(shadow.querySelectorAll(`svg.${display === 'stars' ? 'star' : 'face'}`)).toHaveLength(5);
    fireEvent.click(view.getByRole('radio', { name: '4' }));
    await view.findByRole('textbox');
    // The chosen word is also shown, for sighted users of faces and stars.
    expect(shadow.querySelector('.labels .chosen')?.textContent).toBe('Satisfied');
  });

  it('draws CSAT as plain numbers by default', async () => {
    const { client, view, shadow } = mount([survey({ kind: 'csat' })]);
    client.track('go');
    await view.findByRole('dialog');
    expect(view.getAllByRole('radio').map((r) => r.textContent)).toEqual(['1', '2', '3', '4', '5']);
    expect(shadow.querySelector('svg.star, svg.face')).toBeNull();
  });

  it.each([
    [1, 'What went wrong?', 'low'],
    [3, 'What was missing?', 'mid'],
    [5, 'What did you like?', 'high'],
  ])('after score %i asks “%s” and stores the %s band', async (score, question, category) => {
    const byScore = { low: 'What went wrong?', mid: 'What was missing?', high: 'What did you like?' };
    const { client, view } = mount([survey({ kind: 'csat', followUp: { byScore } })]);
    client.track('go');
    fireEvent.click(await view.findByRole('radio', { name: String(score) }));
    const textbox = await view.findByRole('textbox', { name: question });
    fireEvent.input(textbox, { target: { value: 'because' } });
    fireEvent.click(view.getByRole('button', { name: 'Send' }));
    const [answer] = await responses();
    expect(answer).toMatchObject({ kind: 'csat', score, category, comment: 'because' });
  });

  it('counts the characters left and stops at the limit', async () => {
    const { client, view, shadow } = mount([survey({ followUp: { maxLength: 40 } })]);
    client.track('go');
    fireEvent.click(await view.findByRole('radio', { name: '7' }));
    const textbox = (await view.findByRole('textbox')) as HTMLTextAreaElement;
    expect(textbox.maxLength).toBe(40);
    const counter = shadow.getElementById(textbox.getAttribute('aria-describedby')!)!;
    expect(counter.textContent).toBe('40 characters left');
    fireEvent.input(textbox, { target: { value: 'twelve chars' } });
    await waitFor(() => expect(counter.textContent).toBe('28 characters left'));
  });

  it('closes the thank-you by itself after a few seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { client, view } = mount([survey({ thankYou: 'Merci!' })]);
    client.track('go');
    fireEvent.click(await view.findByRole('radio', { name: '10' }));
    fireEvent.click(await view.findByRole('button', { name: 'Send' }));
    await view.findByRole('dialog', { name: 'Merci!' });
    vi.advanceTimersByTime(THANKS_MS - 500);
    expect(view.queryByRole('dialog')).not.toBeNull();
    vi.advanceTimersByTime(1000);
    await waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
    expect(client.getState().activePrompt).toBeNull();
  });
});
