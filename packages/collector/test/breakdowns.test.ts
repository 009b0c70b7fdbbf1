import Database from 'better-sqlite3';
import { within } from '@testing-library/dom';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core/schema';
import { npsInterval, openStore, pagePath, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, startCollector, triggerName, type RunningCollector } from '@hark/collector';
import { adminFetch, testAdmin } from './support/admin';
import { backends, type Backend } from './support/backends';
import { renderHtml } from './support/page';
import { batch, event, post, response, uuid } from './support/records';

describe('breakdown values', () => {
  it('fold ids out of page paths and name triggers in words', () => {
    expect(pagePath('https://app.example/orders/12345/edit?token=x#y')).toBe('/orders/:id/edit');
    expect(pagePath('https://app.example/orders/01a20e35-c721-73ca-886e-000000000001')).toBe('/orders/:id');
    expect(pagePath('https://app.example/u/a1b2c3d4e5f6g7/settings')).toBe('/u/:id/settings');
    expect(pagePath('https://app.example/reports/weekly')).toBe('/reports/weekly');
    expect(pagePath(undefined)).toBe('(none)');
    expect(triggerName({ event: 'checkout_completed' })).toBe('event: checkout_completed');
    expect(triggerName({ on: 'pageview', url: 'https://app.example/x' })).toBe('pageview');
    expect(triggerName({ on: 'click', selector: '#export' })).toBe('click: #export');
    expect(triggerName({ manual: true })).toBe('show()');
    expect(triggerName({ inline: true })).toBe('inline');
  });
});

// checkout-nps: 12 answers on plan "pro" (6 promoters, 2 passives, 4 detractors → NPS 16.7), 3 on "free"
// (3 detractors → −100), with 20 prompts shown from checkout_completed and 10 from a click, of which 15 and
// 0 were answered. Twelve companies, one answer each, to fill the top 8 and "Other".
const PRO = [10, 10, 9, 9, 9, 10, 7, 8, 3, 5, 6, 0];
const FREE = [2, 4, 6];

function seed(): WireRecord[] {
  let n = 0;
  const id = () => uuid(0xb000 + ++n);
  const answer = (score: number, plan: string, company: string, locale: string, url: string) =>
    ({ ...response({ id: id(), surveyId: 'checkout-nps', score }), attributes: { plan, company }, trigger: { event: 'checkout_completed' }, context: { url, locale } }) as WireRecord;
  return [
    ...PRO.map((score, i) => answer(score, 'pro', `co-${i}`, i % 2 ? 'de-DE' : 'en-US', `https://app.example/orders/${1000 + i}/done`)),
    ...FREE.map((score, i) => answer(score, 'free', `co-${i}`, 'en-US', 'https://app.example/checkout')),
    ...Array.from({ length: 20 }, () => ({ ...event('shown', { id: id(), surveyId: 'checkout-nps' }), trigger: { event: 'checkout_completed' } }) as WireRecord),
    ...Array.from({ length: 10 }, () => ({ ...event('shown', { id: id(), surveyId: 'checkout-nps' }), trigger: { on: 'click', selector: '#export' } }) as WireRecord),
  ];
}

