import type { Clock } from '../platform/platform.js';

/** A time limit for one request. */
export interface Deadline {
  /** Aborts the request when time is up (absent where AbortController is). */
  readonly signal?: AbortSignal;
  /** Rejects with `message` when time is up; race the request against it, for a fetch that ignores its signal. */
  readonly expired: Promise<never>;
  /** Whether time ran out. */
  passed(): boolean;
  /** Stops the clock once an answer is in. */
  clear(): void;
}

/** Starts a `Deadline` of `ms` on `clock`. */
export function startDeadline(clock: Clock, ms: number, message: string): Deadline {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  let passed = false;
  let timer: unknown;
  const expired = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      passed = true;
      controller?.abort();
      reject(new Error(message));
    }, ms);
  });
  expired.catch(() => undefined);
  return { signal: controller?.signal, expired, passed: () => passed, clear: () => clock.clearTimeout(timer) };
}
