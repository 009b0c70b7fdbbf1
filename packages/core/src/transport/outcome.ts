/**
 * What the outbox does after a send. This table is the one place that maps a
 * server's answer to an action.
 */
export type Outcome =
  /** 2xx: the server has the records; delete exactly the ones sent. */
  | { readonly kind: 'delivered'; readonly status: number }
  /** Network error, timeout, 408, 409, 425, 429, 5xx: keep and retry later. */
  | { readonly kind: 'retry'; readonly status: number | null; readonly retryAfterMs: number | null; readonly reason: string }
  /** 413: the batch is too large; send fewer records at a time. */
  | { readonly kind: 'too-large'; readonly status: 413 }
  /** 401/403: credentials are wrong; pause the queue and keep every record. */
  | { readonly kind: 'pause'; readonly status: number }
  /** Other 4xx and a few 5xx that will never succeed: move to the dead-letter store. */
  | { readonly kind: 'reject'; readonly status: number };

const RETRY = new Set([408, 409, 425, 429]);
const REJECT_5XX = new Set([501, 505, 511]);

/** Classifies an HTTP status. `retryAfterMs` comes from the Retry-After header, if any. */
export function classifyStatus(status: number, retryAfterMs: number | null): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 413) return { kind: 'too-large', status };
  if (status === 401 || status === 403) return { kind: 'pause', status };
  if (RETRY.has(status) || (status >= 500 && !REJECT_5XX.has(status))) {
    return { kind: 'retry', status, retryAfterMs, reason: `HTTP ${status}` };
  }
  return { kind: 'reject', status };
}
