import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyKind } from '@hark/core/schema';
import { categorize } from '@hark/core/schema';
import { openStore, startCollector, type ExportRow, type RecordsStore, type RunningCollector, type StoredRecord } from '@hark/collector';
import { adminFetch, testAdmin } from './support/admin';
import { backends, type BackendTarget } from './support/backends';
import { batch, post } from './support/records';

// One hostile corpus, sent to a SQLite and a PostgreSQL collector alike: both
// must answer every batch the same (200 or 400, never 5xx), end with the same
// contents, and still render their results pages.

const all = backends();
const ready = all.every((backend) => !backend.skip);

/** The cases the collector was once broken by, each on an otherwise valid record: the fields it overrides, and the field a 400 names (null: stored). */
const KNOWN: Array<[Record<string, unknown>, string | null]> = [
  [{ scale: { min: 5, max: 5 }, score: 5 }, 'scale'],
  [{ scale: { min: 0, max: 300_000 }, score: 150_000 }, 'scale'],
  [{ scale: { min: 0, max: 100_000 }, score: 99_999 }, 'scale'],
  [{ scale: { min: 0, max: 3_000_000_000 }, score: 3_000_000_000 }, 'scale.max'],
  [{ scale: { min: 2 ** 31 - 11, max: 2 ** 31 - 1 }, score: 2 ** 31 - 1, category: 'promoter' }, null],
  [{ scale: { min: 0, max: 10 }, score: 3_000_000_000 }, 'score'],
  [{ createdAt: '0000-01-01T00:00:00Z' }, 'createdAt'],
  [{ createdAt: '0050-06-01T00:00:00Z' }, 'createdAt'],
  [{ createdAt: '9999-12-31T23:59:59.999Z' }, null],
  [{ createdAt: `2026-01-01T00:00:00.${'9'.repeat(60)}Z` }, 'createdAt'],
  [{ seq: 2 ** 31 }, 'seq'],
  [{ attributes: { blob: 'x'.repeat(950_000) } }, 'attributes'],
  [{ attributes: { blob: 'y'.repeat(4000) } }, null],
  [{ trigger: { event: 'e'.repeat(5000) } }, 'trigger'],
  [{ comment: 'a\u0000b \ud800 c \udfff' }, null],
  [{ comment: "'); DROP TABLE records; --" }, null],
  [{ surveyId: 'nul\u0000survey' }, null],
  [{ anonymousId: '\ud83d' }, null],
  [{ attributes: { '\u0000key': 'v', nested: { deeper: [1, 2.5, -0, 1e308, 'é'] } } }, null],
];

const KINDS: readonly SurveyKind[] = ['nps', 'ces', 'csat'];
const SCALES = { nps: { min: 0, max: 10 }, ces: { min: 1, max: 7 }, csat: { min: 1, max: 5 } } as const;

const hostileText = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 12 },
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\u0000', '\ud800', 'a\udfffb', '\u202e', '<script>alert(1)</script>', '=HYPERLINK("x")', 'x'.repeat(513), 'x'.repeat(5001)),
);
const id = fc.oneof(
  { arbitrary: fc.uuid({ version: 7 }), weight: 10 },
  fc.uuid({ version: 7 }).map((value) => value.toUpperCase()),
  // A few ids shared across batches and spellings, so duplicates and case meet.
  fc.constantFrom('01a20e35-c721-73ca-886e-00000000005e', '01A20E35-C721-73CA-886E-00000000005E', '01a20e35-c721-73ca-886e-0000000000aa'),
  fc.constantFrom('not-a-uuid', ''),
);
const instant = fc.oneof(
  { arbitrary: fc.date({ min: new Date('1960-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), weight: 10 },
  fc.constantFrom('0000-01-01T00:00:00Z', '0050-06-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', 'yesterday'),
);
const scale = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.values(SCALES)), weight: 10 },
  fc.record({ min: fc.integer({ min: -20, max: 20 }), max: fc.integer({ min: -20, max: 20 }) }),
  fc.record({ min: fc.constantFrom(-(2 ** 31) - 1, -(2 ** 31), 0, 2 ** 31 - 11), max: fc.constantFrom(2 ** 31 - 1, 2 ** 31, 100_000, 9) }),
);
const attributes = fc.oneof(
  { arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), weight: 10 },
  fc.constantFrom({ blob: 'z'.repeat(5000) }, JSON.parse('{"__proto__": {"polluted": true}}') as object),
);

const record = fc
  .record(
    {
      id,
      type: fc.constantFrom('response', 'response', 'shown', 'dismissed'),
      surveyId: fc.oneof({ arbitrary: fc.constantFrom('checkout-nps', 'support-csat', 'Checkout-NPS'), weight: 4 }, hostileText),
      kind: fc.constantFrom(...KINDS),
      score: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 10 }), weight: 10 }, fc.constantFrom(3_000_000_000, -(2 ** 31) - 1, 2 ** 31 - 1, 0.5)),
      scale,
      question: hostileText,
      comment: hostileText,
      userId: fc.oneof(fc.constant(null), hostileText),
      anonymousId: hostileText,
      attributes,
      trigger: attributes,
      seq: fc.oneof({ arbitrary: fc.nat(), weight: 10 }, fc.constantFrom(2 ** 31 - 1, 2 ** 31, -1)),
      createdAt: instant,
      known: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, fc.constantFrom(...KNOWN.map(([fields]) => fields))),
    },
    { requiredKeys: ['id', 'type', 'surveyId', 'kind', 'score', 'scale', 'question', 'anonymousId', 'createdAt', 'known'] },
  )
  .map(({ known, ...fields }) => {
    const merged = { ...fields, ...(known as object | null) } as Record<string, unknown> & { kind: SurveyKind; score: number; scale: { min: number; max: number } };
    // Mostly the right band, so that many records pass and are stored.
    const category = merged.scale.max > merged.scale.min ? categorize(merged.kind, merged.score, merged.scale) : 'promoter';
    return merged.type === 'response' ? { category, ...merged } : (({ score: _s, scale: _c, question: _q, comment: _m, ...event }) => event)(merged);
  });

