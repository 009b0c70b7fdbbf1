import { randomBytes } from 'node:crypto';
import type { AlertEvent, AlertOutcome } from '../store/alertStore.js';
import type { RecordsStore, StoredRecord } from '../store/types.js';
import { alertBody, slackBody } from './alertPayload.js';
import { sendWebhook } from './sendWebhook.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import type { WebhookRegistry } from './webhooks.js';

/** How the worker retries: exponential from `baseMs`, capped at `maxMs`, with jitter. */
export interface RetryPolicy {
  /** First wait after a failure. Default 10 s. */
  readonly baseMs: number;
  /** Longest wait between tries. Default 1 h. */
  readonly maxMs: number;
}

/** Default retry waits: 10 s, 20 s, 40 s, … up to an hour, for at least 24 h (about 30 tries). */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 3_600_000 };

/**
 * The wait before try `attempt + 1` after `attempt` failures: doubling from
 * `baseMs` up to `maxMs`, then between half and all of it at random ("equal
 * jitter"), so receivers coming back up are not met by every collector at once.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** What the worker needs. */
export interface AlertWorkerOptions {
  readonly store: RecordsStore;
  readonly webhooks: WebhookRegistry;
  /** Signs every body (`Hark-Signature`); without it, bodies go unsigned. */
  readonly secret?: string | undefined;
  /** The collector's address as people reach it, for links to the inbox. */
  readonly publicUrl: string;
  readonly fetch?: typeof fetch;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** How often to look for due events when nothing wakes the worker. Default 1 s. */
  readonly pollMs?: number;
  /** Events sent at once (one round). Default 16. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/** A running worker. */
export interface AlertWorker {
  /** Looks for due events now (ingest calls it after queuing some). */
  kick(): void;
  /** Stops taking events and waits for the sends under way. */
  stop(): Promise<void>;
}

/** A claim outlives any send by far, so one event is never sent by two workers at once. */
const LEASE_MS = 120_000;
const USER_AGENT = 'hark-collector (+https://github.com/hark-feedback/hark)';

/**
 * Sends the queued alerts, one worker per collector process. It claims due
 * events (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so processes share the
 * queue without sending one event twice at once), POSTs them, and records the
 * outcome: delivered, retried after a backoff, or dead once it has failed past
 * its `retryUntil`. Sends never run inside a request, so a slow or failing
 * receiver never holds up ingest.
 */
export function startAlertWorker(options: AlertWorkerOptions): AlertWorker {
  const { store, webhooks, secret, publicUrl, fetch: send = fetch, timeoutMs = 10_000, pollMs = 1000, concurrency = 16, log = () => undefined, now = () => new Date(), random = Math.random } = options;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const claim = randomBytes(12).toString('base64url');
  let stopped = false;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;

  async function outcomeOf(event: AlertEvent, records: ReadonlyMap<string, StoredRecord>): Promise<AlertOutcome> {
    // A webhook added on another process (or a moment ago) may not be in the cache yet: look once more, fresh.
    let hook = (await webhooks.current()).find((candidate) => candidate.id === event.hookId);
    if (!hook) {
      webhooks.refresh();
      hook = (await webhooks.current()).find((candidate) => candidate.id === event.hookId);
    }
    if (!hook) return { delivered: false, status: null, error: 'this webhook was removed', at: now(), retryAt: null };
    const stored = records.get(event.recordId);
    if (!stored) return { delivered: false, status: null, error: 'the record is no longer stored', at: now(), retryAt: null };
    const body = hook.slack ? slackBody(event, stored, publicUrl) : alertBody(event, stored, publicUrl);
    const started = now();
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, 'Hark-Event-Id': event.eventId, 'Hark-Attempt': String(event.attempts + 1) };
    if (secret) headers[SIGNATURE_HEADER] = signWebhook(secret, body, started.getTime() / 1000);
    const result = await sendWebhook(hook.url, body, headers, { fetch: send, timeoutMs, signal: stopping.signal });
    const at = now();
    if (result.ok) return { delivered: true, status: result.status!, at };
    const wait = Math.min(retry.maxMs, Math.max(retryDelay(event.attempts + 1, retry, random), result.retryAfterMs ?? 0));
    const retryAt = at.getTime() >= Date.parse(event.retryUntil) ? null : new Date(at.getTime() + wait);
    return { delivered: false, status: result.status, error: result.error ?? 'failed', at, retryAt };
  }

  async function deliver(event: AlertEvent, records: ReadonlyMap<string, StoredRecord>): Promise<{ eventId: string; outcome: AlertOutcome }> {
    const outcome = await outcomeOf(event, records).catch((error: unknown): AlertOutcome => {
      log(`webhook ${event.eventId}: ${error instanceof Error ? error.message : String(error)}`);
      return { delivered: false, status: null, error: 'internal error', at: now(), retryAt: new Date(now().getTime() + retry.baseMs) };
    });
    if (!outcome.delivered && !stopped) log(`webhook ${event.eventId} (attempt ${event.attempts + 1}) failed: ${outcome.error}${outcome.retryAt ? `; next try at ${outcome.retryAt.toISOString()}` : '; gave up'}`);
    return { eventId: event.eventId, outcome };
  }

  // Up to `concurrency` sends are in flight; as each ends, its outcome waits for the next write,
  // which records every outcome that ended meanwhile in one statement. A slow receiver holds its
  // own slots only: the others keep claiming and sending.
  const inFlight = new Set<Promise<void>>();
  let finished: Array<{ eventId: string; outcome: AlertOutcome }> = [];
  let writing: Promise<void> | null = null;
  let claiming: Promise<void> | null = null;
  let again = false;

  function flush(): Promise<void> {
    writing ??= (async () => {
      while (finished.length > 0 && !stopped) {
        const batch = finished;
        finished = [];
        await store.alerts.finish(claim, batch).catch((error: unknown) => log(`webhook worker: ${error instanceof Error ? error.message : String(error)}`));
      }
    })().finally(() => (writing = null));
    return writing;
  }

  /** Claims as many due events as there are free slots, and starts sending them. */
  function fill(): Promise<void> {
    if (claiming) {
      again = true;
      return claiming;
    }
    claiming = (async () => {
      do {
        again = false;
        const free = concurrency - inFlight.size;
        if (stopped || free <= 0) return;
        const events = await store.alerts.claim(claim, now(), LEASE_MS, free);
        if (events.length === 0) return;
        const records = new Map((await store.records(events.map((event) => event.recordId))).map((record) => [record.id, record]));
        for (const event of events) {
          const sending: Promise<void> = deliver(event, records).then((result) => {
            inFlight.delete(sending);
            // Cut short by `stop()`: the claim lapses and another worker (or the next start) sends it again.
            if (stopped) return;
            finished.push(result);
            void flush();
            void fill();
          });
          inFlight.add(sending);
        }
        if (events.length === free) again = true;
      } while (again && !stopped);
    })()
      .catch((error: unknown) => log(`webhook worker: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (claiming = null));
    return claiming;
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void fill().finally(() => schedule(pollMs));
    }, delay);
    timer.unref();
  }

  schedule(0);
  return {
    kick() {
      void fill();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      await Promise.all([claiming, writing, ...inFlight]);
    },
  };
}
