import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarkError } from '@hark/core';
import { ConfigSchema, parseConfig, parseSurvey, SurveySchema, WireRecordSchema } from '@hark/core/schema';
import { wireChecks } from '../../src/schema/wireChecks';
import { CHECKER } from '../../src/schema/check';

/** The delivery code's record check, built of the checker the client lends it. */
const recordProblem = wireChecks(CHECKER).record;

// init() and the outbox check input without zod, with checks derived from the
// zod schemas (schema/checks.generated.ts). These properties prove the
// derivation faithful: the same values pass, with the same output, and the same
// issues are reported.

type Loose = Record<string, unknown>;

const ISSUE_FIELDS = ['code', 'path', 'message', 'expected', 'values', 'keys', 'origin', 'minimum', 'maximum', 'inclusive', 'format', 'options'];

function mine(parse: () => unknown): { ok: true; value: unknown } | { ok: false; issues: Loose[] } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    expect(error).toBeInstanceOf(HarkError);
    return { ok: false, issues: normalize((error as HarkError).details as Loose[]) };
  }
}

const samePath = (a: Loose, b: Loose) => JSON.stringify(a.path) === JSON.stringify(b.path);

/**
 * The one place the checks differ on purpose: after a wrong type, zod still runs
 * length checks on anything with a `.length` (`locale: []` is reported as not a
 * string *and* as an array that is too short). The checks report the wrong type only.
 */
const withoutLengthAfterWrongType = (issues: readonly Loose[]) =>
  issues.filter((issue, index) => !(/^too_/.test(String(issue.code)) && issues.slice(0, index).some((before) => before.code === 'invalid_type' && samePath(before, issue))));

function normalize(issues: readonly Loose[]): Loose[] {
  return withoutLengthAfterWrongType(issues).map((issue) => {
    const out: Loose = {};
    for (const field of ISSUE_FIELDS) if (issue[field] !== undefined) out[field] = issue[field];
    if (Array.isArray(issue.errors)) out.errors = (issue.errors as Loose[][]).map(normalize);
    return out;
  });
}

function theirs(result: { success: true; data: unknown } | { success: false; error: { issues: readonly unknown[] } }) {
  if (result.success) return { ok: true as const, value: result.data };
  return { ok: false as const, issues: normalize(result.error.issues as Loose[]) };
}

/** Mostly the right kind of value, sometimes anything at all. */
const nasty = fc.anything({ withSparseArray: true, withNullPrototype: true, withObjectString: true });
const or = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: nasty, weight: 1 });
/** Arrays with holes (`[a, , b]`) as well as dense ones. */
const list = <T>(item: fc.Arbitrary<T>, constraints: { minLength?: number; maxLength: number }) =>
  fc.oneof({ arbitrary: fc.array(item, constraints), weight: 4 }, fc.sparseArray(item, { maxLength: constraints.maxLength, minNumElements: constraints.minLength }));
