import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core/schema';
import { openStore, summarizeSurveys, type ExportRow, type RecordFilter, type RecordsStore } from '@hark/collector';
import { backends } from './support/backends';
import { perRecordSummaries } from './support/perRecordSummary';
import { event, response, uuid } from './support/records';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 4, 4); // a Monday
const DAYS = 220; // more weeks than the trend line shows

/** mulberry32: the same records on every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Surveys with a usual scale and, for export-ces, some answers on another one.
const SURVEYS = [
  { surveyId: 'checkout-nps', kind: 'nps', scales: [{ min: 0, max: 10 }], days: DAYS },
  { surveyId: 'support-csat', kind: 'csat', scales: [{ min: 1, max: 5 }], days: DAYS },
  { surveyId: 'export-ces', kind: 'ces', scales: [{ min: 1, max: 7 }, { min: 1, max: 7 }, { min: 1, max: 5 }], days: DAYS },
  { surveyId: 'launch-nps', kind: 'nps', scales: [{ min: 0, max: 10 }], days: 12 },
] as const;

/** About 12,000 random records over 220 days, plus the cases where "first" and "usual" need a tie broken. */
function dataset(): unknown[] {
  const next = seeded(20261124);
  // Ids in an order unrelated to time, so ordering by id is really tested.
  const id = (index: number) => uuid(Math.floor(next() * 0xffffff) * 0x10000 + index);
  const records: unknown[] = [];
  for (let index = 0; index < 12_000; index++) {
    const survey = SURVEYS[Math.floor(next() * SURVEYS.length)]!;
    const createdAt = new Date(START + Math.floor(next() * survey.days * DAY_MS)).toISOString();
    const roll = next();
    if (roll < 0.5) records.push(event('shown', { id: id(index), surveyId: survey.surveyId, kind: survey.kind, createdAt }));
    else if (roll < 0.6) records.push(event('dismissed', { id: id(index), surveyId: survey.surveyId, kind: survey.kind, createdAt }));
    else {
      const scale = survey.scales[Math.floor(next() * survey.scales.length)]!;
      const score = scale.min + Math.floor(next() * (scale.max - scale.min + 1));
      records.push(response({ id: id(index), surveyId: survey.surveyId, kind: survey.kind, scale, score, createdAt }));
    }
  }
  const at = (day: string, time = '10:00:00.000') => `${day}T${time}Z`;
  const n = (hex: number) => uuid(0xf00000000 + hex);
  records.push(
    // A Sunday's last millisecond and the next Monday's first fall in different weeks.
    response({ id: n(0x10), surveyId: 'checkout-nps', score: 0, createdAt: at('2026-06-07', '23:59:59.999') }),
    response({ id: n(0x11), surveyId: 'checkout-nps', score: 10, createdAt: at('2026-06-08', '00:00:00.000') }),
    // Answered as NPS and as CSAT (both on 0–10) at the same instant: the survey's kind is the one with the
    // smaller id there, although NPS has more answers and, later that day, the smallest id of all.
    response({ id: n(0x21), surveyId: 'mixed-kind', kind: 'nps', score: 9, createdAt: at('2026-06-01') }),
    response({ id: n(0x20), surveyId: 'mixed-kind', kind: 'csat', scale: { min: 0, max: 10 }, score: 8, createdAt: at('2026-06-01') }),
    response({ id: n(0x01), surveyId: 'mixed-kind', kind: 'nps', score: 9, createdAt: at('2026-06-01', '18:00:00.000') }),
    response({ id: n(0x22), surveyId: 'mixed-kind', kind: 'nps', score: 10, createdAt: at('2026-06-20') }),
    // Two CES scales used equally often, first at the same instant: 1–7 has the smaller id there, so it is
    // the usual one, although 1–5 has the smallest id later that day.
    response({ id: n(0x31), surveyId: 'tied-scales', kind: 'ces', scale: { min: 1, max: 5 }, score: 2, createdAt: at('2026-07-01') }),
    response({ id: n(0x30), surveyId: 'tied-scales', kind: 'ces', score: 6, createdAt: at('2026-07-01') }),
    response({ id: n(0x02), surveyId: 'tied-scales', kind: 'ces', scale: { min: 1, max: 5 }, score: 2, createdAt: at('2026-07-01', '18:00:00.000') }),
    response({ id: n(0x32), surveyId: 'tied-scales', kind: 'ces', score: 3, createdAt: at('2026-07-15') }),
    // Never answered, shown as CSAT and dismissed as CES at the same instant: the kind comes from the first record.
    event('shown', { id: n(0x41), surveyId: 'never-answered', kind: 'csat', createdAt: at('2026-08-03') }),
    event('dismissed', { id: n(0x40), surveyId: 'never-answered', kind: 'ces', createdAt: at('2026-08-03') }),
    event('shown', { id: n(0x03), surveyId: 'never-answered', kind: 'csat', createdAt: at('2026-08-03', '18:00:00.000') }),
  );
  return records;
}

