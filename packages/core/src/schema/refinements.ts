/**
 * Rules the zod schemas and the browser checks share, kept apart from both so
 * the browser path can use them without loading zod.
 */
import { toJson } from '../toJson.js';

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

/** The range of a 32-bit signed integer: what an INTEGER column holds in every database. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Most characters a free-form object on a record (`attributes`, `trigger`) may take as JSON. */
export const MAX_RECORD_JSON = 4096;

/**
 * Whether a value takes at most MAX_RECORD_JSON characters as JSON (what cannot be written as JSON does not).
 * Measured with Hark's own writer: the page's JSON.stringify may be replaced or see a patched toJSON.
 */
export function isBoundedJson(value: unknown): boolean {
  try {
    const json = toJson(value);
    return json !== undefined && json.length <= MAX_RECORD_JSON;
  } catch {
    return false;
  }
}

/** A record's own timestamp: from 1970 on (the regex already caps the year at 9999), without endless fractions. */
export const isReasonableInstant = (value: string): boolean => value.length < 36 && value >= '1970';

/** Stars and faces are drawn for CSAT only. */
export const displayFitsKind = (survey: { kind: string; display?: string | undefined }): boolean =>
  survey.display === undefined || survey.display === 'numbers' || survey.kind === 'csat';

// The words of each refinement, shared by the zod schemas and their browser mirrors so both report the same.
export const ENDPOINT_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "https://api.example.com/v1/records"';
export const SURVEYS_URL_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "/hark/surveys.json"';
export const REGEXP_MESSAGE = 'must be a valid regular expression source';
export const SCALE_MESSAGE = 'max must be greater than min, with at most 11 points on the scale';
export const INSTANT_MESSAGE = 'must be a time from 1970 on';
export const JSON_MESSAGE = `is over ${MAX_RECORD_JSON} characters as JSON`;
export const DISPLAY_MESSAGE = 'stars and faces are for kind "csat"; use "numbers" for nps and ces';
export const ID_PATTERN = /^[\w.:-]+$/;
export const ID_MESSAGE = 'use letters, digits, _ . : or -';
export const TRIGGERS_MESSAGE = 'a survey needs at least one trigger';
export const BEFORE_SEND_MESSAGE = 'must be a function (record) => record | null';
export const HEADERS_MESSAGE = 'must be an object of strings, or a function returning one';

/** `beforeSend`, and `headers` given as a function. */
export const isFunction = (value: unknown): boolean => typeof value === 'function';