class Custom {}
/** Objects a record check must judge as zod does: symbol keys, `__proto__` keys, no prototype, a constructor of their own. */
const oddRecord = fc.constantFrom<object>(
  { [Symbol.for('hark.test')]: 'x', a: 'b' },
  JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}'),
  Object.create(null),
  { constructor: Custom },
  { constructor: 'text' },
  new Custom(),
  Object.defineProperty({ a: 'b' }, 'hidden', { value: 1, enumerable: false }),
);
const record = <T>(value: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.dictionary(str(1, 3), value), weight: 6 }, oddRecord);
const str = (min = 0, max = 20) => fc.string({ minLength: min, maxLength: max });
const text = fc.oneof({ arbitrary: str(1), weight: 20 }, fc.constant(''), fc.constant('x'.repeat(1001)));
const num = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 12 },
  fc.integer({ min: -3, max: 120 }),
  fc.double({ min: -2, max: 2 }),
  fc.constantFrom(0, 1, 1.5, NaN, Infinity, -0, 2 ** 60, -(2 ** 53)),
);
const urlRule = fc.oneof(
  text,
  fc.record({ equals: or(text) }),
  fc.record({ startsWith: or(text) }),
  fc.record({ matches: or(fc.constantFrom('^/a', '(', '[a-', '.*', '')) }),
  fc.record({ contains: or(text), equals: or(text) }, { requiredKeys: [] }),
);
const trigger = fc.oneof(
  fc.record({ on: fc.constant('event'), event: or(text), where: or(record(fc.anything())), nth: or(num) }, { requiredKeys: ['on'] }),
  fc.record({ on: fc.constant('pageview'), url: or(fc.oneof(urlRule, fc.array(urlRule, { maxLength: 2 }))), exclude: or(list(urlRule, { maxLength: 2 })) }, { requiredKeys: ['on'] }),
  fc.record({ on: fc.constant('click'), selector: or(text) }, { requiredKeys: ['on'] }),
  fc.record({ on: fc.constantFrom('exit-intent', 'hover', 'toString', '__proto__') }),
  fc.record({ on: fc.constant('scroll'), percent: or(num) }, { requiredKeys: ['on'] }),
  fc.record({ on: fc.constant('time'), seconds: or(num), extra: fc.integer() }, { requiredKeys: ['on'] }),
);
const words = fc.record({ low: or(text), mid: or(text), high: or(text) }, { requiredKeys: [] });

const survey = fc.record(
  {
    id: or(fc.oneof({ arbitrary: fc.constantFrom('nps-1', 'checkout:2'), weight: 10 }, fc.constantFrom('a b', '', 'x'.repeat(129)), str(1, 8))),
    kind: or(fc.constantFrom('nps', 'ces', 'csat', 'star')),
    scale: or(fc.record({ min: or(num), max: or(num) })),
    question: or(text),
    labels: or(words),
    followUp: or(fc.record({ question: or(text), byScore: or(words), maxLength: or(num) }, { requiredKeys: [] })),
    thankYou: or(text),
    display: or(fc.constantFrom('numbers', 'stars', 'faces', 'emoji')),
    strings: or(fc.record({ send: or(text), counter: or(text), choices: or(list(text, { maxLength: 13 })) }, { requiredKeys: [] })),
    triggers: or(list(or(trigger), { maxLength: 3, minLength: 1 })),
    targeting: or(
      fc.record({ attributes: or(record(fc.anything())), urls: or(list(urlRule, { maxLength: 2 })), sample: or(num) }, { requiredKeys: [] }),
    ),
    frequency: or(fc.record({ recontactDays: or(num), maxDisplays: or(num), maxIgnored: or(num) }, { requiredKeys: [] })),
    delayMs: or(num),
    inline: or(fc.record({ answered: or(fc.constantFrom('thanks', 'hidden', 'nothing')), extra: fc.constant(1) }, { requiredKeys: [] })),
    typo: fc.constant(1),
  },
  { requiredKeys: ['id', 'kind', 'triggers'] },
);

