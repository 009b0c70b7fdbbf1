import * as z from 'zod/mini';
import { HarkError } from '../errors';
import { DeliveryConfigSchema } from '../outbox/deliveryConfig';
import { issuesToError } from './issues';
import { SurveySchema, type Survey } from './survey';
import type { WireRecord } from './wire';

function isEndpoint(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const UserSchema = z.strictObject({
  id: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(512)))),
  attributes: z.optional(z.record(z.string(), z.unknown())),
});

/** Where the prompt sits on the page. */
export const PositionSchema = z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center']);

/** `init(config)`'s options. Surveys are validated one by one so an error names the survey. */
export const ConfigSchema = z.strictObject({
  endpoint: z.string().check(
    z.refine(isEndpoint, 'must be an http(s) URL or a path starting with "/", e.g. "https://api.example.com/v1/records"'),
  ),
  headers: z.optional(z.record(z.string(), z.string())),
  surveys: z.optional(z.array(z.unknown())),
  surveysUrl: z.optional(
    z.string().check(z.refine(isEndpoint, 'must be an http(s) URL or a path starting with "/", e.g. "/hark/surveys.json"')),
  ),
  recontactDays: z.optional(z.number().check(z.nonnegative())),
  consent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  beforeSend: z.optional(
    z.custom<(record: WireRecord) => WireRecord | null | undefined>((value) => typeof value === 'function', 'must be a function (record) => record | null'),
  ),
  user: z.optional(UserSchema),
  locale: z.optional(z.string().check(z.minLength(2), z.maxLength(35))),
  position: z.optional(PositionSchema),
  theme: z.optional(z.record(z.string(), z.string())),
  storage: z.optional(z.enum(['indexeddb', 'memory'])),
  batchSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  delivery: z.optional(DeliveryConfigSchema),
  debug: z.optional(z.boolean()),
});

type RawConfig = z.infer<typeof ConfigSchema>;

/** A validated config, surveys included. */
export type HarkConfig = Omit<RawConfig, 'surveys'> & { readonly surveys: readonly Survey[] };

/** What `init` accepts: the same shape, with surveys not yet validated. */
export type HarkConfigInput = Omit<RawConfig, 'surveys'> & { surveys?: readonly unknown[] };

/**
 * Validates `init`'s config. Throws a HarkError (`invalid_config` or
 * `invalid_survey`) whose message and `field` name the offending input.
 */
export function parseConfig(input: unknown): HarkConfig {
  if (typeof input !== 'object' || input === null) {
    throw new HarkError('invalid_config', 'init(config) needs an object such as { endpoint: "https://…", surveys: [...] }');
  }
  const result = ConfigSchema.safeParse(input);
  if (!result.success) throw issuesToError('invalid_config', 'invalid config', result.error.issues);
  const surveys = (result.data.surveys ?? []).map((raw, index) => parseSurvey(raw, `surveys[${index}]`));
  const seen = new Set<string>();
  surveys.forEach((survey, index) => {
    if (seen.has(survey.id)) {
      throw new HarkError('invalid_survey', `surveys[${index}].id: duplicate survey id "${survey.id}"`, {
        field: `surveys[${index}].id`,
      });
    }
    seen.add(survey.id);
  });
  return { ...result.data, surveys };
}

/** Validates one survey definition; the error names the survey and the field. */
export function parseSurvey(input: unknown, where = 'survey'): Survey {
  const result = SurveySchema.safeParse(input);
  if (result.success) return result.data;
  const id = typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
    ? ` "${(input as { id: string }).id}"`
    : '';
  throw issuesToError('invalid_survey', `invalid survey${id}`, result.error.issues, where);
}
