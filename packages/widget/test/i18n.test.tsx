import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGES, languageOf } from '@hark/core';
import type { WidgetStrings } from '@hark/widget';
import { EN, importLocale } from '@hark/widget/ui';
import { LOCALE_WAIT_MS } from '../src/i18n/localeStrings';
import { mount, responses, survey, unmountAll } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  unmountAll();
});

describe('languages and reading direction', () => {
  it('has built-in strings for en, de, fr, es, nl, pt, ja, ar and he, every one filled in', async () => {
    expect(LANGUAGES).toEqual(['en', 'de', 'fr', 'es', 'nl', 'pt', 'ja', 'ar', 'he']);
    const all: WidgetStrings[] = [];
    for (const lang of LANGUAGES) {
      const strings = lang === 'en' ? EN : await importLocale(lang);
      expect(strings.counter, lang).toContain('{n}');
      expect(strings.choices, lang).toHaveLength(5);
      for (const kind of ['nps', 'ces', 'csat'] as const) expect(strings.labels[kind].low.length, lang).toBeGreaterThan(0);
      all.push(strings);
    }
    expect(new Set(all.map((s) => s.send)).size).toBeGreaterThan(5);
    await expect(importLocale('sw')).rejects.toThrow(/no built-in strings for "sw"/);
  });

  it('speaks the languages core has default questions for, so a prompt never mixes two', () => {
    for (const lang of LANGUAGES) expect(languageOf(lang), lang).toBe(lang);
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

/** A `loadLocale` whose answer the test gives, recording every call. */
function controlledLoader() {
  const calls: string[] = [];
  let settle!: { resolve: (strings: WidgetStrings) => void; reject: (error: unknown) => void };
  const loadLocale = vi.fn((lang: string) => {
    calls.push(lang);
    return new Promise<WidgetStrings>((resolve, reject) => (settle = { resolve, reject }));
  });
  return { loadLocale, calls, settle: () => settle };
}

const DE_QUESTION = 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?';

describe('languages loaded on demand (ESM)', () => {
  it('holds a German prompt back until its strings arrived, then shows it in German from the first frame', async () => {
    const { loadLocale, calls, settle } = controlledLoader();
    const { client, view, shadow } = mount([survey({})], { locale: 'de-CH' }, { loadLocale });
    client.track('go');
    await vi.waitFor(() => expect(client.getState().activePrompt).not.toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Active in the client, but nothing on screen and nothing announced yet: no English flash.
    expect(view.queryByRole('dialog')).toBeNull();
    expect(shadow.querySelector('[aria-live="polite"]')?.textContent).toBe('');
    expect(calls).toEqual(['de']);

    settle().resolve(await importLocale('de'));
    const dialog = await view.findByRole('dialog', { name: DE_QUESTION });
    expect(dialog.getAttribute('lang')).toBe('de');
    expect(view.getByRole('button', { name: 'Schließen' })).toBeTruthy();
    expect(shadow.querySelector('[aria-live="polite"]')?.textContent).toBe(`Feedback-Anfrage: ${DE_QUESTION}`);

    // The record carries the question the user saw.
    fireEvent.click(view.getByRole('radio', { name: '8' }));
    fireEvent.click(await view.findByRole('button', { name: 'Senden' }));
    const [record] = await responses();
    expect(record).toMatchObject({ question: DE_QUESTION, score: 8 });
    expect(calls).toEqual(['de']);
  });

  it('fetches nothing for English, nor for a language it has no strings for', async () => {
    const { loadLocale } = controlledLoader();
    const { client, view } = mount([survey({})], { locale: 'en-GB' }, { loadLocale });
    client.track('go');
    expect(await view.findByRole('button', { name: 'Close' })).toBeTruthy();
    unmountAll();
    const other = mount([survey({})], { locale: 'sw-KE' }, { loadLocale });
    other.client.track('go');
    expect(await other.view.findByRole('button', { name: 'Close' })).toBeTruthy();
    expect(loadLocale).not.toHaveBeenCalled();
  });

  it('shows the prompt in English when the strings fail to load, and reports it once through onError', async () => {
    const { loadLocale, settle } = controlledLoader();
    const onError = vi.fn();
    const { client, view } = mount([survey({})], { locale: 'ar-EG' }, { loadLocale, onError });
    client.track('go');
    await vi.waitFor(() => expect(loadLocale).toHaveBeenCalledTimes(1));
    settle().reject(new TypeError('Failed to fetch dynamically imported module'));
    // Core's question stays Arabic (it is on the records); the widget's own words fall back to English.
    const dialog = await view.findByRole('dialog', { name: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟' });
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(view.getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'HarkError', code: 'ui_unavailable', field: 'locale' });
    expect(String(onError.mock.calls[0]![0].message)).toContain('"ar"');

    // The next prompt neither fetches again nor reports again.
    client.dismiss();
    await vi.waitFor(() => expect(view.queryByRole('dialog')).toBeNull());
    client.show('s1');
    expect(await view.findByRole('button', { name: 'Close' })).toBeTruthy();
    expect(loadLocale).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('shows the prompt in English when the strings take longer than LOCALE_WAIT_MS, reporting it once', async () => {
    const { loadLocale, settle } = controlledLoader();
    const onError = vi.fn();
    const { client, view } = mount([survey({})], { locale: 'de' }, { loadLocale, onError });
    client.track('go');
    expect(await view.findByRole('button', { name: 'Close' }, { timeout: LOCALE_WAIT_MS + 2000 })).toBeTruthy();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(String(onError.mock.calls[0]![0].message)).toContain('took longer than 3 s');
    // A failure after the deadline is not reported a second time.
    settle().reject(new Error('late failure'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('still shows the prompt when the host\'s onError throws', async () => {
    const onError = vi.fn(() => {
      throw new Error('the host handler is broken');
    });
    const { client, view } = mount([survey({})], { locale: 'fr' }, { loadLocale: () => Promise.reject(new Error('offline')), onError });
    client.track('go');
    expect(await view.findByRole('button', { name: 'Close' })).toBeTruthy();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('logs the failure with console.error when no onError is given', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { client, view } = mount([survey({})], { locale: 'fr' }, { loadLocale: () => Promise.reject(new Error('offline')) });
    client.track('go');
    expect(await view.findByRole('button', { name: 'Close' })).toBeTruthy();
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ code: 'ui_unavailable' }));
  });
});