describe.each(backends())('breakdowns ($name)', (backend) => {
  let collector: RunningCollector;
  const page = async (query: string) => renderHtml(await (await adminFetch(`${collector.url}/${query}`)).text()).screen;
  const rows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

  beforeAll(async () => {
    if (backend.skip) return;
    collector = await startCollector({ ...(await backend.fresh()), port: 0, rateLimit: false, admin: await testAdmin() });
    const records = seed();
    for (let start = 0; start < records.length; start += 100) expect((await post(collector.endpoint, batch(...records.slice(start, start + 100)))).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
  });

  it.skipIf(backend.skip)('breaks NPS down by a user attribute picked from the data, with each value’s interval', async () => {
    const screen = await page('?survey=checkout-nps');
    const section = within(screen.getByRole('region', { name: /checkout-nps/ }));
    const options = [...(section.getByRole('combobox', { name: 'Break down by' }) as HTMLSelectElement).options].map((option) => option.textContent);
    expect(options).toEqual(['Trigger', 'Locale', 'Page', 'company (attribute)', 'plan (attribute)']);

    const byPlan = within((await page('?survey=checkout-nps&by=attr%3Aplan')).getByRole('region', { name: /checkout-nps/ }));
    const pro = npsInterval(6, 2, 4)!;
    const round = (value: number) => String(Math.round(value)).replace('-', '−');
    expect(rows(byPlan.getByRole('table', { name: /NPS by plan \(attribute\)/ }))).toEqual([
      ['pro', '12', '17', `${round(pro.low)} to ${round(pro.high)}`, '0', '—'],
      ['free', '3', '−100', 'too few answers', '0', '—'],
    ]);
    expect(byPlan.getByRole('img', { name: 'checkout-nps: NPS by plan (attribute), with 95% intervals' })).toBeTruthy();
  });

  it.skipIf(backend.skip)('shows the response rate (answered ÷ shown) per trigger, and by locale and page', async () => {
    const section = within((await page('?survey=checkout-nps')).getByRole('region', { name: /checkout-nps/ }));
    expect(rows(section.getByRole('table', { name: /per trigger/ }))).toEqual([
      ['event: checkout_completed', '15', '−7', expect.stringMatching(/^−\d+ to \d+$/), '20', '75%'],
      ['click: #export', '0', '—', '—', '10', '0%'],
    ]);
    const byPage = within((await page('?survey=checkout-nps&by=path')).getByRole('region', { name: /checkout-nps/ }));
    expect(rows(byPage.getByRole('table', { name: /by Page/ })).map((row) => [row[0], row[1]])).toEqual([['/orders/:id/done', '12'], ['/checkout', '3'], ['(none)', '0']]);
    const byLocale = within((await page('?survey=checkout-nps&by=locale')).getByRole('region', { name: /checkout-nps/ }));
    expect(rows(byLocale.getByRole('table', { name: /by Locale/ })).map((row) => [row[0], row[1]])).toEqual([['en-US', '9'], ['de-DE', '6'], ['(none)', '0']]);
  });

  it.skipIf(backend.skip)('shows the most answered values and sums the rest as Other', async () => {
    const section = within((await page('?survey=checkout-nps&by=attr%3Acompany')).getByRole('region', { name: /checkout-nps/ }));
    const table = rows(section.getByRole('table', { name: /by company/ }));
    expect(table).toHaveLength(9);
    expect(table.slice(0, 3).map((row) => [row[0], row[1]])).toEqual([['co-0', '2'], ['co-1', '2'], ['co-2', '2']]);
    expect(table[8]![0]).toBe('Other (4 values)');
    expect(table.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(15);
  });

  it.skipIf(backend.skip)('gives the same numbers in the JSON API and the CSV', async () => {
    const json = (await (await adminFetch(`${collector.url}/v1/results?survey=checkout-nps&by=attr:plan`)).json()) as {
      surveys: Array<{ score: number; interval: unknown; responses: number; byTrigger: Array<{ value: string; shown: number; answered: number; responseRate: number | null }>; breakdown: { rows: Array<{ value: string; score: number; interval: { low: number; high: number } | null; responses: number }> }; trends: { week: Array<{ period: string; score: number }>; month: unknown[] } }>;
    };
    const survey = json.surveys[0]!;
    expect(survey.breakdown.rows.map((row) => [row.value, row.responses, Math.round(row.score * 1e9) / 1e9])).toEqual([['pro', 12, 16.666666667], ['free', 3, -100]]);
    expect(survey.breakdown.rows[0]!.interval).toEqual(npsInterval(6, 2, 4));
    expect(survey.trends.week.length).toBeGreaterThan(0);
    expect(survey.trends.month.length).toBeGreaterThan(0);
    const csv = (await (await adminFetch(`${collector.url}/results.csv?survey=checkout-nps&by=attr:plan`)).text()).trim().split('\r\n').map((line) => line.split(','));
    expect(csv[0]).toEqual(['survey_id', 'kind', 'figure', 'key', 'responses', 'score', 'ci_low', 'ci_high', 'shown', 'answered', 'response_rate']);
    const line = (figure: string, key: string) => csv.find((cells) => cells[2] === figure && cells[3] === key)!;
    expect(line('overall', '').slice(4, 6).map(Number)).toEqual([survey.responses, survey.score]);
    const pro = line('by:attr:plan', 'pro');
    expect([Number(pro[4]), Number(pro[5]), Number(pro[6]), Number(pro[7])]).toEqual([12, survey.breakdown.rows[0]!.score, survey.breakdown.rows[0]!.interval!.low, survey.breakdown.rows[0]!.interval!.high]);
    const trigger = line('trigger', 'event: checkout_completed');
    expect([Number(trigger[8]), Number(trigger[9]), Number(trigger[10])]).toEqual([20, 15, 0.75]);
    expect(survey.byTrigger[0]).toMatchObject({ value: 'event: checkout_completed', shown: 20, answered: 15, responseRate: 0.75 });
    expect(line('week', survey.trends.week[0]!.period)[5]).toBe(String(survey.trends.week[0]!.score));
  });

  it.skipIf(backend.skip)('draws the monthly trend when asked, with intervals', async () => {
    const section = within((await page('?survey=checkout-nps&trend=month')).getByRole('region', { name: /checkout-nps/ }));
    const line = section.getByRole('img', { name: 'checkout-nps: NPS by month' });
    expect(line.querySelectorAll('circle')).toHaveLength(1);
    // 15 answers this month: enough for an interval band.
    expect(line.querySelectorAll('polygon.band')).toHaveLength(1);
    expect(section.getByRole('link', { name: 'By week' }).getAttribute('href')).toContain('survey=checkout-nps');
  });

  it.skipIf(backend.skip)('builds the breakdowns and the inbox from records stored before they existed', async () => {
    const target = await atVersion4(backend, seed().slice(0, 15));
    const store = await openStore(target);
    try {
      const plans = await store.dimensionGroups({ surveyId: 'checkout-nps' }, 'attr:plan');
      expect(plans.filter((group) => group.value === 'pro').reduce((sum, group) => sum + group.count, 0)).toBe(12);
      expect(await store.dimensions(['checkout-nps'])).toEqual(['attr:company', 'attr:plan', 'locale', 'path', 'trigger']);
      expect((await store.inbox.counts({})).new).toBe(PRO.filter((score) => score <= 6).length + FREE.length);
    } finally {
      await store.close();
    }
  });
});

/** A fresh database at schema v4 holding `records`, as a collector before the inbox and breakdowns left it. */
async function atVersion4(backend: Backend, records: WireRecord[]) {
  const target = await backend.fresh();
  const columns = 'id, type, survey_id, kind, score, scale_min, scale_max, category, comment, user_id, anonymous_id, created_at, received_at, json';
  const values = (record: WireRecord) => {
    const answer = record.type === 'response' ? record : null;
    return [record.id, record.type, record.surveyId, record.kind, answer?.score ?? null, answer?.scale.min ?? null, answer?.scale.max ?? null, answer?.category ?? null, answer?.comment ?? null, null, record.anonymousId, record.createdAt, record.createdAt, JSON.stringify(record)];
  };
  if (backend.name === 'sqlite') {
    const db = new Database(target.dbPath);
    SQLITE_MIGRATIONS.slice(0, 4).forEach((sql) => db.exec(sql));
    db.pragma('user_version = 4');
    for (const record of records) db.prepare(`INSERT INTO records (${columns}) VALUES (${values(record).map(() => '?').join(', ')})`).run(...values(record));
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      for (const sql of POSTGRES_MIGRATIONS.slice(0, 4)) await client.query(sql);
      await client.query('CREATE TABLE hark_schema_version (version INTEGER NOT NULL); INSERT INTO hark_schema_version VALUES (4)');
      for (const record of records) await client.query(`INSERT INTO records (${columns}) VALUES (${values(record).map((_, i) => `$${i + 1}`).join(', ')})`, values(record));
    } finally {
      await client.end();
    }
  }
  return target;
}
