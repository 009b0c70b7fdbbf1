import { HarkError } from '../errors';
import type { Clock } from '../env';
import type { WireRecord } from '../schema/wire';
import type { StorageMode } from '../storage/types';
import type { Outcome } from '../transport/outcome';
import { backoffDelay, retryDelay } from '../transport/retry';
import { sendBatch } from '../transport/transport';
import type { TabCoordination } from './coordination';
import type { DeliverySettings } from './deliveryConfig';
import type { DeadLetter, OutboxEntry } from './entry';
import type { Outbox } from './outbox';

/** What `flush()` resolves to: the queue is empty, or when the next try is. */
export type FlushResult =
  | { readonly status: 'empty' }
  | { readonly status: 'scheduled'; readonly nextAttemptAt: number }
  /** 401/403: delivery waits for new credentials; a probe is still sent at `nextAttemptAt`. */
  | { readonly status: 'paused'; readonly nextAttemptAt: number };

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
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly isOnline: () => boolean;
  readonly settings: DeliverySettings;
  readonly coordination: TabCoordination;
  /** This tab's lease owner id. */
  readonly owner: string;
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
  state(): Promise<DeliveryState>;
  /** Resumes a paused queue (after new credentials, say). */
  resume(): void;
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
  let paused = false;
  // This tab's backoff gate: while failing, nothing is sent before it, then only a probe.
  let holdUntil = 0;
  let probing = false;
  // After a 400 or 413 on a batch, send this many single records to find the culprit.
  let singles = 0;
  let sizeLimit = settings.batchSize;
  let waitingForLock = false;
  // When this tab was first refused the drain lock, since it last held it.
  let refusedSince: number | null = null;
  let storageFailures = 0;
  // Records this tab saved or claimed and has not seen delivered or dead-lettered, oldest first:
  // what the page-hide send can take without waiting for IndexedDB.
  const known = new Map<string, OutboxEntry>();
  const forget = (ids: readonly string[]) => ids.forEach((id) => known.delete(id));
  const unwatch = outbox.onAdded((entry) => known.set(entry.id, entry));

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

  /** Reports dead letters, then marks them reported. A destroyed client reports nothing: the next page will. */
  async function reportDead(error: HarkError, ids: readonly string[]) {
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
        forget(ids);
        probing = false;
        paused = false;
        holdUntil = 0;
        if (singles > 0) singles -= 1;
        else sizeLimit = settings.batchSize;
        options.onSent(records);
        return null;
      case 'retry': {
        const attempt = Math.max(...entries.map((entry) => entry.attempts));
        const at = now + retryDelay(outcome, attempt, options.random(), settings.backoff);
        // Attempts made while offline do not count towards expiry.
        await outbox.release(owner, ids, at, outcome.reason, options.isOnline());
        probing = true;
        holdUntil = at;
        return scheduled(at);
      }
      case 'too-large':
        if (entries.length > 1) {
          sizeLimit = Math.max(1, Math.floor(entries.length / 2));
          await outbox.release(owner, ids, now, 'HTTP 413', false);
          return null;
        }
        await outbox.deadLetter(ids, 'HTTP 413: record too large for the endpoint', now);
        forget(ids);
        await reportDead(new HarkError('delivery_rejected', 'the endpoint answered 413 for a single record; it was moved to the dead-letter store', { details: { status: 413, records } }), ids);
        if (singles > 0) singles -= 1;
        return null;
      case 'pause':
        paused = true;
        probing = true;
        holdUntil = now + settings.backoff.capMs;
        await outbox.release(owner, ids, now, `HTTP ${outcome.status}`, false);
        options.onError(
          new HarkError('delivery_paused', `the endpoint answered ${outcome.status}: check the API key in config.headers; every record is kept and delivery is paused`, {
            field: 'headers',
            details: { status: outcome.status },
          }),
        );
        schedule(holdUntil);
        return { status: 'paused', nextAttemptAt: holdUntil };
      case 'reject':
        if (entries.length > 1) {
          // One bad record must not take its batch-mates with it: retry them one by one.
          singles = entries.length;
          await outbox.release(owner, ids, now, `HTTP ${outcome.status}`, false);
          return null;
        }
        await outbox.deadLetter(ids, `HTTP ${outcome.status}`, now);
        forget(ids);
        await reportDead(
          new HarkError('delivery_rejected', `the endpoint rejected a record with HTTP ${outcome.status}; it was moved to the dead-letter store`, {
            details: { status: outcome.status, records },
          }),
          ids,
        );
        if (singles > 0) singles -= 1;
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
      if (holdUntil > now) return paused ? { status: 'paused', nextAttemptAt: holdUntil } : scheduled(holdUntil);
      if (options.storage.kind !== 'indexeddb') await options.storage.recover?.();
      const { entries, dropped } = await outbox.claim({
        owner,
        now,
        leaseMs: settings.leaseMs,
        limit: probing || singles > 0 ? 1 : sizeLimit,
        maxBytes: settings.maxBatchBytes,
      });
      await reportDropped(dropped, 'stored record(s) cannot be sent and were moved to the dead-letter store');
      forget(dropped.map((letter) => letter.id));
      for (const entry of entries) if (!known.has(entry.id)) known.set(entry.id, entry);
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
      options.onError(new HarkError('storage_failed', `delivery could not update the queue: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
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
      if (!paused) holdUntil = 0;
      return delivery.flush();
    },
    async flushOnHide() {
      if (stopped || paused || known.size === 0) return;
      const now = clock.now();
      const batch: OutboxEntry[] = [];
      let bytes = 0;
      for (const entry of [...known.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        if (batch.length >= settings.batchSize || bytes + entry.size > settings.maxBatchBytes) break;
        bytes += entry.size;
        batch.push(entry);
      }
      if (batch.length === 0) return;
      const ids = batch.map((entry) => entry.id);
      // fetch() is called before the first await: it leaves even if this page never runs another task.
      const sending = send(batch, true);
      try {
        // If the page lives on (hidden, not closed), the lease keeps other tabs off these records meanwhile.
        await outbox.lease(owner, ids, now, now + settings.hideLeaseMs);
        const outcome = await sending;
        if (outcome.kind === 'delivered') {
          await outbox.remove(ids);
          forget(ids);
          options.onSent(batch.map((entry) => entry.record));
        } else {
          // Still alive: hand them back to the normal loop, which classifies the failure.
          await outbox.release(owner, ids, clock.now(), outcome.kind === 'retry' ? outcome.reason : `HTTP ${outcome.status}`, false);
        }
      } catch (error) {
        options.onError(new HarkError('storage_failed', `the page-hide send could not update the queue: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    },
    async state() {
      const now = clock.now();
      const stats = await outbox.stats(now);
      const next = stats.nextAttemptAt === null ? null : Math.max(stats.nextAttemptAt, holdUntil);
      return {
        storage: options.storage.kind,
        pending: stats.pending,
        inFlight: stats.inFlight,
        deadLettered: stats.deadLettered,
        paused,
        nextAttemptAt: next,
      };
    },
    resume() {
      paused = false;
      probing = false;
      holdUntil = 0;
      void delivery.flush();
    },
    stop() {
      stopped = true;
      unlisten();
      unwatch();
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
  return delivery;
}
