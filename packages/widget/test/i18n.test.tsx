import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCALES } from '@hark/widget';
import { mount, responses, survey, unmountAll } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  unmountAll();
});

describe('languages and reading direction', () => {
  it('has built-in strings for en, de, fr, es, nl, pt, ja, ar and he, every one filled in', () => {
    for (const lang of ['en', 'de', 'fr', 'es', 'nl', 'pt', 'ja', 'ar', 'he']) {
      const strings = LOCALES[lang]!;
      expect(strings, lang).toBeDefined();
      expect(strings.counter, lang).toContain('{n}');
      expect(strings.choices, lang).toHaveLength(5);
      for (const kind of ['nps', 'ces', 'csat'] as const) expect(strings.labels[kind].low.length, lang).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(LOCALES).map((s) => s.send)).size).toBeGreaterThan(5);
  });

  it('speaks German when the config says de-AT', async () => {
    const { client, view } = mount([survey({})], { locale: 'de-AT' });
    client.track('go');
    const dialog = await view.findByRole('dialog', { name: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?' });
    expect(dialog.getAttribute('lang')).toBe('de');
    expect(dialog.getAttribute('dir')).toBe('ltr');
    expect(view.getByRole('button', { name: 'Schließen' })).toBeTruthy();
    expect(dialog.textContent).toContain('Überhaupt nicht wahrscheinlich');
  });

  it('follows navigator.language when the config sets no locale', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-CA');
    const { client, view } = mount([survey({ kind: 'csat' })]);
    client.track('go');
    expect(await view.findByRole('dialog', { name: 'Dans quelle mesure êtes-vous satisfait de votre expérience ?' })).toBeTruthy();
    expect(view.getByRole('button', { name: 'Fermer' })).toBeTruthy();
  });

  it('lays Arabic out right to left, with the arrow keys following the reading direction', async () => {
    const { client, view, focused } = mount([survey({})], { locale: 'ar' });
    client.track('go');
    const dialog = await view.findByRole('dialog', { name: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟' });
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(dialog.getAttribute('lang')).toBe('ar');
    const five = view.getByRole('radio', { name: '5' });
    five.focus();
    fireEvent.keyDown(five, { key: 'ArrowLeft' });
    expect(focused()?.textContent).toBe('6');
    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(focused()?.textContent).toBe('4');
    fireEvent.keyDown(focused()!, { key: 'Enter' });
    expect(await view.findByRole('textbox', { name: 'ما السبب الرئيسي لتقييمك؟' })).toBeTruthy();
    expect(view.getByRole('button', { name: 'إرسال' })).toBeTruthy();
  });

  it('lays Hebrew out right to left too', async () => {
    const { client, view } = mount([survey({ kind: 'ces' })], { locale: 'he-IL' });
    client.track('go');
    expect((await view.findByRole('dialog')).getAttribute('dir')).toBe('rtl');
  });

  it('falls back to English for a language it has no strings for', async () => {
    const { client, view } = mount([survey({})], { locale: 'sw' });
    client.track('go');
    expect(await view.findByRole('dialog', { name: 'How likely are you to recommend us to a friend or colleague?' })).toBeTruthy();
  });

  it('lets a survey override every string, over the app-wide overrides', async () => {
    const strings = { send: 'Submit it', close: 'Not now', followUp: 'Tell us more', counter: '{n} left', announce: 'Quick question', choices: ['Awful', 'Bad', 'Okay', 'Good', 'Great'] };
    const { client, view, shadow } = mount(
      [survey({ kind: 'csat', display: 'faces', strings, thankYou: 'Cheers', labels: { low: 'Awful', high: 'Great' } })],
      { locale: 'de' },
      { strings: { send: 'App-wide send', sending: 'Saving now' } },
    );
    client.track('go');
    await view.findByRole('dialog');
    expect(shadow.querySelector('[aria-live="polite"]')?.textContent).toContain('Quick question');
    expect(view.getByRole('button', { name: 'Not now' })).toBeTruthy();
    const one = view.getByRole('radio', { name: '1' });
    expect(shadow.getElementById(one.getAttribute('aria-describedby')!)?.textContent).toBe('Awful');
    fireEvent.click(one);
    const textbox = await view.findByRole('textbox', { name: 'Tell us more' });
    expect(shadow.getElementById(textbox.getAttribute('aria-describedby')!)?.textContent).toBe('1000 left');
    fireEvent.click(view.getByRole('button', { name: 'Submit it' }));
    expect(await view.findByRole('dialog', { name: 'Cheers' })).toBeTruthy();
    await responses();
  });
});
