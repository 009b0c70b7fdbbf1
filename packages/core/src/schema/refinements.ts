import { toJson } from '../toJson.js';

/**
 * The rules the zod schemas hold as functions, and their words, kept apart from
 * zod: the browser checks derived from the schemas (checks.generated.ts) import
 * them by name, so the browser path runs the same rules without loading zod.
 */

/** An http(s) URL, or a path on this origin. */
export function isEndpoint(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Whether `new RegExp(source)` accepts it. */
export function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A scale needs max above min and at most 11 points. */
export const scaleFits = (scale: { min: number; max: number }): boolean => scale.max > scale.min && scale.max - scale.min <= 10;

/** A response's score lies on its own scale. */
export const scoreInScale = (record: { score: number; scale: { min: number; max: number } }): boolean =>
  record.score >= record.scale.min && record.score <= record.scale.max;

/** The range of a 32-bit signed integer: what an INTEGER column holds in every database. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Most characters a free-form object on a record (`attributes`, `trigger`) may take as JSON. */
export const MAX_RECORD_JSON = 4096;

/**
 * Whether a value takes at most MAX_RECORD_JSON characters as JSON (what cannot be written as JSON does not),
 * measured by Hark's own writer, which a page that replaced JSON.stringify cannot change.
 */
export function isBoundedJson(value: unknown): boolean {
  try {
    return (toJson(value)?.length ?? Infinity) <= MAX_RECORD_JSON;
  } catch {
    return false;
  }
}

/** A record's own timestamp: from 1970 on (the regex already caps the year at 9999), without endless fractions. */
export const isReasonableInstant = (value: string): boolean => value.length < 36 && value >= '1970';

/** Stars and faces are drawn for CSAT only. */
export const displayFitsKind = (survey: { kind: string; display?: string | undefined }): boolean =>
  survey.display === undefined || survey.display === 'numbers' || survey.kind === 'csat';

// The words of each refinement, shared by the zod schemas and the checks derived from them so both report the same.
export const ENDPOINT_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "https://api.example.com/v1/records"';
export const SURVEYS_URL_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "/hark/surveys.json"';
export const REGEXP_MESSAGE = 'must be a valid regular expression source';
export const SCALE_MESSAGE = 'max must be greater than min, with at most 11 points on the scale';
export const INSTANT_MESSAGE = 'must be a time from 1970 on';
export const JSON_MESSAGE = `is over ${MAX_RECORD_JSON} characters as JSON`;
export const DISPLAY_MESSAGE = 'stars and faces are for kind "csat"; use "numbers" for nps and ces';
export const ID_PATTERN = /^[\w.:-]+$/;
export const ID_MESSAGE = 'use letters, digits, _ . : or -';
export const SCORE_MESSAGE = 'score must lie within scale';
export const CATEGORY_MESSAGE = 'category does not match score';
export const TRIGGERS_MESSAGE = 'a survey needs at least one trigger';
export const BEFORE_SEND_MESSAGE = 'must be a function (record) => record | null';
export const HEADERS_MESSAGE = 'must be an object of strings, or a function returning one';

/** `beforeSend`, and `headers` given as a function. */
export const isFunction = (value: unknown): boolean => typeof value === 'function';
