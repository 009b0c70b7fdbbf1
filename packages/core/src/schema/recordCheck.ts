import { categorize } from './scoring.js';
import { any, nullable, num, obj, oneOf, opt, rec, run, str, union, type Check, type Issue } from './check.js';
import { INSTANT_MESSAGE, INT32_MAX, INT32_MIN, isBoundedJson, isReasonableInstant, JSON_MESSAGE, scaleFits, SCALE_MESSAGE } from './refinements.js';

// The browser's mirror of WireRecordSchema (wire.ts), which the outbox checks a
// stored record against before sending it; a test holds them equal.

const shortText = str([undefined, 512]);

/** `z.iso.datetime()`: UTC with seconds, a real calendar day. */
function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/.test(value)) return false;
  const day = value.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

const int32 = num(true, INT32_MIN, INT32_MAX);

const boundedRecord = rec(any, [isBoundedJson, JSON_MESSAGE]);

const base = {
  id: str([], [(id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id), 'must be a UUID', 'regex']),
  surveyId: str([1, 128]),
  kind: oneOf(['nps', 'ces', 'csat']),
  userId: opt(nullable(shortText)),
  anonymousId: shortText,
  attributes: opt(boundedRecord),
  trigger: opt(boundedRecord),
  context: opt(obj({ url: opt(str([undefined, 4096])), locale: opt(shortText) }, false)),
  seq: opt(num(true, 0, INT32_MAX)),
  createdAt: str([], [isIsoDate, 'Invalid input', 'datetime'], [isReasonableInstant, INSTANT_MESSAGE]),
};

interface Scored {
  readonly kind: 'nps' | 'ces' | 'csat';
  readonly score: number;
  readonly scale: { readonly min: number; readonly max: number };
  readonly category: string;
}

const inScale = (r: Scored) => r.score >= r.scale.min && r.score <= r.scale.max;

const response = obj<Scored>(
  {
    ...base,
    type: oneOf(['response']),
    score: int32,
    scale: obj({ min: int32, max: int32 }, false, [scaleFits, SCALE_MESSAGE]),
    category: oneOf(['detractor', 'passive', 'promoter', 'low', 'mid', 'high']),
    question: str([undefined, 1000]),
    comment: opt(str([undefined, 5000])),
  },
  false,
  [inScale, 'score must lie within scale', undefined, 'score'],
  [(r) => !inScale(r) || r.category === categorize(r.kind, r.score, r.scale), 'category does not match score', undefined, 'category'],
);

const RECORD_CHECK: Check = union([response, obj({ ...base, type: oneOf(['shown', 'dismissed']) }, false)]);

/** What is wrong with a record about to be sent, as `path message`, or null when it is a valid wire record. */
export function recordProblem(record: unknown): string | null {
  const result = run(RECORD_CHECK, record);
  if (result.ok) return null;
  const issue: Issue | undefined = result.issues[0];
  return issue ? `${issue.path.join('.')} ${issue.message}` : 'unknown';
}
