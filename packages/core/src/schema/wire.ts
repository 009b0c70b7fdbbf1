import * as z from 'zod/mini';
import { SurveyKindSchema } from './survey.js';
import { categoryFitsScore } from './scoring.js';
import {
  CATEGORY_MESSAGE,
  INSTANT_MESSAGE,
  INT32_MAX,
  INT32_MIN,
  isBoundedJson,
  isReasonableInstant,
  JSON_MESSAGE,
  scaleFits,
  SCALE_MESSAGE,
  SCORE_MESSAGE,
  scoreInScale,
} from './refinements.js';

/**
 * The wire contract: the body of `POST {endpoint}`. This file is the single
 * source of it; the reference collector imports these schemas.
 */

const shortText = z.string().check(z.maxLength(512));
// Lowercased, so the same UUID in another case is the same record to every server.
const id = z.string().check(z.toLowerCase(), z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'));
const isoDate = z.iso.datetime();
// What every database column can hold: a 32-bit integer, a timestamp from 1970 to 9999.
const int32 = z.number().check(z.int(), z.gte(INT32_MIN), z.lte(INT32_MAX));
const instant = isoDate.check(z.refine(isReasonableInstant, { message: INSTANT_MESSAGE }));
// Free-form objects are stored whole, so their size is bounded like the strings beside them.
const boundedRecord = z.record(z.string(), z.unknown()).check(z.refine(isBoundedJson, { message: JSON_MESSAGE }));

const base = {
  id,
  surveyId: z.string().check(z.minLength(1), z.maxLength(128)),
  kind: SurveyKindSchema,
  userId: z.optional(z.nullable(shortText)),
  anonymousId: shortText,
  attributes: z.optional(boundedRecord),
  trigger: z.optional(boundedRecord),
  context: z.optional(z.object({ url: z.optional(z.string().check(z.maxLength(4096))), locale: z.optional(shortText) })),
  /** Per-device sequence number, so a server can measure gaps. */
  seq: z.optional(z.number().check(z.int(), z.nonnegative(), z.lte(INT32_MAX))),
  /** The device's clock when the record was made: a claim; servers report by their own receive time. */
  createdAt: instant,
};

/** An answer. Self-describing: `scale` and `category` let a server score it without the survey. */
export const ResponseRecordSchema = z
  .object({
    ...base,
    type: z.literal('response'),
    score: int32,
    // The survey's own scale rule (at most 11 points), so a server's per-score tables stay small.
    scale: z.object({ min: int32, max: int32 }).check(z.refine(scaleFits, { message: SCALE_MESSAGE })),
    category: z.enum(['detractor', 'passive', 'promoter', 'low', 'mid', 'high']),
    question: z.string().check(z.maxLength(1000)),
    comment: z.optional(z.string().check(z.maxLength(5000))),
  })
  .check(
    z.refine(scoreInScale, { message: SCORE_MESSAGE, path: ['score'] }),
    z.refine(categoryFitsScore, { message: CATEGORY_MESSAGE, path: ['category'] }),
  );

/** A prompt was shown, or dismissed without an answer. */
export const EventRecordSchema = z.object({ ...base, type: z.enum(['shown', 'dismissed']) });

/** Any record on the wire. */
export const WireRecordSchema = z.union([ResponseRecordSchema, EventRecordSchema]);

/** Most records one batch may carry. */
export const MAX_BATCH_RECORDS = 100;

/** The whole request body. */
export const BatchSchema = z.object({
  sdk: z.object({ name: shortText, version: shortText }),
  sentAt: isoDate,
  records: z.array(WireRecordSchema).check(z.minLength(1), z.maxLength(MAX_BATCH_RECORDS)),
});

/** An answer as sent. */
export type ResponseRecord = z.infer<typeof ResponseRecordSchema>;
/** A shown/dismissed record as sent. */
export type EventRecord = z.infer<typeof EventRecordSchema>;
/** Any record as sent. */
export type WireRecord = z.infer<typeof WireRecordSchema>;
/** A request body as sent. */
export type Batch = z.infer<typeof BatchSchema>;
