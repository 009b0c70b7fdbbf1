import { within } from '@testing-library/dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertEventId, configuredWebhooks, matchingRules, openStore, parseAlertRules, startCollector, verifyWebhook, type AlertBody, type RunningCollector, type StartOptions } from '@hark/collector';
import type { WireRecord } from '@hark/core/schema';
import { adminFetch, signInAs, submitForm, testAdmin } from './support/admin';
import { backends, type BackendTarget } from './support/backends';
import { renderHtml } from './support/page';
import { eventually, startReceiver, type Receiver } from './support/receiver';
import { batch, event, post, response } from './support/records';

const SECRET = 'test-webhook-secret-0123456789';
const FAST = { baseMs: 40, maxMs: 200 };

describe('webhook rules', () => {
  const answer = (kind: 'nps' | 'csat' | 'ces', score: number, comment?: string) => response({ kind, score, ...(comment ? { comment } : {}) }) as WireRecord;
  it('match detractors and low scores by default, and NPS ≤ N, CSAT ≤ N, any comment, every answer on demand', () => {
    expect(parseAlertRules('')).toEqual(['low']);
    expect(parseAlertRules('NPS ≤ 6, csat<=2 ,comment')).toEqual(['nps<=6', 'csat<=2', 'comment']);
    expect(() => parseAlertRules('nps<6')).toThrow(/"nps<6" is not a webhook rule/);
    const rules = parseAlertRules('nps<=6,csat<=2,comment');
    expect(matchingRules(['low'], answer('nps', 6))).toEqual(['low']);
    expect(matchingRules(['low'], answer('nps', 7))).toEqual([]);
    expect(matchingRules(['low'], answer('csat', 2))).toEqual(['low']);
    expect(matchingRules(['low'], answer('ces', 4))).toEqual([]);
    expect(matchingRules(rules, answer('nps', 6, 'slow'))).toEqual(['nps<=6', 'comment']);
    expect(matchingRules(rules, answer('nps', 7))).toEqual([]);
    expect(matchingRules(rules, answer('csat', 2))).toEqual(['csat<=2']);
    expect(matchingRules(rules, answer('csat', 3, '  '))).toEqual([]);
    expect(matchingRules(['any'], answer('nps', 10))).toEqual(['any']);
    expect(matchingRules(['any'], event('shown') as WireRecord)).toEqual([]);
  });

  it('refuse a URL that is not http(s), and know a Slack incoming webhook', () => {
    expect(() => configuredWebhooks(['ftp://example.com/hook'])).toThrow(/only http and https/);
    expect(() => configuredWebhooks(['not a url'])).toThrow(/not a URL/);
    expect(configuredWebhooks(['https://hooks.slack.com/services/T/B/X'])[0]).toMatchObject({ slack: true, rules: ['low'], source: 'env' });
    // The id comes from the URL, so it is the same in every process and after a restart.
    expect(configuredWebhooks(['https://example.com/a'])[0]!.id).toBe(configuredWebhooks(['https://example.com/a'])[0]!.id);
  });
});

