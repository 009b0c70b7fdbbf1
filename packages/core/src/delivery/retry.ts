import { DELIVERY_DEFAULTS, MIN_429_WAIT_MS, RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS } from '../defaults.js';

/** Backoff settings, in milliseconds. */
export interface BackoffOptions {
  /** First retry waits about this long. Default 2 s. */
  readonly baseMs: number;
  /** No wait is longer than this. Default 5 min. */
  readonly capMs: number;
}

/** The backoff of {@link DELIVERY_DEFAULTS}. */
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: DELIVERY_DEFAULTS.backoffBaseMs, capMs: DELIVERY_DEFAULTS.backoffCapMs };

/**
 * The one retry formula: `min(cap, base · 2^attempt) · random(0.5..1)`.
 * `attempt` counts from 0; `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random / 2));
}

/**
 * How long to wait before the next try: the server's Retry-After when it gave
 * one, else the backoff formula; a 429 without Retry-After waits at least 60 s.
 */
export function retryDelay(
  outcome: { readonly status: number | null; readonly retryAfterMs: number | null },
  attempt: number,
  random: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  if (outcome.retryAfterMs !== null) return outcome.retryAfterMs;
  const wait = backoffDelay(attempt, random, options);
  return outcome.status === 429 ? Math.max(wait, MIN_429_WAIT_MS) : wait;
}

/**
 * Parses Retry-After as seconds or an HTTP date, clamped to 1 s – 1 h.
 * Returns null when absent or unreadable, so the backoff formula applies.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    // Only an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"), not whatever Date.parse guesses at.
    if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return null;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return null;
    ms = date - now;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, ms));
}
