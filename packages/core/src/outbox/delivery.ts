import { HarkError } from '../errors';
import type { Clock } from '../env';
import type { WireRecord } from '../schema/wire';
import { sendBatch } from '../transport/transport';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../transport/retry';
import type { Outbox, OutboxEntry } from './outbox';

/** What `flush()` resolves to. */
export type FlushResult =
  | { readonly status: 'empty' }
  | { readonly status: 'scheduled'; readonly nextAttemptAt: number }
  | { readonly status: 'paused' };

/** Options for the delivery loop. */
export interface DeliveryOptions {
  readonly outbox: Outbox;
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly isOnline: () => boolean;
  /** Records per request. Default 20. */
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
  readonly onSent: (records: readonly WireRecord[]) => void;
  readonly onError: (error: HarkError) => void;
}

/** The loop that drains the outbox to the endpoint. */
export interface Delivery {
  /** Sends everything due now. One drain at a time: a second call joins the first. */
  flush(): Promise<FlushResult>;
  /** Sends with `keepalive` because the page is going away; deletes only on a 2xx. */
  flushOnHide(): Promise<void>;
  /** Resumes a paused queue (after new credentials, say). */
  resume(): void;
  /** Cancels timers; queued records stay stored. */
  stop(): void;
}

/** Default number of records per request. */
export const DEFAULT_BATCH_SIZE = 20;
/** A 429 without Retry-After waits at least this long. */
const MIN_429_WAIT_MS = 60_000;

/** Creates the delivery loop. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { outbox, clock } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let running: Promise<FlushResult> | null = null;
  // A flush asked for during a drain runs once more after it, so it sees records written meanwhile.
  let again: Promise<FlushResult> | null = null;
  let timer: unknown = null;
  let paused = false;
  let stopped = false;
  // After a failure only the head record is sent, as a probe, until one succeeds.
  let probing = false;
  let sizeLimit = batchSize;

  function schedule(at: number) {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      void delivery.flush();
    }, Math.max(0, at - clock.now()));
  }

  const send = (entries: readonly OutboxEntry[], keepalive = false) =>
    sendBatch({
      endpoint: options.endpoint,
      headers: options.headers,
      records: entries.map((entry) => entry.record),
      fetch: options.fetch,
      now: clock.now,
      keepalive,
    });

  async function drain(): Promise<FlushResult> {
    for (;;) {
      if (paused) return { status: 'paused' };
      if (stopped) return { status: 'empty' };
      const entries = await outbox.due(clock.now(), probing ? 1 : sizeLimit);
      if (entries.length === 0) {
        const next = await outbox.nextDue();
        if (next === null) return { status: 'empty' };
        // Written while this pass was reading: send it now rather than on a timer.
        if (next <= clock.now()) continue;
        schedule(next);
        return { status: 'scheduled', nextAttemptAt: next };
      }
      const outcome = await send(entries);
      const records = entries.map((entry) => entry.record);
      switch (outcome.kind) {
        case 'delivered':
          await outbox.remove(records.map((record) => record.id));
          probing = false;
          sizeLimit = batchSize;
          options.onSent(records);
          break;
        case 'retry': {
          const attempt = Math.max(...entries.map((entry) => entry.attempts));
          let wait = outcome.retryAfterMs ?? backoffDelay(attempt, options.random(), options.backoff ?? DEFAULT_BACKOFF);
          if (outcome.status === 429 && outcome.retryAfterMs === null) wait = Math.max(wait, MIN_429_WAIT_MS);
          const at = clock.now() + wait;
          // Attempts made while offline do not count towards expiry.
          await outbox.reschedule(entries, at, outcome.reason, options.isOnline());
          probing = true;
          schedule(at);
          return { status: 'scheduled', nextAttemptAt: at };
        }
        case 'too-large':
          if (entries.length > 1) {
            sizeLimit = Math.max(1, Math.floor(entries.length / 2));
            break;
          }
          await outbox.deadLetter(entries.map((e) => ({ id: e.record.id, record: e })), 'HTTP 413: record too large', clock.now());
          options.onError(new HarkError('delivery_rejected', 'the endpoint answered 413 for a single record; it was moved to the dead-letter store', { details: { status: 413, records } }));
          break;
        case 'pause':
          paused = true;
          options.onError(
            new HarkError('delivery_paused', `the endpoint answered ${outcome.status}: check the API key in config.headers; records are kept and delivery is paused`, {
              field: 'headers',
              details: { status: outcome.status },
            }),
          );
          return { status: 'paused' };
        case 'reject':
          await outbox.deadLetter(entries.map((e) => ({ id: e.record.id, record: e })), `HTTP ${outcome.status}`, clock.now());
          options.onError(
            new HarkError('delivery_rejected', `the endpoint rejected ${records.length} record(s) with HTTP ${outcome.status}; they were moved to the dead-letter store`, {
              details: { status: outcome.status, records },
            }),
          );
          break;
      }
    }
  }

  const delivery: Delivery = {
    flush() {
      if (running) {
        again ??= running.then(() => {
          again = null;
          return delivery.flush();
        });
        return again;
      }
      {
        running = drain()
          .catch((error: unknown): FlushResult => {
            options.onError(new HarkError('storage_failed', `delivery stopped: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
            return { status: 'empty' };
          })
          .finally(() => {
            running = null;
          });
      }
      return running;
    },
    async flushOnHide() {
      if (paused || stopped) return;
      // The page is going away: this is the last chance, so backoff is ignored for one request.
      const entries = await outbox.due(Number.POSITIVE_INFINITY, sizeLimit);
      if (entries.length === 0) return;
      const outcome = await send(entries, true);
      if (outcome.kind === 'delivered') await outbox.remove(entries.map((entry) => entry.record.id));
    },
    resume() {
      paused = false;
      void delivery.flush();
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
  return delivery;
}
