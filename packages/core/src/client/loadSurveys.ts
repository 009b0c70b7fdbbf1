import type { Clock } from '../platform/platform.js';
import { HarkError, messageOf } from '../errors.js';
import { parseSurvey } from '../schema/parse.js';
import { startDeadline } from '../delivery/deadline.js';
import type { Survey } from '../schema/survey.js';
import type { KeyValueStore } from '../storage/types.js';
import { SURVEYS_SESSION_MS } from '../defaults.js';

const CACHE_KEY = 'surveys:cache';

interface Cached {
  readonly url: string;
  readonly etag: string | null;
  readonly raw: readonly unknown[];
  readonly fetchedAt: number;
  /** The server said `no-cache`: ask again (with the ETag) on the next start. */
  readonly noCache?: boolean;
}

function surveysOf(body: unknown): readonly unknown[] | null {
  if (Array.isArray(body)) return body;
  const surveys = (body as { surveys?: unknown } | null)?.surveys;
  return Array.isArray(surveys) ? surveys : null;
}

/** Validates each survey on its own, so one bad definition does not take the others down. */
function validate(raw: readonly unknown[], onError: (error: HarkError) => void): Survey[] {
  const valid: Survey[] = [];
  raw.forEach((candidate, index) => {
    try {
      valid.push(parseSurvey(candidate, `surveysUrl[${index}]`));
    } catch (error) {
      onError(error as HarkError);
    }
  });
  return valid;
}

/**
 * The surveys at `url`: from the session cache when fresh, else fetched with
 * `If-None-Match` (a 304 keeps the cache). Never rejects: on failure, or
 * after `timeoutMs` without the whole answer, it falls back to the cache, or
 * to no surveys, and reports why.
 */
export async function loadSurveys({ url, fetch, meta, clock, timeoutMs, onError }: {
  readonly url: string;
  readonly fetch: typeof globalThis.fetch;
  readonly meta: KeyValueStore;
  /** The request is abandoned after `timeoutMs` on this clock (`delivery.surveysTimeoutMs`). */
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Told about each invalid survey (skipped) and about a failed fetch (the cache is used). */
  readonly onError: (error: HarkError) => void;
}): Promise<Survey[]> {
  const now = clock.now();
  const cached = await meta.get<Cached>(CACHE_KEY).catch(() => undefined);
  const usable = cached?.url === url ? cached : undefined;
  if (usable && !usable.noCache && now - usable.fetchedAt < SURVEYS_SESSION_MS) return validate(usable.raw, onError);
  // The surveys in config wait for this one: a server that never answers (or stalls mid-body) must not hold them.
  const deadline = startDeadline(clock, timeoutMs, `no answer within ${timeoutMs} ms, delivery.surveysTimeoutMs`);
  const { signal } = deadline;
  const fetched = async () => {
    const response = await fetch(url, { headers: usable?.etag ? { 'If-None-Match': usable.etag } : {}, credentials: 'omit', ...(signal && { signal }) });
    if (response.status === 304 && usable) return { response, raw: usable.raw };
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const raw = surveysOf(await response.json());
    if (!raw) throw new Error('the body must be an array of surveys or { "surveys": [...] }');
    return { response, raw };
  };
  try {
    const { response, raw } = await Promise.race([fetched(), deadline.expired]);
    deadline.clear();
    // A server that says no-cache wants to be asked (with the ETag) on every start instead.
    const fresh: Cached = { ...(response.status === 304 && usable ? usable : { url, etag: response.headers.get('ETag'), raw }), fetchedAt: now, noCache: /no-cache/.test(response.headers.get('Cache-Control') + '') };
    await meta.set(CACHE_KEY, fresh);
    return validate(raw, onError);
  } catch (error) {
    deadline.clear();
    const fallback = usable ? 'using the cached copy' : 'no surveys from it are available';
    onError(new HarkError('surveys_unavailable', `surveysUrl ${url} could not be loaded (${messageOf(error)}); ${fallback}`, { field: 'surveysUrl', cause: error }));
    return usable ? validate(usable.raw, onError) : [];
  }
}
