// Host pages patch the globals Hark relies on. Each hazard below is applied by the page (its own
// script, before hark.min.js, as a library would), or after Hark started; then the test answers
// through the prompt and counts, at a real endpoint, the POSTs that carried each record id:
// every record arrives exactly once, in a body the endpoint accepts.
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { answerThroughPrompt, openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture);

const HAZARDS: ReadonlyArray<readonly [name: string, before: string | null, after: string | null]> = [
  [
    'Array.prototype.toJSON, as Prototype.js sets it (native JSON.stringify then writes arrays as strings)',
    `Array.prototype.toJSON = function () { return JSON.stringify(this.slice()); };`,
    null,
  ],
  ['a JSON.stringify that returns undefined', `JSON.stringify = function () { return undefined; };`, null],
  ['a JSON.stringify replaced after Hark started', null, `JSON.stringify = function () { return '"patched"'; };`],
  [
    'enumerable properties on Object.prototype (a method and a value)',
    `Object.prototype.toJSONString = function () { return 'x'; }; Object.prototype.extend = 7;`,
    null,
  ],
  [
    'a fetch wrapper added after Hark started that sends every request twice',
    null,
    `const inner = window.fetch; window.fetch = async function (...args) { await inner.apply(this, args); return inner.apply(this, args); };`,
  ],
];

describe('a host page that patched the globals', () => {
  it.each(HAZARDS)('%s: the prompt shows, and each record reaches the endpoint once', async (_name, before, after) => {
    const context = await counting.newContext();
    const host = await openHostPage(context, counting.server, { before: before ?? undefined, config: { delivery: { backoffBaseMs: 200, backoffCapMs: 1000 } } });
    if (after) await host.page.evaluate(after);
    await answerThroughPrompt(host.page, 9);
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    expect(id).toBeDefined();
    // The answer and its `shown` record.
    await waitFor(() => counting.server.stored.size >= 2 && counting.server.stored.has(id!), 'both records stored at the endpoint');
    await host.page.evaluate(() => (window as unknown as { hark: { flush(): Promise<unknown> } }).hark.flush());
    expect(counting.server.statuses.filter((status) => status !== 200)).toEqual([]);
    expect([...counting.server.received.entries()]).toEqual([...counting.server.stored.keys()].map((key) => [key, 1]));
    expect(counting.server.stored.get(id!)).toMatchObject({ type: 'response', score: 9, surveyId: 'nps' });
    expect((await host.errors()).map((error) => error.message)).toEqual([]);
    expect(host.pageErrors).toEqual([]);
  });
});

describe('a host page whose localStorage holds thousands of keys', () => {
  it('Hark walks through them once a day at a start, and for its sends at most once every few seconds; each record reaches the endpoint once', async () => {
    const context = await counting.newContext();
    // The host's own keys, and when each walk through localStorage began (each starts at key(0)).
    const before = `if (!localStorage.getItem('app:cache:0')) for (let i = 0; i < 3000; i++) localStorage.setItem('app:cache:' + i, 'x');
      window.walks = [];
      const key = Storage.prototype.key;
      Storage.prototype.key = function (i) { if (i === 0 && this === localStorage) window.walks.push(performance.now()); return key.call(this, i); };`;
    const host = await openHostPage(context, counting.server, { before, config: { delivery: { backoffBaseMs: 200, backoffCapMs: 1000 } } });
    const walks = () => host.page.evaluate(() => (window as unknown as { walks: number[] }).walks);
    const ready = () => host.page.evaluate(() => (window as unknown as { hark: { client: { ready: Promise<void> } } }).hark.client.ready);
    await ready();
    // The day's first start looks for records a page may have left without the mark; the next one reads the mark only.
    expect(await walks()).toHaveLength(1);
    await host.page.reload();
    await host.page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
    await ready();
    expect(await walks()).toHaveLength(0);
    await answerThroughPrompt(host.page, 9);
    await host.page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    const [id] = await host.answered();
    await waitFor(() => counting.server.stored.has(id!) && counting.server.stored.size >= 2, 'the answer and its shown record stored');
    await host.page.evaluate(() => (window as unknown as { hark: { flush(): Promise<unknown> } }).hark.flush());
    expect([...counting.server.received.entries()]).toEqual([...counting.server.stored.keys()].map((key) => [key, 1]));
    // The other tabs' marks: walked for, then followed through the storage event, walked for again only once stale.
    const times = await walks();
    expect(times.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThan(4900);
    expect(host.pageErrors).toEqual([]);
  });
});
