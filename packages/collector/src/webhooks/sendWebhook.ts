/** How one send went. */
export interface SendResult {
  readonly ok: boolean;
  /** The receiver's status; null when it did not answer. */
  readonly status: number | null;
  readonly error: string | null;
  /** The receiver's `Retry-After` (429, 503), in milliseconds. */
  readonly retryAfterMs: number | null;
}

/** Options for `sendWebhook`. */
export interface SendOptions {
  readonly fetch: typeof fetch;
  /** Abandon the request after this long. */
  readonly timeoutMs: number;
  /** Aborts it earlier (the worker stopping). */
  readonly signal?: AbortSignal;
}

function retryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/**
 * POSTs one alert. A 2xx is delivered; anything else (a redirect, which is
 * never followed, a refusal, no answer in `timeoutMs`, a network error) is a
 * failure to retry. The answer's body is never read.
 */
export async function sendWebhook(url: string, body: string, headers: Record<string, string>, { fetch, timeoutMs, signal }: SendOptions): Promise<SendResult> {
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, error: null, retryAfterMs: null };
    const error = response.status >= 300 && response.status < 400 ? `HTTP ${response.status}: redirects are not followed` : `HTTP ${response.status}`;
    return { ok: false, status: response.status, error, retryAfterMs: retryAfter(response.headers.get('retry-after')) };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    const message = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, status: null, error: message, retryAfterMs: null };
  }
}
