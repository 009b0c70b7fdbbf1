import { HarkError, messageOf } from '../errors';
import type { Clock } from '../env';
import type { HeadersOption } from '../schema/config';
import type { WireRecord } from '../schema/wire';
import type { StorageMode } from '../storage/types';
import type { Outcome } from '../transport/outcome';
import { backoffDelay, retryDelay } from '../transport/retry';
import { sendBatch } from '../transport/transport';
import type { TabCoordination } from './coordination';
import type { DeliverySettings } from './deliveryConfig';
import type { DeadLetter, OutboxEntry } from './entry';
import { createHideSender } from './hideSend';
import type { Outbox } from './outbox';
import { createPace } from './pace';

/** What `flush()` resolves to: the queue is empty, or when the next try is. */
export type FlushResult =
  | { readonly status: 'empty' }
  | { readonly status: 'scheduled'; readonly nextAttemptAt: number }
  /** 401/403: delivery waits for new credentials; a probe is still sent at `nextAttemptAt`. */
  | { readonly status: 'paused'; readonly nextAttemptAt: number }
  /** Consent is not granted: nothing is sent, records stay queued until `consent(true)`. */
  | { readonly status: 'held' };

/** Honest delivery status for a host app to show. */
export interface DeliveryState {
  readonly storage: StorageMode;
  /** Records waiting to be sent. */
  readonly pending: number;
  /** Records a tab is sending right now (leased). */
  readonly inFlight: number;
  /** Records moved to the dead-letter store. */
  readonly deadLettered: number;
  readonly paused: boolean;
  /** When the next send is due; null when nothing is pending. */
  readonly nextAttemptAt: number | null;
}

/** Options for the delivery loop. */
export interface DeliveryOptions {
  readonly outbox: Outbox;
  /** Reports the storage mode and, in a fallback mode, tries to move back to IndexedDB. */
  readonly storage: { readonly kind: StorageMode; recover?(): Promise<boolean> };
  readonly endpoint: string;
  /** `config.headers`: a function is called before every send. */
  readonly headers: HeadersOption;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly isOnline: () => boolean;
  readonly settings: DeliverySettings;
  readonly coordination: TabCoordination;
  /** This tab's lease owner id. */
  readonly owner: string;
  /** False while the user has not consented: nothing leaves the device. Default: always true. */
  readonly mayDeliver?: () => boolean;
  readonly onSent: (records: readonly WireRecord[]) => void;
  readonly onError: (error: HarkError) => void;
}

/** The loop that drains the outbox to the endpoint. */
export interface Delivery {
  /** Sends everything due now. One drain at a time: a second call joins the first. */
  flush(): Promise<FlushResult>;
  /** The network is back: forget this tab's backoff and send now. */
  wake(): Promise<FlushResult>;
  /**
   * The page is going away: sends the records this tab knows to be queued in one
   * `keepalive` request, started synchronously (a closing page runs no more
   * IndexedDB callbacks), leases them for 60 s, and deletes them only on a 2xx.
   */
  flushOnHide(): Promise<void>;
  /** Reads the queue's counts; rejects with a `storage_failed` HarkError (also reported) when storage cannot be read. */
  state(): Promise<DeliveryState>;
  /**
   * Ends this tab's 401/403 pause (new credentials, say) once a send in flight
   * has its answer, then flushes, starting with a one-record probe; without a
   * pause, the same as `flush()`.
   */
  resume(): Promise<FlushResult>;
  /** Cancels timers and listeners; queued records stay stored. */
  stop(): void;
}

/** A tab refused the drain lock checks again after this long, in case the holder's nudge is lost. */
const LOCK_RETRY_MS = 2000;

