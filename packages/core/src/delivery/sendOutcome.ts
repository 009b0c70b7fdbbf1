/**
 * What the outbox does after a send. This file is the one table that maps a
 * server's answer (or the lack of one) to an action.
 */
export type SendOutcome =
  /** 2xx: the server has the records; delete exactly the ones sent. */
  | { readonly kind: 'delivered'; readonly status: number }
  /** Network error, timeout, 408, 409, 425, 429, other 5xx: keep and retry later. `timedOut`: no answer in time. */
  | { readonly kind: 'retry'; readonly status: number | null; readonly retryAfterMs: number | null; readonly reason: string; readonly timedOut?: boolean }
  /** 413: the batch is too large; halve it, and dead-letter a single record that is still too large. */
  | { readonly kind: 'too-large'; readonly status: 413 }
  /**
   * 401/403: credentials are wrong; or a `headers` function gave none
   * (`status` null, `reason` says why). Pause the whole queue and keep every record.
   */
  | { readonly kind: 'pause'; readonly status: number | null; readonly reason: string }
  /** 400, 404, 405, 410, 415, 422, 501, 505, 511 and other 4xx that will never succeed: dead-letter store. */
  | { readonly kind: 'reject'; readonly status: number };

type Action = SendOutcome['kind'];

/**
 * The status table, first match wins. 409 means the same Idempotency-Key is
 * still being processed, so it is retried rather than rejected.
 */
export const STATUS_TABLE: ReadonlyArray<readonly [test: (status: number) => boolean, action: Action]> = [
  [(s) => s >= 200 && s < 300, 'delivered'],
  [(s) => s === 413, 'too-large'],
  [(s) => s === 401 || s === 403, 'pause'],
  [(s) => s === 408 || s === 409 || s === 425 || s === 429, 'retry'],
  [(s) => s === 501 || s === 505 || s === 511, 'reject'],
  [(s) => s >= 500, 'retry'],
  // 1xx/3xx never reach here through fetch; anything else is a client error that a retry will not fix.
  [() => true, 'reject'],
];

/** Classifies an HTTP status. `retryAfterMs` comes from the Retry-After header, if any. */
export function classifyStatus(status: number, retryAfterMs: number | null): SendOutcome {
  const action = STATUS_TABLE.find(([test]) => test(status))![1];
  switch (action) {
    case 'delivered':
      return { kind: 'delivered', status };
    case 'too-large':
      return { kind: 'too-large', status: 413 };
    case 'pause':
      return { kind: 'pause', status, reason: `HTTP ${status}` };
    case 'retry':
      return { kind: 'retry', status, retryAfterMs, reason: `HTTP ${status}` };
    case 'reject':
      return { kind: 'reject', status };
  }
}

/** No answer at all: the request failed on the network or ran out of time. Always retried. */
export function classifyFailure(reason: 'timeout' | 'network', detail: string): SendOutcome {
  return reason === 'timeout'
    ? { kind: 'retry', status: null, retryAfterMs: null, reason: `timed out after ${detail}`, timedOut: true }
    : { kind: 'retry', status: null, retryAfterMs: null, reason: `network error: ${detail}` };
}

/** Nothing was sent: the `headers` function threw, rejected, timed out or gave no headers. Paused like a 401. */
export function headersFailure(detail: string): SendOutcome {
  return { kind: 'pause', status: null, reason: `config.headers failed: ${detail}` };
}
