// Every request Hark makes gives up in time, in a real browser against a real server: a
// surveysUrl that never answers holds the config's surveys no longer than its timeout, and a
// server always slower than the first send timeout still gets the answer through, because the
// timeout grows, while Hark says the endpoint is slow.
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { answerThroughPrompt, openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);


type Win = { hark: { track(e: string): void; client: { getDeliveryState(): Promise<{ pending: number; inFlight: number }> } } };

describe('network timeouts in Chromium', () => {
  it('a surveysUrl that never answers: the config’s survey shows once delivery.surveysTimeoutMs (5 s) has passed, and the wait is reported', async () => {
    const context = await counting.newContext();
    let asked = 0;
    // Never answered: the request stays open until the page goes away.
    await context.route('**/never/surveys.json', () => {
      asked += 1;
      return new Promise<void>(() => undefined);
    });
    const started = Date.now();
    const host = await openHostPage(context, counting.server, { debug: true, config: { surveysUrl: '/never/surveys.json' } });
    await host.page.evaluate(() => (window as unknown as Win).hark.track('done'));
    await host.page.getByRole('dialog', { name: 'How likely are you to recommend Acme?' }).waitFor({ timeout: 30_000 });
    const waited = Date.now() - started;
    expect(asked).toBe(1);
    // Held by the survey URL, but not for much longer than its timeout (a busy machine adds seconds).
    expect(waited).toBeGreaterThanOrEqual(4500);
    expect(waited).toBeLessThan(20_000);
    const errors = await host.errors();
    expect(errors).toEqual([
      {
        code: 'surveys_unavailable',
        field: 'surveysUrl',
        message: `[hark] surveysUrl /never/surveys.json could not be loaded (no answer within 5000 ms, delivery.surveysTimeoutMs); no surveys from it are available`,
      },
    ]);
    await answerThroughPrompt(host.page, 10);
    await waitFor(async () => (await host.answered()).length === 1, 'the answer to be stored');
    const [id] = await host.answered();
    await waitFor(() => counting.server.stored.has(id!), 'the answer at the endpoint');
  });

  it('a server always slower than the first timeout: the timeout doubles until the answer gets through, and slow_endpoint is reported', async () => {
    // Each request is answered after 2.5 s; the first send gives up after 1 s, then 2 s, then waits 4 s.
    counting.server.setDelay(2500);
    const context = await counting.newContext();
    const host = await openHostPage(context, counting.server, { debug: true, config: { delivery: { timeoutMs: 1000, timeoutCapMs: 8000, backoffBaseMs: 200, backoffCapMs: 1000 } } });
    await answerThroughPrompt(host.page, 4);
    await waitFor(async () => (await host.answered()).length === 1, 'the answer to be stored');
    const [id] = await host.answered();
    await waitFor(
      async () => {
        const state = await host.page.evaluate(() => (window as unknown as Win).hark.client.getDeliveryState());
        return counting.server.stored.has(id!) && state.pending + state.inFlight === 0;
      },
      'the queue to empty: an answer from the endpoint came back in time',
      60_000,
    );
    const slow = (await host.errors()).filter((error) => error.code === 'slow_endpoint');
    expect(slow.map((error) => error.message)).toEqual([
      '[hark] the endpoint did not answer within 1000 ms; the records are kept and sent again, waiting up to 2000 ms',
      '[hark] the endpoint did not answer within 2000 ms; the records are kept and sent again, waiting up to 4000 ms',
    ]);
    expect((await host.errors()).filter((error) => error.code !== 'slow_endpoint')).toEqual([]);
    // The sends that timed out arrived too (the endpoint stored each id once): that is all the repetition there was.
    expect(Math.max(...counting.server.received.values())).toBe(3);
    expect([...counting.server.received.values()].reduce((sum, n) => sum + n, 0)).toBe(4);
  });
});
