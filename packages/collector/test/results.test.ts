import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core/schema';
import { openStore, startCollector, type RunningCollector } from '@hark/collector';
import { adminFetch, testAdmin } from './support/admin';
import { backends } from './support/backends';
import { renderHtml } from './support/page';
import { batch, event, post, response } from './support/records';

// Reports go by when the collector received each record; the seed is stored as if
// each record had been received at its createdAt. Hand-computed expectations:
// checkout-nps: 10, 9, 3 (week of Nov 2), nothing the week of Nov 9, 8, 7 (Nov 16), 9, 10, 0, 6 (Nov 23)
//   → 4 promoters, 2 passives, 3 detractors of 9 → NPS (4 − 3) / 9 = 11.1; 12 shown → 75 % response rate.
//   Weekly: 33.3, gap, 0, 0.
// support-csat: 5, 4, 3, 1 → 2 of 4 are 4–5 → CSAT 50 %.
// export-ces: 2, 3, 7 → mean 4.
const day = (date: string, n = 0) => `${date}T1${n}:00:00.000Z`;
function seed() {
  const nps: Array<[number, string, string?]> = [
    [10, day('2026-11-02'), 'Love it'],
    [9, day('2026-11-04')],
    [3, day('2026-11-08', 1), 'Too slow, "really", slow'],
    [8, day('2026-11-16')],
    [7, day('2026-11-20'), '=HYPERLINK("http://evil.test")'],
    [9, day('2026-11-23'), 'Checkout took ten seconds <b>flat</b><script>alert(1)</script>'],
    [10, day('2026-11-24')],
    [0, day('2026-11-25'), 'Broken,\non mobile'],
    [6, day('2026-11-26', 2), 'Newest comment'],
  ];
  return [
    ...nps.map(([score, createdAt, comment]) => response({ surveyId: 'checkout-nps', score, createdAt, ...(comment ? { comment } : {}) })),
    ...Array.from({ length: 12 }, (_, i) => event('shown', { surveyId: 'checkout-nps', createdAt: day(`2026-11-${String(2 + 2 * i).padStart(2, '0')}`) })),
    event('dismissed', { surveyId: 'checkout-nps', createdAt: day('2026-11-10') }),
    ...[5, 4, 3, 1].map((score) => response({ surveyId: 'support-csat', kind: 'csat', score, createdAt: day('2026-11-18') })),
    ...[2, 3, 7].map((score) => response({ surveyId: 'export-ces', kind: 'ces', score, createdAt: day('2026-11-19'), comment: `effort ${score}` })),
  ];
}

const tile = (section: HTMLElement, term: string) => {
  const dt = [...section.querySelectorAll('dt')].find((node) => node.textContent === term);
  return dt?.nextElementSibling?.textContent ?? null;
};