describe.each(backends())('webhooks ($name)', (backend) => {
  let receiver: Receiver;
  const running: RunningCollector[] = [];
  const start = async (target: BackendTarget, options: Partial<StartOptions> = {}) => {
    const collector = await startCollector({ ...target, port: 0, rateLimit: false, admin: await testAdmin(), webhooks: { urls: [receiver.url], secret: SECRET, retry: FAST }, ...options });
    running.push(collector);
    return collector;
  };
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((collector) => collector.close()));
    receiver.requests.length = 0;
    receiver.answer = () => 200;
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it.skipIf(backend.skip)('sends a detractor’s answer once, signed, with the record, a link to it and a stable event id; nothing for others', async () => {
    const collector = await start(await backend.fresh());
    const detractor = { ...response({ surveyId: 'checkout-nps', score: 3, comment: 'Too slow' }), userId: 'u_42', attributes: { plan: 'pro' } };
    const res = await post(collector.endpoint, batch(detractor, response({ surveyId: 'checkout-nps', score: 9 }), event('shown', { surveyId: 'checkout-nps' })));
    expect(res.status).toBe(200);
    const [request] = await eventually(() => receiver.requests, (requests) => requests.length >= 1);
    const body = JSON.parse(request!.body) as AlertBody;
    const hookId = configuredWebhooks([receiver.url])[0]!.id;
    expect(body).toMatchObject({ id: alertEventId(detractor.id, hookId), type: 'response.alert', rules: ['low'], link: `${collector.url}/inbox/${detractor.id}`, record: { id: detractor.id, score: 3, comment: 'Too slow', userId: 'u_42', attributes: { plan: 'pro' } } });
    expect(request!.headers['hark-event-id']).toBe(body.id);
    expect(request!.headers['content-type']).toBe('application/json');
    // The README's check: HMAC-SHA256 of "t.body", made just now.
    expect(verifyWebhook(SECRET, request!.body, request!.headers['hark-signature'] as string)).toBe(true);
    expect(verifyWebhook('another-secret-0123456789', request!.body, request!.headers['hark-signature'] as string)).toBe(false);
    expect(verifyWebhook(SECRET, request!.body.replace('Too slow', 'Too fast'), request!.headers['hark-signature'] as string)).toBe(false);
    expect(verifyWebhook(SECRET, request!.body, request!.headers['hark-signature'] as string, { nowSeconds: Date.now() / 1000 + 600 })).toBe(false);
    // A replay of the same batch is stored as duplicates and queues nothing more.
    expect(await (await post(collector.endpoint, batch(detractor))).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const page = renderHtml(await (await adminFetch(`${collector.url}/webhooks`)).text()).screen;
    expect(within(page.getByRole('table', { name: 'Recent deliveries' })).getAllByRole('row')).toHaveLength(2);
    expect(receiver.requests).toHaveLength(1);
  });

  it.skipIf(backend.skip)('keeps trying while the receiver is down, and delivers each event once when it is back', async () => {
    const collector = await start(await backend.fresh());
    let down = true;
    receiver.answer = () => (down ? 503 : 200);
    const answers = [response({ score: 1 }), response({ score: 2 }), response({ kind: 'csat', score: 1 })];
    expect((await post(collector.endpoint, batch(...answers))).status).toBe(200);
    await eventually(() => receiver.requests.length, (count) => count >= 9);
    down = false;
    const ids = new Set(answers.map((answer) => alertEventId(answer.id, configuredWebhooks([receiver.url])[0]!.id)));
    const delivered = await eventually(async () => (await openAlerts(collector)).filter((row) => row.includes('Delivered')), (rows) => rows.length === 3);
    expect(delivered).toHaveLength(3);
    const after = receiver.requests.filter((request) => JSON.parse(request.body) && request.headers['hark-attempt'] !== '1');
    expect(after.length).toBeGreaterThan(0);
    // Every request carried one of the three ids, and after the receiver came back each got exactly one 200.
    expect(new Set(receiver.requests.map((request) => request.headers['hark-event-id']))).toEqual(ids);
  });

  it.skipIf(backend.skip)('never slows ingest: a receiver that does not answer holds its request, not the posts', async () => {
    const collector = await start(await backend.fresh(), { webhooks: { urls: [receiver.url], secret: SECRET, retry: FAST, timeoutMs: 60_000 } });
    receiver.answer = () => 'hang';
    expect((await post(collector.endpoint, batch(response({ score: 0 })))).status).toBe(200);
    await eventually(() => receiver.requests.length, (count) => count === 1);
    // The worker is now stuck on that request; ingest answers regardless.
    for (let i = 0; i < 5; i++) expect((await post(collector.endpoint, batch(response({ score: 1 })))).status).toBe(200);
  });

  it.skipIf(backend.skip)('a receiver that hangs holds only its own sends: another webhook still gets its events at once', async () => {
    const slow = receiver.url.replace('/hook', '/slow');
    const collector = await start(await backend.fresh(), { webhooks: { urls: [slow, receiver.url], secret: SECRET, retry: FAST, timeoutMs: 60_000 } });
    receiver.answer = (request) => (request.path === '/slow' ? 'hang' : 200);
    const count = (path: string) => receiver.requests.filter((request) => request.path === path).length;
    expect((await post(collector.endpoint, batch(response({ score: 1 })))).status).toBe(200);
    await eventually(() => [count('/slow'), count('/hook')], ([slowCount, hookCount]) => slowCount === 1 && hookCount === 1);
    // The slow receiver still holds its first request; answers arriving now are sent all the same.
    for (let i = 0; i < 2; i++) expect((await post(collector.endpoint, batch(response({ score: i })))).status).toBe(200);
    await eventually(() => count('/hook'), (hookCount) => hookCount === 3);
    expect(count('/slow')).toBe(3);
  });

  it.skipIf(backend.skip)('gives up after its retry window, shows it on the deliveries page, and re-sends it with the same id', async () => {
    const target = await backend.fresh();
    const collector = await start(target, { webhooks: { urls: [receiver.url], secret: SECRET, retry: FAST, retryForMs: 2_000 } });
    receiver.answer = () => 500;
    const answer = response({ score: 4 });
    await post(collector.endpoint, batch(answer));
    const rows = await eventually(() => openAlerts(collector), (list) => list.some((row) => row.includes('Gave up')));
    expect(rows[0]).toMatch(/HTTP 500/);
    const attempts = receiver.requests.length;
    expect(attempts).toBeGreaterThan(1);

    receiver.answer = () => 200;
    const cookie = await signInAs(collector.url, 'Ada');
    const eventId = alertEventId(answer.id, configuredWebhooks([receiver.url])[0]!.id);
    const resent = await submitForm(collector.url, `/webhooks/deliveries/${eventId}/resend`, {}, cookie);
    expect(resent.status).toBe(303);
    await eventually(() => openAlerts(collector), (list) => list.some((row) => row.includes('Delivered')));
    expect(receiver.requests.slice(attempts).map((request) => request.headers['hark-event-id'])).toEqual([eventId]);
  });

  it.skipIf(backend.skip)('sends a Slack incoming webhook a Slack message; webhooks added on the page are used at once', async () => {
    const slack: Array<{ url: string; body: string }> = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url).startsWith('https://hooks.slack.com/')) {
        slack.push({ url: String(url), body: String(init?.body) });
        return new Response('ok');
      }
      return fetch(url, init);
    }) as typeof fetch;
    const collector = await start(await backend.fresh(), { webhooks: { urls: [], secret: SECRET, retry: FAST, fetch: fakeFetch } });
    const cookie = await signInAs(collector.url, 'Ada');
    const refused = await submitForm(collector.url, '/webhooks', { url: 'ftp://example.com/hook', rule: 'low' }, cookie);
    expect(refused.status).toBe(400);
    expect(renderHtml(await refused.text()).screen.getByRole('alert').textContent).toMatch(/only http and https/);
    expect((await submitForm(collector.url, '/webhooks', { url: 'https://hooks.slack.com/services/T0/B0/secret', rule: ['comment'], nps: '6' }, cookie)).status).toBe(303);
    const html = renderHtml(await (await adminFetch(`${collector.url}/webhooks`)).text());
    const hooks = within(html.screen.getByRole('table', { name: 'Webhooks' }));
    // The URL is a secret: the page shows its start only.
    expect(hooks.getAllByRole('row')[1]!.textContent).toContain('https://hooks.slack.com/services/…');
    expect(hooks.getAllByRole('row')[1]!.textContent).toContain('any comment, NPS ≤ 6');
    expect(html.document.body.textContent).not.toContain('/secret');

    await post(collector.endpoint, batch({ ...response({ surveyId: 'checkout-nps', score: 8, comment: 'Fine <ok> & more' }), userId: 'u_7' }));
    await eventually(() => slack.length, (count) => count === 1);
    const message = JSON.parse(slack[0]!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(message.text).toContain('NPS 8 (passive) on checkout-nps');
    expect(message.text).toContain('Fine &lt;ok&gt; &amp; more');
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(JSON.stringify(message.blocks)).toContain(`${collector.url}/inbox/`);
  });

  it.skipIf(backend.skip || backend.name !== 'postgres')('with two collector processes on one database, sends each event once', async () => {
    const target = await backend.fresh();
    const [a, b] = [await start(target), await start(target)];
    const answers = Array.from({ length: 40 }, () => response({ score: 2 }));
    await Promise.all(answers.map((answer, index) => post((index % 2 ? a : b).endpoint, batch(answer))));
    await eventually(() => receiver.requests.length, (count) => count >= 40);
    const store = await openStore(target);
    try {
      await eventually(async () => (await store.alerts.counts()).delivered, (count) => count === 40);
    } finally {
      await store.close();
    }
    const ids = receiver.requests.map((request) => request.headers['hark-event-id']);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });
});

/** The deliveries table's rows, as text, read as the admin. */
async function openAlerts(collector: RunningCollector): Promise<string[]> {
  const page = renderHtml(await (await adminFetch(`${collector.url}/webhooks`)).text()).screen;
  const table = page.queryByRole('table', { name: 'Recent deliveries' });
  return table ? within(table).getAllByRole('row').slice(1).map((row) => row.textContent ?? '') : [];
}
