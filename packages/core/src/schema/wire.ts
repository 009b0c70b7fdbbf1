import * as z from 'zod/mini';
import { SurveyKindSchema } from './survey.js';
import { categorize } from '../scoring.js';

/**
 * The wire contract: the body of `POST {endpoint}`. This file is the single
 * source of it; the reference collector imports these schemas.
 */

const shortText = z.string().check(z.maxLength(512));
const id = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'));
const isoDate = z.iso.datetime();

const base = {
  id,
  surveyId: z.string().check(z.minLength(1), z.maxLength(128)),
  kind: SurveyKindSchema,
  userId: z.optional(z.nullable(shortText)),
  anonymousId: shortText,
  attributes: z.optional(z.record(z.string(), z.unknown())),
  trigger: z.optional(z.record(z.string(), z.unknown())),
  context: z.optional(z.object({ url: z.optional(z.string().check(z.maxLength(4096))), locale: z.optional(shortText) })),
  /** Per-device sequence number, so a server can measure gaps. */
  seq: z.optional(z.number().check(z.int(), z.nonnegative())),
  createdAt: isoDate,
};

/** An answer. Self-describing: `scale` and `category` let a server score it without the survey. */
export const ResponseRecordSchema = z
  .object({
    ...base,
    type: z.literal('response'),
    score: z.number().check(z.int()),
    scale: z.object({ min: z.number().check(z.int()), max: z.number().check(z.int()) }),
    category: z.enum(['detractor', 'passive', 'promoter', 'low', 'mid', 'high']),
    question: z.string().check(z.maxLength(1000)),
    comment: z.optional(z.string().check(z.maxLength(5000))),
  })
  .check(
    z.refine((r) => r.score >= r.scale.min && r.score <= r.scale.max, {
      message: 'score must lie within scale',
      path: ['score'],
    }),
    z.refine((r) => r.score < r.scale.min || r.score > r.scale.max || r.category === categorize(r.kind, r.score, r.scale), {
      message: 'category does not match score',
      path: ['category'],
    }),
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
