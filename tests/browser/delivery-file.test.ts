// The script tag's delivery code (the record keeper, outbox and sending) is a file of its own,
// hark-delivery.min.js, compiled lazily and fetched beside the UI chunk; a prompt shows only once
// both are there, so a visitor who goes offline with a prompt on screen loses nothing. When it
// cannot be fetched, no prompt shows and the failure is reported; the next prompt fetches it again.
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { answerThroughPrompt, openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

const DELIVERY_FILE = /\/hark-delivery\.min\.js$/;

describe('hark-delivery.min.js', () => {
  it('comes with the UI chunk; offline with the prompt on screen, the answer is kept and sent once the network is back, each record once', async () => {
    const context = await counting.newContext();
    const files: string[] = [];
    context.on('request', (request) => {
      const file = /\/(hark[^/]*\.min\.js)$/.exec(new URL(request.url()).pathname)?.[1];
      if (file) files.push(file);
    });
    // The delivery file is slow to come: the prompt waits for it.
    let served = false;
    await context.route(DELIVERY_FILE, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      served = true;
      await route.continue();
    });
    const host = await openHostPage(context, counting.server, {});
    await host.page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
    const dialog = host.page.getByRole('dialog').filter({ has: host.page.getByRole('radiogroup') });
    await dialog.waitFor();
    expect(served).toBe(true);
    expect(files.filter((file) => file !== 'hark.min.js').sort()).toEqual(['hark-delivery.min.js', 'hark-ui.min.js']);

    await context.setOffline(true);
    await dialog.getByRole('radio', { name: '8', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    // The `shown` record may have gone before the network did; the answer cannot have.
    expect(counting.server.stored.has(id!)).toBe(false);
    await context.setOffline(false);
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the answer and its shown record at the endpoint');
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 8 });
    expect(files.filter((file) => file === 'hark-delivery.min.js')).toHaveLength(1);
    expect(await host.errors()).toEqual([]);
  });

  it('refused once: no prompt without it, the failure is reported, and the next prompt fetches it again: shown and answer arrive once each', async () => {
    const context = await counting.newContext();
    let requests = 0;
    await context.route(DELIVERY_FILE, async (route) => {
      requests += 1;
      if (requests === 1) await route.abort('connectionfailed');
      else await route.continue();
    });
    const host = await openHostPage(context, counting.server, {});
    // The UI comes on idle, and with it the delivery code, which fails.
    await waitFor(async () => (await host.errors()).length > 0, 'the failed fetch to be reported');
    expect(await host.errors()).toEqual([expect.objectContaining({ code: 'ui_unavailable', field: 'uiUrl', details: expect.objectContaining({ url: expect.stringContaining('hark-delivery.min.js') }) })]);

    await answerThroughPrompt(host.page, 3);
    await waitFor(async () => (await host.answered()).length === 1, 'the answer to be stored');
    const [id] = await host.answered();
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size === 2, 'the answer and the shown record at the endpoint');
    expect(requests).toBe(2);
    expect([...counting.server.stored.values()].map((record) => record.type).sort()).toEqual(['response', 'shown']);
    expect([...counting.server.received.values()]).toEqual([1, 1]);
    expect(await host.errors()).toHaveLength(1);
  });
});
