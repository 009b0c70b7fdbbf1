// A survey's words come from the host app and may hold a long unbroken string (a URL, an id, a
// word in a language without spaces): it wraps inside the card instead of widening it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingServer, type CountingServer } from '../delivery/countingServer';
import { useChromium } from './fixture';
import { openHostPage } from './hostPage';

const fixture = useChromium();
let server: CountingServer;

beforeAll(async () => {
  server = await startCountingServer();
});
afterAll(async () => {
  await server?.close();
});

const LONG = (what: string) => `${what}:${'x'.repeat(600)}`;

/** The card's width against its content's, and any element that sticks out of it. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const card = document.querySelector('hark-root')!.shadowRoot!.querySelector<HTMLElement>('.hark-prompt')!;
    const box = card.getBoundingClientRect();
    const outside = [...card.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getBoundingClientRect().right > box.right + 1 || el.getBoundingClientRect().left < box.left - 1)
      .map((el) => el.className || el.tagName);
    return { scrollWidth: card.scrollWidth, clientWidth: card.clientWidth, outside };
  });

describe('long unbroken strings in a survey', () => {
  it('wrap inside the card: question, labels, follow-up question and thank-you', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 900 } });
    const survey = {
      id: 'nps',
      kind: 'nps',
      question: LONG('question'),
      labels: { low: LONG('low'), high: LONG('high') },
      followUp: { question: LONG('followup') },
      thankYou: LONG('thanks'),
      triggers: [{ on: 'event', event: 'done' }],
    };
    const host = await openHostPage(context, server, { config: { surveys: [survey] } });
    await host.page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    const dialog = host.page.getByRole('dialog', { name: survey.question });
    await dialog.waitFor();
    const asking = await overflow(host.page);
    expect(asking.scrollWidth).toBeLessThanOrEqual(asking.clientWidth);
    expect(asking.outside).toEqual([]);
    await dialog.getByRole('radio', { name: '3', exact: true }).click();
    const followUp = await overflow(host.page);
    expect(followUp.scrollWidth).toBeLessThanOrEqual(followUp.clientWidth);
    expect(followUp.outside).toEqual([]);
    await host.page.screenshot({ path: 'tests/artifacts/widget-long-text.png' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: survey.thankYou }).waitFor();
    const thanks = await overflow(host.page);
    expect(thanks.scrollWidth).toBeLessThanOrEqual(thanks.clientWidth);
    expect(thanks.outside).toEqual([]);
    await context.close();
  });
});