/** Surveys that are valid by construction, so the outputs get compared too. */
const validSurvey = fc.record(
  {
    id: fc.constantFrom('nps-1', 'checkout:2', 'a.b_c-d'),
    kind: fc.constantFrom('nps', 'ces', 'csat'),
    question: str(1),
    triggers: fc.array(
      fc.oneof(
        fc.record({ on: fc.constant('event'), event: str(1), where: fc.dictionary(str(1, 3), fc.jsonValue()) }, { requiredKeys: ['on', 'event'] }),
        fc.record({ on: fc.constant('pageview'), url: fc.constantFrom('/a', ['/b/*'], { matches: '^/c' }) }, { requiredKeys: ['on'] }),
        fc.record({ on: fc.constant('scroll'), percent: fc.integer({ min: 0, max: 100 }) }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    targeting: fc.record({ urls: fc.array(fc.constantFrom('/x', { startsWith: 'https://' })), sample: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
    frequency: fc.record({ maxDisplays: fc.integer({ min: 1, max: 9 }), recontactDays: fc.nat() }, { requiredKeys: [] }),
  },
  { requiredKeys: ['id', 'kind', 'triggers'] },
);
const anySurvey = fc.oneof(validSurvey, or(survey));

const config = fc.record(
  {
    endpoint: or(fc.constantFrom('/v1/records', 'https://api.test/r', '//evil.test', 'ftp://x', 'not a url', '')),
    headers: or(fc.oneof(record(or(str())), fc.constant(() => ({ "X-Token": "t" })))),
    // Surveys are checked one by one after the config (below), so here they are always valid: none.
    surveys: fc.constant([]),
    surveysUrl: or(fc.constantFrom('/s.json', 'javascript:alert(1)')),
    recontactDays: or(num),
    consent: or(fc.boolean()),
    beforeSend: or(fc.constant((record: unknown) => record)),
    user: or(fc.record({ id: or(fc.oneof(fc.constant(null), str(0, 3))), attributes: or(record(fc.anything())) }, { requiredKeys: [] })),
    locale: or(str(0, 40)),
    position: or(fc.constantFrom('bottom-right', 'center', 'middle')),
    theme: or(record(or(str()))),
    storage: or(fc.constantFrom('indexeddb', 'memory', 'cookie')),
    batchSize: or(num),
    delivery: or(fc.record({ batchSize: or(num), maxBatchBytes: or(fc.integer({ min: 0, max: 70_000 })), timeoutMs: or(num), timeoutCapMs: or(num), surveysTimeoutMs: or(num), maxRecords: or(num), holdMs: or(num) }, { requiredKeys: [] })),
    debug: or(fc.boolean()),
    colour: fc.constant('red'),
  },
  { requiredKeys: [] },
);

const RUNS = { numRuns: 3000, seed: 8 };
/**
 * 3000 runs take about 6 s on a busy 2-core machine, and 20 s or more when
 * other test projects share it: past vitest's 5 s default, so each property
 * carries its own budget, generous on purpose (a stuck run still fails).
 */
const BUDGET = { timeout: 90_000 };

describe('the zod-free checks match the zod schemas', () => {
  it('accepts and rejects the same surveys, reporting the same issues', BUDGET, () => {
    fc.assert(
      fc.property(anySurvey, (value) => {
        expect(mine(() => parseSurvey(value))).toEqual(theirs(SurveySchema.safeParse(value)));
      }),
      RUNS,
    );
  });

  it('accepts and rejects the same configs, reporting the same issues', BUDGET, () => {
    fc.assert(
      fc.property(or(config), (value) => {
        fc.pre(typeof value === 'object' && value !== null);
        const zod = theirs(ConfigSchema.safeParse(value));
        const ours = mine(() => parseConfig(value));
        expect(ours.ok).toBe(zod.ok);
        if (!ours.ok && !zod.ok) expect(ours.issues).toEqual(zod.issues);
        if (ours.ok && zod.ok) expect(ours.value).toEqual({ ...(zod.value as Loose), surveys: [] });
      }),
      RUNS,
    );
  });

  it('names a hole in the surveys or triggers list instead of crashing later', () => {
    const survey = { id: 'a', kind: 'nps', triggers: [{ on: 'event', event: 'x' }] };
    // eslint-disable-next-line no-sparse-arrays
    expect(() => parseConfig({ endpoint: '/r', surveys: [survey, , { ...survey, id: 'b' }] })).toThrow(
      expect.objectContaining({ code: 'invalid_survey', field: 'surveys[1]' }),
    );
    // eslint-disable-next-line no-sparse-arrays
    expect(() => parseSurvey({ ...survey, triggers: [survey.triggers[0], , survey.triggers[0]] })).toThrow(
      expect.objectContaining({ code: 'invalid_survey', field: 'survey.triggers[1]' }),
    );
  });

  it('sees the cases the generators are meant to reach', BUDGET, () => {
    const sample = fc.sample(anySurvey, { numRuns: 3000, seed: 8 }).map((value) => SurveySchema.safeParse(value));
    const codes = new Set(sample.flatMap((r) => (r.success ? ['ok'] : r.error.issues.map((issue) => issue.code))));
    expect([...codes].sort()).toEqual(['custom', 'invalid_format', 'invalid_key', 'invalid_type', 'invalid_union', 'invalid_value', 'ok', 'too_big', 'too_small', 'unrecognized_keys']);
  });

  it('flags the same stored records as the wire schema', BUDGET, () => {
    const uuid = fc.oneof(fc.uuid(), fc.uuid().map((id) => id.toUpperCase()), fc.constantFrom('not-a-uuid', ''));
    const date = fc.oneof(
      fc.date({ min: new Date('1999-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2024-02-29T10:00:00Z', '2023-02-29T10:00:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T10:00Z', '2024-01-01 10:00:00Z', '2024-13-01T00:00:00.5Z', 'yesterday'),
      // What a database column cannot hold, or a report cannot place: year 0, 0050, 1969, an endless fraction.
      fc.constantFrom('0000-01-01T00:00:00Z', '0050-06-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', `2026-01-01T00:00:00.${'1'.repeat(40)}Z`),
    );
    const kind = fc.constantFrom('nps', 'ces', 'csat');
    const common = {
      id: or(uuid),
      surveyId: or(fc.oneof(str(1, 5), fc.constant(''))),
      kind: or(kind),
      anonymousId: or(str(0, 5)),
      userId: or(fc.oneof(fc.constant(null), str(0, 3))),
      context: or(fc.record({ url: or(str()), locale: or(str(0, 5)), extra: fc.integer() }, { requiredKeys: [] })),
      seq: or(fc.oneof(num, fc.constantFrom(2 ** 31 - 1, 2 ** 31))),
      attributes: or(fc.oneof(record(fc.jsonValue()), fc.constantFrom({ big: 'x'.repeat(4090) }, { big: 'x'.repeat(4084) }))),
      trigger: or(fc.oneof(record(fc.jsonValue()), fc.constant({ event: 'x'.repeat(5000) }))),
      createdAt: or(date),
    };
    const wireRecord = fc.oneof(
      fc.record({ ...common, type: fc.constantFrom('shown', 'dismissed', 'clicked') }, { requiredKeys: ['id', 'createdAt'] }),
      fc.record(
        {
          ...common,
          type: fc.constant('response'),
          score: or(fc.integer({ min: -1, max: 11 })),
          scale: or(
            fc.oneof(
              { arbitrary: fc.constantFrom({ min: 0, max: 10 }, { min: 1, max: 7 }, { min: 1, max: 5 }), weight: 6 },
              fc.record({ min: or(fc.integer({ min: -12, max: 12 })), max: or(fc.integer({ min: -12, max: 12 })) }),
              // An empty scale, spans a results table cannot hold, and integers past 32 bits.
              fc.constantFrom({ min: 5, max: 5 }, { min: 0, max: 300_000 }, { min: 0, max: 100_000 }, { min: 2 ** 31 - 5, max: 2 ** 31 + 5 }, { min: -(2 ** 31) - 1, max: -(2 ** 31) + 9 }),
            ),
          ),
          category: or(fc.constantFrom('detractor', 'passive', 'promoter', 'low', 'mid', 'high')),
          question: or(str()),
          comment: or(str()),
        },
        { requiredKeys: ['id', 'createdAt', 'type', 'score', 'scale', 'category'] },
      ),
    );
    let valid = 0;
    fc.assert(
      fc.property(or(wireRecord), (value) => {
        const zod = WireRecordSchema.safeParse(value);
        if (zod.success) valid += 1;
        const problem = recordProblem(value);
        expect(problem === null).toBe(zod.success);
        if (!zod.success) expect(problem).toBe(`${zod.error.issues[0]!.path.join('.')} ${zod.error.issues[0]!.message}`);
      }),
      RUNS,
    );
    expect(valid).toBeGreaterThan(10);
  });
});
