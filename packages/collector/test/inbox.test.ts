import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core/schema';
import { openStore, startCollector, type RunningCollector } from '@hark/collector';
import { adminFetch, signInAs, submitForm, testAdmin } from './support/admin';
import { backends } from './support/backends';
import { renderHtml } from './support/page';
import { batch, event, post, response, uuid } from './support/records';

const answer = (overrides: Parameters<typeof response>[0] & { userId?: string; attributes?: Record<string, unknown>; url?: string }) => ({
  ...response(overrides),
  ...(overrides.userId ? { userId: overrides.userId } : {}),
  attributes: overrides.attributes ?? { plan: 'pro' },
  trigger: { event: 'checkout_completed' },
  context: { url: overrides.url ?? 'https://app.example/checkout?step=3', locale: 'en-US' },
});

describe.each(backends())('follow-up inbox ($name)', (backend) => {
  let collector: RunningCollector;
  let cookie: string;
  const page = async (path: string) => {
    const res = await adminFetch(`${collector.url}${path}`);
    expect(res.status, path).toBe(200);
    return renderHtml(await res.text()).screen;
  };
  const items = async (query = '') => {
    const list = (await page(`/inbox${query}`)).queryByRole('list', { name: 'Answers to follow up' });
    return list ? within(list).getAllByRole('listitem').map((item) => item.querySelector('h3')!.textContent!) : [];
  };

  beforeAll(async () => {
    if (backend.skip) return;
    collector = await startCollector({ ...(await backend.fresh()), port: 0, rateLimit: false, admin: await testAdmin() });
    cookie = await signInAs(collector.url, 'Grace');
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
  });

  it.skipIf(backend.skip)('holds every detractor and low score as it arrives, with its comment, user, attributes, page and trigger', async () => {
    const detractor = answer({ id: uuid(0x501), surveyId: 'checkout-nps', score: 3, comment: 'Too slow', userId: 'u_1', attributes: { plan: 'pro', seats: 12 } });
    const res = await post(
      collector.endpoint,
      batch(detractor, answer({ id: uuid(0x502), surveyId: 'support-csat', kind: 'csat', score: 2 }), answer({ id: uuid(0x503), surveyId: 'checkout-nps', score: 9, comment: 'Great' }), event('shown', { surveyId: 'checkout-nps' })),
    );
    expect(res.status).toBe(200);
    expect(await items()).toEqual(['CSAT 2 on support-csat New', 'NPS 3 on checkout-nps New']);
    const list = within((await page('/inbox')).getByRole('list', { name: 'Answers to follow up' }));
    const first = list.getAllByRole('listitem')[1]!;
    expect(first.textContent).toContain('“Too slow”');
    for (const text of ['User u_1', 'plan: pro', 'seats: 12', 'Page /checkout', 'Trigger event: checkout_completed', 'Owner nobody']) expect(first.textContent).toContain(text);
    // The page path only: a query string can carry personal data.
    expect(first.textContent).not.toContain('step=3');
    const detail = await page(`/inbox/${detractor.id}`);
    expect(detail.getByRole('heading', { level: 2 }).textContent).toBe('NPS 3 on checkout-nps New');
    expect(detail.getByText('https://app.example/checkout?step=3')).toBeTruthy();
  });

  it.skipIf(backend.skip)('marks one contacted from the list, with an owner and notes from its page, and the results show the close-the-loop rate', async () => {
    const id = uuid(0x501);
    const contacted = await submitForm(collector.url, `/inbox/${id}`, { status: 'contacted', return: '/inbox?status=new' }, cookie);
    expect(contacted.status).toBe(303);
    expect(contacted.headers.get('location')).toBe('/inbox?status=new');
    expect(await items('?status=new')).toEqual(['CSAT 2 on support-csat New']);
    expect(await items('?status=contacted')).toEqual(['NPS 3 on checkout-nps Contacted']);
    const loop = async () => ((await (await adminFetch(`${collector.url}/v1/results?survey=checkout-nps`)).json()) as { surveys: Array<{ closeTheLoop: { low: number; contacted: number; rate: number } }> }).surveys[0]!.closeTheLoop;
    // Contacted is the first contact: resolving it later does not move it.
    expect(await loop()).toMatchObject({ low: 1, contacted: 1, rate: 1 });
    const saved = await submitForm(collector.url, `/inbox/${id}`, { status: 'resolved', owner: 'Grace', notes: 'Called; refund issued.' }, cookie);
    expect(saved.headers.get('location')).toBe(`/inbox/${id}?saved=1`);
    const detail = await page(`/inbox/${id}?saved=1`);
    expect(detail.getByRole('status').textContent).toBe('Saved.');
    expect((detail.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe('Called; refund issued.');
    expect((detail.getByRole('radio', { name: 'Resolved' }) as HTMLInputElement).checked).toBe(true);
    expect(detail.getByText(/by Grace/)).toBeTruthy();

    // One of the two low answers on checkout-nps and support-csat each: checkout-nps 1 of 1 contacted.
    const results = await page('/?survey=checkout-nps');
    const tiles = within(results.getByRole('region', { name: /checkout-nps/ }));
    const closed = tiles.getByText('Close the loop').nextElementSibling!.textContent;
    expect(closed).toBe('100%1 of 1 detractor contacted');
    expect(tiles.getByText('First contact').nextElementSibling!.textContent).toMatch(/^\d+ min(median time from answer to contact)$/);
    expect(await loop()).toMatchObject({ low: 1, contacted: 1, rate: 1 });
  });

  it.skipIf(backend.skip)('filters by status, survey, score band and owner', async () => {
    expect(await items('?survey=support-csat')).toEqual(['CSAT 2 on support-csat New']);
    expect(await items('?owner=Grace')).toEqual(['NPS 3 on checkout-nps Resolved']);
    expect(await items('?owner=-')).toEqual(['CSAT 2 on support-csat New']);
    expect(await items('?band=high')).toEqual([]);
    const tabs = within((await page('/inbox?survey=checkout-nps')).getByRole('navigation', { name: 'By status' }));
    expect(tabs.getAllByRole('link').map((link) => link.textContent)).toEqual(['New (0)', 'Contacted (0)', 'Resolved (1)', 'All (1)']);
  });

  it.skipIf(backend.skip)('adds any answer on demand, from its page', async () => {
    const promoter = uuid(0x503);
    expect((await page(`/inbox/${promoter}`)).getByText('This answer is not in the inbox.')).toBeTruthy();
    expect((await submitForm(collector.url, `/inbox/${promoter}/add`, {}, cookie)).status).toBe(303);
    expect(await items('?band=high')).toEqual(['NPS 9 on checkout-nps New']);
    // Added by hand, it does not count as a detractor in the close-the-loop rate.
    const json = (await (await adminFetch(`${collector.url}/v1/results?survey=checkout-nps`)).json()) as { surveys: Array<{ closeTheLoop: { low: number } }> };
    expect(json.surveys[0]!.closeTheLoop.low).toBe(1);
    // An unknown status is refused, and nothing changes.
    expect((await submitForm(collector.url, `/inbox/${promoter}`, { status: 'deleted' }, cookie)).status).toBe(400);
  });

  it.skipIf(backend.skip)('pages through many, newest first, and "Save and open the next new one" walks the new ones', async () => {
    const many = Array.from({ length: 70 }, (_, i) => answer({ id: uuid(0x7000 + i), surveyId: 'bulk-nps', score: i % 7 }));
    for (let start = 0; start < many.length; start += 35) expect((await post(collector.endpoint, batch(...many.slice(start, start + 35)))).status).toBe(200);
    const first = await page('/inbox?survey=bulk-nps');
    expect(within(first.getByRole('list', { name: 'Answers to follow up' })).getAllByRole('listitem')).toHaveLength(50);
    const older = first.getByRole('link', { name: 'Older answers' }).getAttribute('href')!;
    const second = await page(older);
    expect(within(second.getByRole('list', { name: 'Answers to follow up' })).getAllByRole('listitem')).toHaveLength(20);
    expect(second.queryByRole('link', { name: 'Older answers' })).toBeNull();

    const next = await submitForm(collector.url, `/inbox/${uuid(0x7000)}`, { status: 'contacted', next: '1' }, cookie);
    expect(next.headers.get('location')).toMatch(/^\/inbox\/[0-9a-f-]{36}$/);
    expect(next.headers.get('location')).not.toContain(uuid(0x7000));
  });
});

describe('inbox at scale', () => {
  it('lists one survey’s new answers a page at a time from thousands (the bench times it at 100,000)', async () => {
    const store = await openStore({ dbPath: ':memory:' });
    try {
      const records = Array.from({ length: 3000 }, (_, i) => response({ id: uuid(0x90000 + i), surveyId: `s-${i % 5}`, score: i % 7 })) as WireRecord[];
      for (let start = 0; start < records.length; start += 500) await store.insert(records.slice(start, start + 500));
      const page = await store.inbox.list({ status: 'new', surveyId: 's-3' }, { limit: 50 });
      expect(page.items).toHaveLength(50);
      expect(page.items[0]!.record?.surveyId).toBe('s-3');
      expect((await store.inbox.counts({})).new).toBe(3000);
    } finally {
      await store.close();
    }
  });
});
