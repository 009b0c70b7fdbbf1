import type { WireRecord } from '../schema/wire';
import { SDK_NAME, SDK_VERSION } from '../version';
import { classifyStatus, type Outcome } from './outcome';
import { parseRetryAfter } from './retry';

/** Everything one send needs. */
export interface SendRequest {
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly records: readonly WireRecord[];
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Abort after this long. Default 15 s. */
  readonly timeoutMs?: number;
  /** For page hide: lets the request outlive the page (bodies under 64 KB). */
  readonly keepalive?: boolean;
}

/** Default request timeout. */
export const DEFAULT_TIMEOUT_MS = 15_000;

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

/** Sends one batch and classifies the answer. Never throws: a network fault is a `retry` outcome. */
export async function sendBatch(request: SendRequest): Promise<Outcome> {
  const body = JSON.stringify({
    sdk: { name: SDK_NAME, version: SDK_VERSION },
    sentAt: new Date(request.now()).toISOString(),
    records: request.records,
  });
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  try {
    const response = await request.fetch(request.endpoint, {
      method: 'POST',
      headers: {
        ...request.headers,
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey(request.records),
      },
      body,
      keepalive: request.keepalive === true,
      credentials: 'omit',
      signal: controller?.signal,
    });
    // Drain the body so the connection can be reused; its content does not matter.
    response.body?.cancel().catch(() => undefined);
    return classifyStatus(response.status, parseRetryAfter(response.headers.get('Retry-After'), request.now()));
  } catch (error) {
    const aborted = controller?.signal.aborted === true;
    return {
      kind: 'retry',
      status: null,
      retryAfterMs: null,
      reason: aborted ? `timed out after ${timeoutMs} ms` : `network error: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
