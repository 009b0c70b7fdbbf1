import { DELIVERY_DEFAULTS } from '../defaults.js';
import { messageOf } from '../errors.js';
import type { Clock } from '../platform/platform.js';
import type { HeadersOption, RequestHeaders } from '../schema/config.js';
import type { WireRecord } from '../schema/wire.js';
import { toJson } from '../toJson.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { startDeadline } from './deadline.js';
import { classifyFailure, classifyStatus, headersFailure, type SendOutcome } from './sendOutcome.js';
import { parseRetryAfter } from './retry.js';

/** Everything one send needs. */
export interface SendRequest {
  readonly endpoint: string;
  /** `config.headers`: a function is called for every send. */
  readonly headers: HeadersOption;
  /** What a `headers` function gave, checked as config's are: throws naming the problem. */
  readonly checkHeaders: (value: unknown) => RequestHeaders;
  readonly records: readonly WireRecord[];
  readonly fetch: typeof fetch;
  /** The timeout runs on this clock, so tests can move it. */
  readonly clock: Clock;
  /** Abort after this long. Default 15 s. */
  readonly timeoutMs?: number;
  /** For page hide: lets the request outlive the page (bodies under 64 KB). */
  readonly keepalive?: boolean;
}

/** A stable key for a set of record ids (FNV-1a, 2 × 32 bits), sent as `Idempotency-Key`. */
export function idempotencyKey(records: readonly WireRecord[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const record of records) {
    for (let i = 0; i < record.id.length; i++) {
      const c = record.id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0x2c, 0x01000193);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `hark-${hex(h1)}${hex(h2)}-${records.length}`;
}

/**
 * Sends one batch and classifies the answer. Never throws: no answer is a
 * `retry` outcome. Fixed headers, or a function returning them at once, let
 * the request start synchronously, before the first await; a promise from it
 * runs on the same timeout as the request.
 */
export async function sendBatch(request: SendRequest): Promise<SendOutcome> {
  const { clock } = request;
  const timeoutMs = request.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs;
  const deadline = startDeadline(clock, timeoutMs, 'timeout');
  const { signal } = deadline;
  let headers: unknown = request.headers;
  try {
    if (typeof headers === 'function') headers = headers();
    if (typeof (headers as PromiseLike<unknown> | null)?.then === 'function') headers = await Promise.race([headers, deadline.expired]);
    headers = request.checkHeaders(headers);
  } catch (error) {
    deadline.clear();
    return headersFailure(deadline.passed() ? `no headers within ${timeoutMs} ms` : messageOf(error));
  }
  const body = toJson({
    sdk: { name: SDK_NAME, version: SDK_VERSION },
    sentAt: new Date(clock.now()).toISOString(),
    records: request.records,
  });
  try {
    // Racing the timer too: a fetch that ignores its signal must not hang the queue.
    const response = await Promise.race([
      request.fetch(request.endpoint, {
        method: 'POST',
        headers: { ...(headers as RequestHeaders), 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey(request.records) },
        body,
        keepalive: request.keepalive === true,
        credentials: 'omit',
        ...(signal && { signal }),
      }),
      deadline.expired,
    ]);
    // Read the body to its end and drop it: the connection can be reused, and the request
    // completes (cancelling the stream would abort it, an error in every devtools).
    response.arrayBuffer().catch(() => undefined);
    return classifyStatus(response.status, parseRetryAfter(response.headers.get('Retry-After'), clock.now()));
  } catch (error) {
    return deadline.passed() ? classifyFailure('timeout', `${timeoutMs} ms`) : classifyFailure('network', messageOf(error));
  } finally {
    deadline.clear();
  }
}
