/**
 * Rules the zod schemas and the browser checks share, kept apart from both so
 * the browser path can use them without loading zod.
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

/** Stars and faces are drawn for CSAT only. */
export const displayFitsKind = (survey: { kind: string; display?: string | undefined }): boolean =>
  survey.display === undefined || survey.display === 'numbers' || survey.kind === 'csat';

// The words of each refinement, shared by the zod schemas and their browser mirrors so both report the same.
export const ENDPOINT_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "https://api.example.com/v1/records"';
export const SURVEYS_URL_MESSAGE = 'must be an http(s) URL or a path starting with "/", e.g. "/hark/surveys.json"';
export const REGEXP_MESSAGE = 'must be a valid regular expression source';
export const SCALE_MESSAGE = 'max must be greater than min, with at most 11 points on the scale';
export const DISPLAY_MESSAGE = 'stars and faces are for kind "csat"; use "numbers" for nps and ces';
export const ID_PATTERN = /^[\w.:-]+$/;
export const ID_MESSAGE = 'use letters, digits, _ . : or -';
export const TRIGGERS_MESSAGE = 'a survey needs at least one trigger';
export const BEFORE_SEND_MESSAGE = 'must be a function (record) => record | null';
export const HEADERS_MESSAGE = 'must be an object of strings, or a function returning one';

/** `beforeSend`, and `headers` given as a function. */
export const isFunction = (value: unknown): boolean => typeof value === 'function';
