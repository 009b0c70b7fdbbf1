// The script tag in two builds: hark.min.js carries each error's code and field and no
// sentences (nor explain()'s paragraph); hark.debug.min.js carries the full diagnostics. The
// codes are the same in both, so a host's `error.code` branches work with either.
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture, { settleMs: 0 });

type Win = { hark: { track(event: unknown): void; client: { explain(id: string): { status: string; message: string; triggers: string[] } } } };

/** A bad `track()` argument, as reported through on('error'), and an unknown survey's explanation, as the page's build words them. */
async function diagnostics(debug: boolean) {
  const context = await counting.newContext();
  const host = await openHostPage(context, counting.server, { debug });
  await host.page.evaluate(() => (window as unknown as Win).hark.track(42));
  const reported = async () => (await host.errors()).find((error) => error.code === 'invalid_argument');
  await waitFor(async () => !!(await reported()), 'the invalid_argument report');
  const explained = await host.page.evaluate(() => (window as unknown as Win).hark.client.explain('nope'));
  const triggers = await host.page.evaluate(() => (window as unknown as Win).hark.client.explain('nps').triggers);
  return { thrown: await reported(), explained, triggers };
}

describe('the production and the debug build', () => {
  it('hark.min.js says the code and the field; explain() gives the status and its fields without their words', async () => {
    const { thrown, explained, triggers } = await diagnostics(false);
    expect(triggers).toEqual(['']);
    expect(thrown).toEqual({ code: 'invalid_argument', field: 'event', message: '[hark] invalid_argument (event)' });
    expect(explained.status).toBe('unknown');
    expect(explained.message).toBe('[hark] survey "nope": unknown');
  });

  it('hark.debug.min.js says it in full, with the same code and field', async () => {
    const { thrown, explained, triggers } = await diagnostics(true);
    expect(triggers).toEqual(['event "done"']);
    expect(thrown).toEqual({ code: 'invalid_argument', field: 'event', message: '[hark] track(event): event must be a non-empty string, got 42' });
    expect(explained.status).toBe('unknown');
    expect(explained.message).toBe('[hark] survey "nope": no survey has the id "nope".');
  });
});