describe.each(backends())('results page ($name)', (backend) => {
  let collector: RunningCollector;
  const page = async (query = '') => {
    const res = await adminFetch(`${collector.url}/${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
    return renderHtml(await res.text());
  };

  beforeAll(async () => {
    if (backend.skip) return;
    const target = await backend.fresh();
    const store = await openStore(target);
    await store.insert(seed() as WireRecord[], { receivedAt: (record) => new Date(record.createdAt) });
    await store.close();
    collector = await startCollector({ ...target, port: 0, rateLimit: false, admin: await testAdmin() });
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
  });

  it.skipIf(backend.skip)('shows each survey with its score, counts and response rate', async () => {
    const { screen } = await page();
    const nps = screen.getByRole('region', { name: /checkout-nps/ });
    // Nine answers: one short of an interval.
    expect(tile(nps, 'NPS')).toBe('11' + 'too few answers for an interval (9 of 10)' + '4 promoters · 2 passives · 3 detractors');
    expect(tile(nps, 'Responses')).toBe('9');
    expect(tile(nps, 'Shown')).toBe('12' + '1 dismissed');
    expect(tile(nps, 'Response rate')).toBe('75%answered / shown');
    expect(tile(screen.getByRole('region', { name: /support-csat/ }), 'CSAT')).toBe('50%' + 'too few answers for an interval (4 of 10)' + '2 of 4 answered 4–5');
    expect(tile(screen.getByRole('region', { name: /export-ces/ }), 'CES')).toBe('4' + 'too few answers for an interval (3 of 10)' + 'mean on 1–7');
  });

  it.skipIf(backend.skip)('draws the distribution and the weekly score as labelled SVG charts', async () => {
    const { screen } = await page();
    const nps = screen.getByRole('region', { name: /checkout-nps/ });
    const bars = nps.querySelector('svg[role="img"]')!;
    expect(within(nps).getByRole('img', { name: 'checkout-nps: how many answered each score' })).toBe(bars);
    const counts = [...bars.querySelectorAll('rect')].map((rect) => rect.querySelector('title')!.textContent);
    expect(counts).toEqual(['0: 1', '1: 0', '2: 0', '3: 1', '4: 0', '5: 0', '6: 1', '7: 1', '8: 1', '9: 2', '10: 2']);
    // Colours come from the page's stylesheet (light or dark), by band.
    expect(bars.querySelector('rect')!.getAttribute('class')).toBe('bar-low');
    const line = within(nps).getByRole('img', { name: 'checkout-nps: NPS by week' });
    const points = [...line.querySelectorAll('circle title')].map((title) => title.textContent);
    expect(points).toEqual(['week of 2026-11-02: 33.3', 'week of 2026-11-16: 0', 'week of 2026-11-23: 0']);
    // The quiet week keeps its place on the axis, so the line breaks there.
    expect(line.querySelectorAll('polyline')).toHaveLength(1);
    expect(line.textContent).toContain('Nov 9');
  });

  it.skipIf(backend.skip)('lists the latest comments with their scores, newest first, as text', async () => {
    const { screen } = await page();
    const table = screen.getByRole('table', { name: 'Latest comments on checkout-nps' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent));
    expect(rows).toEqual([
      ['6', 'Newest comment'],
      ['0', 'Broken,\non mobile'],
      ['9', 'Checkout took ten seconds <b>flat</b><script>alert(1)</script>'],
      ['7', '=HYPERLINK("http://evil.test")'],
      ['3', 'Too slow, "really", slow'],
      ['10', 'Love it'],
    ]);
    expect(table.querySelector('script, b')).toBeNull();
  });

  it.skipIf(backend.skip)('filters by survey and by date range, and says when a date is ignored', async () => {
    const only = (await page('?survey=support-csat')).screen;
    expect(only.getAllByRole('region').map((region) => region.querySelector('h2')!.textContent)).toEqual(['support-csat CSAT, scale 1–5']);
    const field = only.getByRole('combobox', { name: 'Survey' }) as HTMLInputElement;
    expect(field.value).toBe('support-csat');
    // Every survey is suggested in the field's list.
    expect([...field.list!.querySelectorAll('option')].map((option) => option.getAttribute('value'))).toEqual(['checkout-nps', 'export-ces', 'support-csat']);

    const week = (await page('?survey=checkout-nps&from=2026-11-16&to=2026-11-23')).screen;
    const nps = week.getByRole('region', { name: /checkout-nps/ });
    // 8 and 7 (Nov 16, 20) and 9 (Nov 23, the last day, included) → 1 promoter, 2 passives.
    expect(tile(nps, 'NPS')).toBe('33' + 'too few answers for an interval (3 of 10)' + '1 promoter · 2 passives · 0 detractors');
    expect(within(within(nps).getByRole('table', { name: 'Latest comments on checkout-nps' })).getAllByRole('row').slice(1).map((row) => row.querySelector('td')!.textContent)).toEqual(['9', '7']);

    const bad = (await page('?from=2026-02-31&to=yesterday')).screen;
    expect(bad.getAllByRole('alert').map((alert) => alert.textContent)).toEqual([
      'Ignored the start date "2026-02-31": use YYYY-MM-DD.',
      'Ignored the end date "yesterday": use YYYY-MM-DD.',
    ]);
    expect(tile(bad.getByRole('region', { name: /checkout-nps/ }), 'Responses')).toBe('9');
  });

  it.skipIf(backend.skip)('exports the raw records as CSV, filtered like the page', async () => {
    const { screen } = await page('?survey=export-ces');
    const link = screen.getByRole('link', { name: 'Download CSV' });
    expect(link.getAttribute('href')).toBe('/export.csv?survey=export-ces');
    const res = await adminFetch(`${collector.url}${link.getAttribute('href')}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hark-records-export-ces.csv"');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('id,type,surveyId,kind,score,scaleMin,scaleMax,category,comment,userId,anonymousId,createdAt,receivedAt');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1, 4).map((line) => line.split(',').slice(1, 9).join(','))).toEqual(
      expect.arrayContaining(['response,export-ces,ces,2,1,7,low,effort 2', 'response,export-ces,ces,7,1,7,high,effort 7']),
    );

    const all = await (await adminFetch(`${collector.url}/export.csv?survey=checkout-nps&from=2026-11-20&to=2026-11-25`)).text();
    expect(all).toContain(',"Broken,\non mobile",');
    expect(all).toContain(`,"'=HYPERLINK(""http://evil.test"")",`);
    expect(all.trim().split('\r\n').filter((line) => line.includes(',response,'))).toHaveLength(4);
  });

  it.skipIf(backend.skip)('keeps scripts out of the page with its Content-Security-Policy', async () => {
    const res = await adminFetch(`${collector.url}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|nonce/);
  });

  it.skipIf(backend.skip)('charts and lists by receive time, whatever date a client claims', async () => {
    // Ten comments from a client whose clock says 9999, and one from year 0050: received today, so they are today's.
    const claims = [...Array.from({ length: 10 }, (_, i) => `9999-12-31T23:59:5${i}.000Z`), '1970-01-01T00:00:00.000Z'];
    const res = await post(collector.endpoint, batch(...claims.map((createdAt, i) => response({ surveyId: 'claims-nps', score: 10, createdAt, comment: `claim ${i}` }))));
    expect(res.status).toBe(200);
    const { screen } = await page('?survey=claims-nps');
    const today = new Date().toISOString().slice(0, 10);
    const line = screen.getByRole('img', { name: 'claims-nps: NPS by week' });
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
    expect([...line.querySelectorAll('circle title')].map((title) => title.textContent)).toEqual([`week of ${monday}: 100`]);
    const received = within(screen.getByRole('table', { name: 'Latest comments on claims-nps' })).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td')[2]!.textContent);
    expect(received.every((when) => when!.startsWith(today))).toBe(true);
    // The seeded surveys' weeks are untouched by these claims.
    const nps = (await page('?survey=checkout-nps')).screen.getByRole('img', { name: 'checkout-nps: NPS by week' });
    expect([...nps.querySelectorAll('circle title')].map((title) => title.textContent)).toEqual(['week of 2026-11-02: 33.3', 'week of 2026-11-16: 0', 'week of 2026-11-23: 0']);
  });
});

describe.each(backends())('results page with many surveys ($name)', (backend) => {
  it.skipIf(backend.skip)('shows them a page at a time, with links between pages, and suggests a bounded list', async () => {
    const target = await backend.fresh();
    const store = await openStore(target);
    const ids = Array.from({ length: 245 }, (_, i) => `survey-${String(i).padStart(3, '0')}`);
    await store.insert(ids.map((surveyId) => response({ surveyId })) as WireRecord[]);
    await store.close();
    const collector = await startCollector({ ...target, port: 0, rateLimit: false, admin: await testAdmin() });
    try {
      const first = renderHtml(await (await adminFetch(`${collector.url}/`)).text()).screen;
      expect(first.getAllByRole('region')).toHaveLength(20);
      expect(first.getByText(/^Surveys 1–20 of 245/)).toBeTruthy();
      expect(first.queryByRole('link', { name: 'Previous surveys' })).toBeNull();
      const next = first.getByRole('link', { name: 'Next surveys' });
      expect(next.getAttribute('href')).toBe('/?page=2');
      expect((first.getByRole('combobox', { name: 'Survey' }) as HTMLInputElement).list!.querySelectorAll('option')).toHaveLength(200);
      const last = renderHtml(await (await adminFetch(`${collector.url}/?page=13`)).text()).screen;
      expect(last.getAllByRole('region').map((region) => region.querySelector('h2')!.textContent!.split(' ')[0])).toEqual(ids.slice(240));
      expect(last.getByRole('link', { name: 'Previous surveys' }).getAttribute('href')).toBe('/?page=12');
      expect(last.getByRole('navigation', { name: 'Survey pages' }).textContent).toContain('Page 13 of 13');
    } finally {
      await collector.close();
    }
  }, 60_000);
});

describe.each(backends())('results page over rows stored before the contract bounded scales ($name)', (backend) => {
  it.skipIf(backend.skip)('renders, leaving an impossible scale unscored instead of failing', async () => {
    const target = await backend.fresh();
    const store = await openStore(target);
    // Written straight to the store, as an older collector accepted them: one survey each, so it is the usual scale.
    await store.insert([
      { ...response({ surveyId: 'empty-scale', score: 5 }), scale: { min: 5, max: 5 } },
      { ...response({ surveyId: 'huge-scale', score: 150_000 }), scale: { min: 0, max: 300_000 } },
    ] as WireRecord[]);
    await store.close();
    const collector = await startCollector({ ...target, port: 0, admin: await testAdmin() });
    try {
      const res = await adminFetch(`${collector.url}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.length).toBeLessThan(100_000);
      const { screen } = renderHtml(html);
      expect(tile(screen.getByRole('region', { name: /empty-scale/ }), 'Responses')).toBe('01 more on another scale, not scored');
    } finally {
      await collector.close();
    }
  }, 60_000);
});

describe('results page with no data', () => {
  it('invites the reader to answer a prompt', async () => {
    const collector = await startCollector({ dbPath: ':memory:', databaseUrl: '', port: 0, admin: await testAdmin() });
    try {
      const { screen } = renderHtml(await (await adminFetch(`${collector.url}/`)).text());
      expect(screen.getByRole('heading', { name: 'No responses yet' })).toBeTruthy();
      expect(screen.getByText(/^0 surveys/)).toBeTruthy();
    } finally {
      await collector.close();
    }
  });
});