// Days of receipt, both ends included.
const FILTERS: RecordFilter[] = [
  {},
  { surveyId: 'checkout-nps' },
  { surveyId: 'mixed-kind' },
  { from: '2026-06-01', to: '2026-07-12' },
  { surveyId: 'export-ces', from: '2026-08-10' },
  // Ends the day before the mixed-kind tie, then starts on it.
  { to: '2026-05-31' },
  { from: '2026-06-01', to: '2026-06-09' },
  { from: '2026-07-04', to: '2026-09-29' },
  { surveyId: 'no-such-survey' },
];

async function exported(store: RecordsStore, filter: RecordFilter): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  for await (const page of store.exportPages(filter)) rows.push(...page);
  return rows;
}

describe.each(backends())('results from grouped counts ($name)', (backend) => {
  let store: RecordsStore;
  let databaseUrl = '';
  beforeAll(async () => {
    if (backend.skip) return;
    const target = await backend.fresh();
    databaseUrl = target.databaseUrl ?? '';
    store = await openStore(target);
    const records = dataset() as WireRecord[];
    // Stored as if each had been received at its createdAt, so the days spread as a real collector's would.
    for (let start = 0; start < records.length; start += 500) await store.insert(records.slice(start, start + 500), { receivedAt: (record) => new Date(record.createdAt) });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it.skipIf(backend.skip)('gives the same page figures as scoring every record, with and without filters', async () => {
    for (const filter of FILTERS) {
      const rows = await exported(store, filter);
      const groups = await store.scoreGroups(filter);
      const weeks = await store.scoreGroups(filter, 'week');
      const months = await store.scoreGroups(filter, 'month');
      expect(groups.reduce((sum, group) => sum + group.count, 0), JSON.stringify(filter)).toBe(rows.length);
      expect(weeks.reduce((sum, group) => sum + group.count, 0), JSON.stringify(filter)).toBe(rows.length);
      expect(months.reduce((sum, group) => sum + group.count, 0), JSON.stringify(filter)).toBe(rows.length);
      expect(summarizeSurveys(groups), JSON.stringify(filter)).toStrictEqual(perRecordSummaries(rows));
      expect(summarizeSurveys(groups, 'month'), JSON.stringify(filter)).toStrictEqual(perRecordSummaries(rows, 'month'));
      // The page reads weeks or months: the same figures from far fewer rows.
      expect(summarizeSurveys(weeks), JSON.stringify(filter)).toStrictEqual(perRecordSummaries(rows));
      expect(summarizeSurveys(months, 'month'), JSON.stringify(filter)).toStrictEqual(perRecordSummaries(rows, 'month'));
      expect(weeks.every((group) => new Date(`${group.day}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      expect(months.every((group) => group.day.endsWith('-01'))).toBe(true);
    }
  });

  it.skipIf(backend.skip)('holds far fewer groups than records, and breaks the ties as the records are ordered', async () => {
    const groups = await store.scoreGroups({});
    expect(groups.length).toBeLessThan((await store.count()) / 3);
    const summaries = new Map(summarizeSurveys(groups).map((summary) => [summary.surveyId, summary]));
    expect([...summaries.keys()]).toEqual(['checkout-nps', 'export-ces', 'launch-nps', 'mixed-kind', 'never-answered', 'support-csat', 'tied-scales']);
    expect(summaries.get('mixed-kind')).toMatchObject({ kind: 'csat', scale: { min: 0, max: 10 }, responses: 1, otherScale: 3, score: 100 });
    expect(summaries.get('tied-scales')).toMatchObject({ scale: { min: 1, max: 7 }, responses: 2, otherScale: 2, score: 4.5 });
    expect(summaries.get('never-answered')).toMatchObject({ kind: 'ces', score: null, interval: null, shown: 2, dismissed: 1, responseRate: 0, trend: [] });
    expect(summaries.get('checkout-nps')!.trend).toHaveLength(26);
    expect(summarizeSurveys(groups, 'month').find((summary) => summary.surveyId === 'checkout-nps')!.trend.map((point) => point.period)).toEqual(['2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
    expect(summaries.get('export-ces')!.otherScale).toBeGreaterThan(0);
  });

  it.skipIf(backend.skip)('buckets by UTC day whatever the database session time zone', async () => {
    const edge = await store.scoreGroups({ surveyId: 'checkout-nps', from: '2026-06-07', to: '2026-06-08' });
    const [sunday, monday] = [await exported(store, { surveyId: 'checkout-nps', from: '2026-06-07', to: '2026-06-07' }), await exported(store, { surveyId: 'checkout-nps', from: '2026-06-08', to: '2026-06-08' })];
    expect(sunday.map((row) => row.receivedAt)).toContain('2026-06-07T23:59:59.999Z');
    expect(monday.map((row) => row.receivedAt)).toContain('2026-06-08T00:00:00.000Z');
    expect(edge.filter((group) => group.day === '2026-06-07').reduce((sum, group) => sum + group.count, 0)).toBe(sunday.length);
    expect(edge.filter((group) => group.day === '2026-06-08').reduce((sum, group) => sum + group.count, 0)).toBe(monday.length);
    if (backend.name !== 'postgres') return;
    const far = await openStore({ dbPath: ':memory:', databaseUrl: `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c TimeZone=Pacific/Kiritimati')}` });
    try {
      expect(await far.scoreGroups({})).toStrictEqual(await store.scoreGroups({}));
    } finally {
      await far.close();
    }
  });
});
