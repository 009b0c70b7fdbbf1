// The script tag on pages with strict policies. Trusted Types: Hark injects its UI chunk and
// language files through its own policy, which the page's CSP names. Subresource Integrity:
// one `integrity` on the page's tag for hark.min.js covers every file Hark runs, so a tampered
// UI chunk or language file does not run, and the failure is reported.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { answerThroughPrompt, openHostPage, useCountingServer, waitFor, type HostPageOptions } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

const TRUSTED_TYPES = (policy: string) => `require-trusted-types-for 'script'; trusted-types ${policy}`;
const SRI = JSON.parse(readFileSync(new URL('../../packages/browser/dist/hark.sri.json', import.meta.url), 'utf8')) as Record<string, string>;
const WITH_SRI = { integrity: SRI['hark.min.js']!, crossorigin: 'anonymous' };

async function open(options: HostPageOptions, tamper?: RegExp) {
  const context = await counting.newContext();
  if (tamper) {
    // The file as a compromised CDN would serve it: the real one with a line of its own.
    await context.route(tamper, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `window.__tampered = true;\n${await response.text()}` });
    });
  }
  return openHostPage(context, counting.server, options);
}

/** The scripts Hark injected, with their integrity. */
const injected = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement>('script[src*="hark-"]')].map((tag) => ({ file: tag.src.split('/').pop()!, integrity: tag.getAttribute('integrity') })),
  );

/** Answers through the prompt and checks that both records reached the endpoint, once each. */
async function answerAndDeliver(page: Page, answered: () => Promise<string[]>, send = 'Send') {
  await answerThroughPrompt(page, 7, send);
  await waitFor(async () => (await answered()).length === 1, 'the answer to be stored');
  const [id] = await answered();
  await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size >= 2, 'the answer and its shown record at the endpoint');
  expect([...counting.server.received.values()]).toEqual([1, 1]);
  expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 7 });
}

describe('Trusted Types', () => {
  it(`require-trusted-types-for 'script' with trusted-types hark: the prompt shows and the answer is delivered`, async () => {
    const host = await open({ csp: TRUSTED_TYPES('hark') });
    await answerAndDeliver(host.page, host.answered);
    expect((await injected(host.page)).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'hark-delivery.min.js', integrity: null },
      { file: 'hark-ui.min.js', integrity: null },
    ]);
    expect(await host.errors()).toEqual([]);
    expect(host.pageErrors).toEqual([]);
  });

  it('a policy named by trustedTypesPolicy also loads the language file, and the prompt speaks German', async () => {
    const host = await open({ csp: TRUSTED_TYPES('acme-hark'), config: { trustedTypesPolicy: 'acme-hark', locale: 'de-DE' } });
    await answerAndDeliver(host.page, host.answered, 'Senden');
    expect((await injected(host.page)).map((tag) => tag.file).sort()).toEqual(['hark-delivery.min.js', 'hark-locale-de.min.js', 'hark-ui.min.js']);
    expect(await host.errors()).toEqual([]);
  });

  it('when the CSP does not allow Hark’s policy, the prompt cannot load and on(error) names the policy', async () => {
    const host = await open({ csp: TRUSTED_TYPES('someone-else') });
    await host.page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    await waitFor(async () => (await host.errors()).length > 0, 'the error to be reported');
    const [error] = await host.errors();
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'trustedTypesPolicy' });
    expect(error!.message).toContain(`the page's CSP does not allow its Trusted Types policy "hark": add hark to the trusted-types directive`);
    expect(await host.page.getByRole('dialog').count()).toBe(0);
    expect(await injected(host.page)).toEqual([]);
    // `shown` is recorded only once the prompt is on screen, and nothing was (the allowed-policy
    // test above delivers its `shown`). The delivery code is refused by the same policy: a flush
    // says so instead of rejecting into the page, and the refusal is reported once, naming the policy.
    const reported = (await host.errors()).length;
    const flush = () => host.page.evaluate(() => (window as unknown as { hark: { flush(): Promise<unknown> } }).hark.flush());
    expect(await flush()).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('trustedTypesPolicy') });
    expect(await flush()).toMatchObject({ status: 'unavailable' });
    expect(counting.server.received.size).toBe(0);
    const errors = await host.errors();
    expect(errors).toHaveLength(reported + 1);
    expect(errors.at(-1)).toMatchObject({ code: 'ui_unavailable', field: 'trustedTypesPolicy', details: { url: expect.stringContaining('hark-delivery.min.js') } });
  });
});

describe('Subresource Integrity', () => {
  it('hark.min.js loaded with its integrity: the UI chunk and the language file carry theirs, load and run', async () => {
    const host = await open({ scriptAttributes: WITH_SRI, config: { locale: 'de' } });
    await answerAndDeliver(host.page, host.answered, 'Senden');
    expect((await injected(host.page)).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'hark-delivery.min.js', integrity: SRI['hark-delivery.min.js'] },
      { file: 'hark-locale-de.min.js', integrity: SRI['hark-locale-de.min.js'] },
      { file: 'hark-ui.sri.min.js', integrity: SRI['hark-ui.sri.min.js'] },
    ]);
    expect(await host.errors()).toEqual([]);
  });

  it('a tampered UI chunk does not run: no prompt, and on(error) says it failed its integrity check', async () => {
    const host = await open({ scriptAttributes: WITH_SRI }, /\/hark-ui\.sri\.min\.js$/);
    await host.page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    await waitFor(async () => (await host.errors()).length > 0, 'the error to be reported');
    const [error] = await host.errors();
    // The production build words no sentence; the details name the file and the integrity it was loaded with.
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'uiUrl', details: { url: expect.stringMatching(/\/hark-ui\.sri\.min\.js$/), integrity: SRI['hark-ui.sri.min.js'] } });
    expect(await host.page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBeUndefined();
    expect(await host.page.evaluate(() => Object.getOwnPropertySymbols(window).some((key) => key.description?.startsWith('hark.ui@')))).toBe(false);
    expect(await host.page.getByRole('dialog').count()).toBe(0);
  });

  it('a tampered language file does not run: the prompt shows in English, and the failure is reported', async () => {
    const host = await open({ scriptAttributes: WITH_SRI, config: { locale: 'de' } }, /\/hark-locale-de\.min\.js$/);
    await answerAndDeliver(host.page, host.answered, 'Send');
    expect(await host.page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBeUndefined();
    const errors = await host.errors();
    expect(errors.map((error) => error.code)).toEqual(['ui_unavailable']);
    expect(errors[0]).toMatchObject({ details: { url: expect.stringMatching(/\/hark-locale-de\.min\.js$/), integrity: SRI['hark-locale-de.min.js'] } });
  });
});

