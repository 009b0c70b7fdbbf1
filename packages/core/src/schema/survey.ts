import * as z from 'zod/mini';
import {
  DISPLAY_MESSAGE,
  ID_MESSAGE,
  ID_PATTERN,
  REGEXP_MESSAGE,
  SCALE_MESSAGE,
  TRIGGERS_MESSAGE,
  displayFitsKind,
  isRegExpSource,
  scaleFits,
} from './refinements.js';

// The survey's contract. `init()` checks surveys with SURVEY_CHECK, derived from it (checks.generated.ts).

const text = z.string().check(z.minLength(1), z.maxLength(1000));
const positiveInt = z.number().check(z.int(), z.positive());
const nonNegative = z.number().check(z.nonnegative());

/**
 * A URL rule. A string is a glob on the path (`/reports`, `/reports/*`); the
 * object forms match the full URL.
 */
export const UrlRuleSchema = z.union([
  text,
  z.strictObject({ equals: text }),
  z.strictObject({ startsWith: text }),
  z.strictObject({ contains: text }),
  z.strictObject({
    matches: text.check(z.refine(isRegExpSource, REGEXP_MESSAGE)),
  }),
]);

const urlList = z.array(UrlRuleSchema);

/** What makes a survey a candidate. Any one trigger that fires is enough. */
export const TriggerSchema = z.discriminatedUnion('on', [
  z.strictObject({
    on: z.literal('event'),
    event: text,
    where: z.optional(z.record(z.string(), z.unknown())),
    nth: z.optional(positiveInt),
  }),
  z.strictObject({
    on: z.literal('pageview'),
    url: z.optional(z.union([UrlRuleSchema, urlList])),
    exclude: z.optional(urlList),
  }),
  z.strictObject({ on: z.literal('click'), selector: text }),
  z.strictObject({ on: z.literal('exit-intent') }),
  z.strictObject({ on: z.literal('scroll'), percent: z.number().check(z.gte(0), z.lte(100)) }),
  z.strictObject({ on: z.literal('time'), seconds: nonNegative }),
]);

/** The three kinds of question Hark asks. */
export const SurveyKindSchema = z.enum(['nps', 'ces', 'csat']);

const ScaleSchema = z
  .strictObject({ min: z.number().check(z.int()), max: z.number().check(z.int()) })
  .check(z.refine(scaleFits, { message: SCALE_MESSAGE }));

// --- Widget presentation: how the scale is drawn and per-survey words. ---
/** How a CSAT scale is drawn. Every choice keeps its number and a text equivalent. */
export const SurveyDisplaySchema = z.enum(['numbers', 'stars', 'faces']);

/** Per-survey overrides of the widget's built-in words (`counter` uses `{n}` for the count). */
export const SurveyStringsSchema = z.strictObject({
  send: z.optional(text),
  sending: z.optional(text),
  close: z.optional(text),
  followUp: z.optional(text),
  counter: z.optional(text),
  saveFailed: z.optional(text),
  announce: z.optional(text),
  /** Text equivalents of the choices, lowest first (faces and stars). */
  choices: z.optional(z.array(text).check(z.maxLength(11))),
});

// --- end widget presentation ---

/** A survey definition: the shape both the SDK and a server rely on. */
export const SurveySchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128), z.regex(ID_PATTERN, ID_MESSAGE)),
  kind: SurveyKindSchema,
  scale: z.optional(ScaleSchema),
  question: z.optional(text),
  labels: z.optional(z.strictObject({ low: z.optional(text), high: z.optional(text) })),
  followUp: z.optional(
    z.strictObject({
      question: z.optional(text),
      byScore: z.optional(z.strictObject({ low: z.optional(text), mid: z.optional(text), high: z.optional(text) })),
      maxLength: z.optional(positiveInt),
    }),
  ),
  thankYou: z.optional(text),
  display: z.optional(SurveyDisplaySchema),
  strings: z.optional(SurveyStringsSchema),
  triggers: z.array(TriggerSchema).check(z.minLength(1, TRIGGERS_MESSAGE)),
  targeting: z.optional(
    z.strictObject({
      attributes: z.optional(z.record(z.string(), z.unknown())),
      urls: z.optional(urlList),
      excludeUrls: z.optional(urlList),
      sample: z.optional(z.number().check(z.gte(0), z.lte(1))),
    }),
  ),
  frequency: z.optional(
    z.strictObject({
      recontactDays: z.optional(nonNegative),
      maxDisplays: z.optional(positiveInt),
      dismissCooldownDays: z.optional(nonNegative),
      maxIgnored: z.optional(positiveInt),
      ignoredCooldownDays: z.optional(nonNegative),
    }),
  ),
  delayMs: z.optional(nonNegative),
  /** How an inline survey (`<hark-survey>`, `<Survey inline>`) behaves once answered: `thanks` (default) keeps its thank-you in the page, `hidden` shows nothing. */
  inline: z.optional(z.strictObject({ answered: z.optional(z.enum(['thanks', 'hidden'])) })),
}).check(z.refine(displayFitsKind, { message: DISPLAY_MESSAGE, path: ['display'] }));

/** A validated survey definition. */
export type Survey = z.infer<typeof SurveySchema>;
/** A validated trigger rule. */
export type Trigger = z.infer<typeof TriggerSchema>;
/** Who may see a survey, and where. */
export type Targeting = NonNullable<Survey['targeting']>;
/** How often a survey may come back. */
export type Frequency = NonNullable<Survey['frequency']>;
/** A validated URL rule. */
export type UrlRule = z.infer<typeof UrlRuleSchema>;
/** `'numbers' | 'stars' | 'faces'`. */
export type SurveyDisplay = z.infer<typeof SurveyDisplaySchema>;
/** Per-survey overrides of the widget's words. */
export type SurveyStrings = z.infer<typeof SurveyStringsSchema>;
/** `'nps' | 'ces' | 'csat'`. */
export type SurveyKind = z.infer<typeof SurveyKindSchema>;
/** An inclusive integer score range. */
export type Scale = { readonly min: number; readonly max: number };