/** Creates the delivery loop. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { outbox, clock, settings, owner, coordination } = options;
  let running: Promise<FlushResult> | null = null;
  // A flush asked for during a drain runs once more after it, so it sees records written meanwhile.
  let again: Promise<FlushResult> | null = null;
  let timer: unknown = null;
  let stopped = false;
  const pace = createPace(settings.batchSize);
  let waitingForLock = false;
  // When this tab was first refused the drain lock, since it last held it.
  let refusedSince: number | null = null;
  let storageFailures = 0;

  function schedule(at: number) {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      void delivery.flush();
    }, Math.max(0, at - clock.now()));
  }
  const scheduled = (at: number): FlushResult => {
    schedule(at);
    return { status: 'scheduled', nextAttemptAt: at };
  };

  const send = (entries: readonly OutboxEntry[], keepalive: boolean) =>
    sendBatch({
      endpoint: options.endpoint,
      headers: options.headers,
      records: entries.map((entry) => entry.record),
      fetch: options.fetch,
      clock,
      timeoutMs: settings.timeoutMs,
      keepalive,
    });
  const hide = createHideSender({ outbox, owner, clock, settings, send, onSent: options.onSent, onError: options.onError });

  /** Reports dead letters, then marks them reported. A destroyed client reports nothing: the next page will. */
  async function reportDead(error: HarkError, ids: readonly string[]) {
    hide.forget(ids);
    if (stopped || ids.length === 0) return;
    options.onError(error);
    await outbox.markReported(ids);
  }

  function reportDropped(dropped: readonly DeadLetter[], message: string) {
    if (dropped.length === 0) return Promise.resolve();
    const reasons = [...new Set(dropped.map((letter) => letter.reason))].join('; ');
    return reportDead(
      new HarkError('delivery_failed', `${dropped.length} ${message}: ${reasons}`, { details: { records: dropped } }),
      dropped.map((letter) => letter.id),
    );
  }

  /** Applies the outcome table's verdict. Returns a result to stop the drain, or null to go on. */
  async function apply(entries: readonly OutboxEntry[], outcome: Outcome): Promise<FlushResult | null> {
    const ids = entries.map((entry) => entry.id);
    const records = entries.map((entry) => entry.record);
    const now = clock.now();
    switch (outcome.kind) {
      case 'delivered':
        await outbox.remove(ids);
        hide.forget(ids);
        pace.dispatch({ type: 'delivered' });
        options.onSent(records);
        return null;
      case 'retry': {
        const attempt = Math.max(...entries.map((entry) => entry.attempts));
        const at = now + retryDelay(outcome, attempt, options.random(), settings.backoff);
        // Attempts made while offline do not count towards expiry.
        await outbox.release(owner, ids, at, outcome.reason, options.isOnline());
        pace.dispatch({ type: 'retry', at });
        return scheduled(at);
      }
      case 'too-large':
        if (entries.length > 1) {
          pace.dispatch({ type: 'too-large', sent: entries.length });
          await outbox.release(owner, ids, now, 'HTTP 413', false);
          return null;
        }
        await outbox.deadLetter(ids, 'HTTP 413: record too large for the endpoint', now);
        pace.dispatch({ type: 'dead-lettered' });
        await reportDead(new HarkError('delivery_rejected', 'the endpoint answered 413 for a single record; it was moved to the dead-letter store', { details: { status: 413, records } }), ids);
        return null;
      case 'pause': {
        const until = now + settings.backoff.capMs;
        pace.dispatch({ type: 'paused', until });
        await outbox.release(owner, ids, now, outcome.reason, false);
        options.onError(
          outcome.status === null
            ? new HarkError('invalid_config', `${outcome.reason}; every record is kept and delivery is paused`, { field: 'headers' })
            : new HarkError('delivery_paused', `the endpoint answered ${outcome.status}: check the API key in config.headers; every record is kept and delivery is paused`, {
                field: 'headers',
                details: { status: outcome.status },
              }),
        );
        schedule(until);
        return { status: 'paused', nextAttemptAt: until };
      }
      case 'reject':
        if (entries.length > 1) {
          // One bad record must not take its batch-mates with it: retry them one by one.
          pace.dispatch({ type: 'rejected', sent: entries.length });
          await outbox.release(owner, ids, now, `HTTP ${outcome.status}`, false);
          return null;
        }
        await outbox.deadLetter(ids, `HTTP ${outcome.status}`, now);
        pace.dispatch({ type: 'dead-lettered' });
        await reportDead(
          new HarkError('delivery_rejected', `the endpoint rejected a record with HTTP ${outcome.status}; it was moved to the dead-letter store`, {
            details: { status: outcome.status, records },
          }),
          ids,
        );
        return null;
    }
  }

  async function drain(): Promise<FlushResult> {
    let idle = 0;
    // Left by a page that died between dead-lettering and reporting.
    await reportDropped(await outbox.unreported(), 'record(s) in the dead-letter store were not reported yet');
    for (;;) {
      if (stopped) return { status: 'empty' };
      const now = clock.now();
      if (pace.holdUntil > now) return pace.paused ? { status: 'paused', nextAttemptAt: pace.holdUntil } : scheduled(pace.holdUntil);
      if (options.storage.kind !== 'indexeddb') await options.storage.recover?.();
      const { entries, dropped } = await outbox.claim({ owner, now, leaseMs: settings.leaseMs, limit: pace.limit(), maxBytes: settings.maxBatchBytes });
      await reportDropped(dropped, 'stored record(s) cannot be sent and were moved to the dead-letter store');
      hide.remember(entries);
      if (entries.length > 0) {
        const stop = await apply(entries, await send(entries, false));
        if (stop) return stop;
        continue;
      }
      if (dropped.length > 0) continue;
      const stats = await outbox.stats(clock.now());
      if (stats.pending === 0 && stats.inFlight === 0) return { status: 'empty' };
      // Records leased by another tab come back when its lease runs out, if it died.
      let next = Math.min(stats.nextAttemptAt ?? Infinity, stats.leaseEndsAt ?? Infinity);
      if (next <= clock.now() && ++idle < 3) continue;
      if (next <= clock.now()) next = clock.now() + settings.backoff.baseMs;
      return scheduled(next);
    }
  }

  async function cycle(): Promise<FlushResult> {
    try {
      const result = await coordination.lock.tryRun(drain);
      storageFailures = 0;
      if (!result.acquired) {
        refusedSince ??= clock.now();
        // The holder has not let go for a whole lease (a frozen or hung tab): drain without
        // the lock. Leases keep that safe; the lock only ever saved work.
        if (clock.now() - refusedSince >= settings.leaseMs) return await drain();
        waitingForLock = true;
        return scheduled(clock.now() + LOCK_RETRY_MS);
      }
      refusedSince = null;
      coordination.nudge.post({ type: 'released' });
      return result.value;
    } catch (error) {
      // Storage failed mid-drain (a full disk on a lease update, say): nothing was deleted; try again later.
      options.onError(new HarkError('storage_failed', `delivery could not update the queue: ${messageOf(error)}`, { cause: error }));
      return scheduled(clock.now() + backoffDelay(storageFailures++, options.random(), settings.backoff));
    }
  }

  const unlisten = coordination.nudge.listen(() => {
    if (!waitingForLock) return;
    waitingForLock = false;
    void delivery.flush();
  });

  const delivery: Delivery = {
    flush() {
      if (stopped) return Promise.resolve({ status: 'empty' });
      if (options.mayDeliver?.() === false) return Promise.resolve({ status: 'held' });
      if (running) {
        again ??= running.then(() => {
          again = null;
          return delivery.flush();
        });
        return again;
      }
      running = cycle().finally(() => {
        running = null;
      });
      return running;
    },
    wake() {
      pace.dispatch({ type: 'online' });
      return delivery.flush();
    },
    async flushOnHide() {
      if (!stopped && !pace.paused && options.mayDeliver?.() !== false) await hide.send();
    },
    async state() {
      let stats: Awaited<ReturnType<Outbox['stats']>>;
      try {
        stats = await outbox.stats(clock.now());
      } catch (error) {
        const failure = new HarkError('storage_failed', `the delivery state could not be read: ${messageOf(error)}`, { cause: error });
        options.onError(failure);
        throw failure;
      }
      return {
        storage: options.storage.kind,
        pending: stats.pending,
        inFlight: stats.inFlight,
        deadLettered: stats.deadLettered,
        paused: pace.paused,
        nextAttemptAt: stats.nextAttemptAt === null ? null : Math.max(stats.nextAttemptAt, pace.holdUntil),
      };
    },
    resume() {
      // A send already on the wire carries the old credentials: resume once its answer is in.
      const go = () => {
        if (pace.paused) pace.dispatch({ type: 'resume' });
        return delivery.flush();
      };
      return running ? running.then(go, go) : go();
    },
    stop() {
      stopped = true;
      unlisten();
      hide.stop();
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
  return delivery;
}