type Side = { name: 'sqlite' | 'postgres'; collector: RunningCollector; reader: RecordsStore; target: BackendTarget };

describe.skipIf(!ready)('a hostile corpus against SQLite and PostgreSQL', () => {
  const sides: Side[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    for (const backend of all) {
      const target = await backend.fresh();
      const collector = await startCollector({ ...target, port: 0, rateLimit: false, admin: await testAdmin() });
      sides.push({ name: backend.name, collector, reader: await openStore(target), target });
    }
  }, 120_000);
  afterAll(async () => {
    for (const side of sides) {
      await side.reader.close();
      await side.collector.close();
    }
  });

  it('answers every batch alike on both backends, 200 or a 400 naming the field, never 5xx', async () => {
    const send = async (body: unknown) => {
      const answers = await Promise.all(sides.map(async (side) => {
        const res = await post(side.collector.endpoint, body);
        return { status: res.status, json: (await res.json()) as { issues?: Array<{ path: unknown[] }>; stored?: number } };
      }));
      statuses.push(answers[0]!.status);
      expect(answers.map((answer) => answer.status)).toEqual([answers[0]!.status, answers[0]!.status]);
      expect([200, 400, 413]).toContain(answers[0]!.status);
      expect(answers[1]!.json).toEqual(answers[0]!.json);
      if (answers[0]!.status === 400 && answers[0]!.json.issues) expect(answers[0]!.json.issues.every((issue) => issue.path.length >= 2)).toBe(true);
      return answers[0]!;
    };
    // Each known case alone, on an otherwise valid record, in a survey of its own (so its scale is the survey's usual one).
    const base = { type: 'response', kind: 'nps', score: 9, scale: { min: 0, max: 10 }, category: 'promoter', question: 'Q?', anonymousId: 'a', createdAt: '2026-11-24T12:00:00.000Z' };
    for (const [index, [fields, field]] of KNOWN.entries()) {
      const value = { ...base, id: `01a20e35-c721-73ca-886e-${String(0x900 + index).padStart(12, '0')}`, surveyId: `known-${index}`, ...fields };
      const answers = await send(batch(value));
      expect(answers.status, JSON.stringify(fields).slice(0, 80)).toBe(field === null ? 200 : 400);
      if (field !== null) expect(answers.json.issues?.map((issue) => issue.path.join('.')), JSON.stringify(fields).slice(0, 80)).toContain(`records.0.${field}`);
    }
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 3 }), async (records) => void (await send(batch(...records)))), { numRuns: 200, seed: 14 });
    console.log(`hostile corpus: ${statuses.filter((status) => status === 200).length} batches stored, ${statuses.filter((status) => status !== 200).length} refused`);
    // Enough of both outcomes that the comparison below means something.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(30);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThan(30);
  }, 240_000);

  it('leaves both databases with the same contents, every id lowercase', async () => {
    const dump = async (store: RecordsStore) => {
      const rows: Array<Omit<ExportRow, 'receivedAt'>> = [];
      for await (const page of store.exportPages({})) rows.push(...page.map(({ receivedAt: _r, ...row }) => row));
      const records: Array<StoredRecord['record']> = [];
      for (let after: Awaited<ReturnType<RecordsStore['list']>>['next'] = null, first = true; first || after; first = false) {
        const page = await store.list({ limit: 500, after });
        records.push(...page.records.map((stored) => stored.record));
        after = page.next;
      }
      const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
      return { rows: byId(rows), records: byId(records) };
    };
    const [sqlite, postgres] = await Promise.all(sides.map((side) => dump(side.reader)));
    expect(sqlite!.rows.length).toBeGreaterThan(30);
    expect(postgres!.rows).toEqual(sqlite!.rows);
    expect(postgres!.records).toEqual(sqlite!.records);
    expect(sqlite!.rows.every((row) => row.id === row.id.toLowerCase())).toBe(true);
    expect(await sides[1]!.reader.count()).toBe(await sides[0]!.reader.count());
  });

  it('still renders every results page, each survey alone, and the export, with status 200', async () => {
    for (const side of sides) {
      const surveys = await side.reader.surveys({}, { offset: 0, limit: 1000 });
      expect((await adminFetch(`${side.collector.url}/`)).status, side.name).toBe(200);
      for (let page = 2; page <= Math.ceil(surveys.total / 20); page++) expect((await adminFetch(`${side.collector.url}/?page=${page}`)).status).toBe(200);
      for (const surveyId of surveys.surveyIds.slice(0, 40)) {
        const res = await adminFetch(`${side.collector.url}/?survey=${encodeURIComponent(surveyId)}`);
        expect(res.status, `${side.name} ${JSON.stringify(surveyId)}`).toBe(200);
        expect((await res.text()).length).toBeLessThan(2_000_000);
      }
      const csv = await adminFetch(`${side.collector.url}/export.csv`);
      expect(csv.status).toBe(200);
      expect((await csv.text()).split('\r\n').length).toBeGreaterThan(30);
    }
  }, 120_000);
});
