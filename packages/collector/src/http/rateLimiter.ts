/** Per-client request budget: a token bucket refilled at `perMinute`, holding at most `burst`. */
export interface RateLimit {
  /** Sustained requests per minute per client IP. */
  readonly perMinute: number;
  /** Requests a client may make at once after being idle. Default: `perMinute / 6`, at least 1. */
  readonly burst?: number;
}

/** Default ingest budget: far above what one browser's outbox sends. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perMinute: 600, burst: 100 };

/** Either allowed, or told how long to wait. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/** Takes one token per request for a key (the client IP). */
export interface RateLimiter {
  take(key: string): RateDecision;
}

const MAX_TRACKED = 10_000;

/** A token-bucket limiter; `now` is injectable for tests. */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  const perMs = limit.perMinute / 60_000;
  const burst = Math.max(1, limit.burst ?? Math.floor(limit.perMinute / 6));
  const buckets = new Map<string, { tokens: number; at: number }>();

  function refill(bucket: { tokens: number; at: number }, time: number) {
    bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.at) * perMs);
    bucket.at = time;
  }

  return {
    take(key) {
      const time = now();
      // Many distinct clients: forget those whose buckets are full again, so memory stays bounded.
      if (buckets.size >= MAX_TRACKED) {
        for (const [k, bucket] of buckets) {
          refill(bucket, time);
          if (bucket.tokens >= burst) buckets.delete(k);
        }
        if (buckets.size >= MAX_TRACKED) buckets.delete(buckets.keys().next().value!);
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: time };
      buckets.set(key, bucket);
      refill(bucket, time);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
