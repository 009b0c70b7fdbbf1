import { HarkError, messageOf } from '../errors.js';
import type { Channel, Clock, Platform } from '../platform/platform.js';
import { tabTurns } from '../platform/webLocks.js';
import type { HeadersOption } from '../schema/config.js';
import type { WireRecord } from '../schema/wire.js';
import type { WireChecks } from '../schema/wireChecks.js';
import type { StorageMode } from '../storage/types.js';
import { leaseFor, type DeliverySettings } from './deliveryConfig.js';
import type { DeadLetter, OutboxEntry } from './entry.js';
import { createHideSender } from './hideSend.js';
import type { Outbox } from './outbox.js';
import { createPace } from './pace.js';
import { backoffDelay, retryDelay } from './retry.js';
import type { SendOutcome } from './sendOutcome.js';
import { sendBatch } from './transport.js';
import { createWireMarks } from './wireMarks.js';
import { KEEPALIVE_BYTES, LOCK_RETRY_MS } from '../defaults.js';

/** What `flush()` resolves to: the queue is empty, or when the next try is. */
export type FlushResult =
  | { readonly status: 'empty' }
  | { readonly status: 'scheduled'; readonly nextAttemptAt: number }
  /** 401/403: delivery waits for new credentials; a probe is still sent at `nextAttemptAt`. */
  | { readonly status: 'paused'; readonly nextAttemptAt: number }
  /** Consent is not granted: nothing is sent, records stay queued until `consent(true)`. */
  | { readonly status: 'held' }
  /**
   * The delivery code could not be fetched (offline, or refused by the page's
   * CSP): records stay queued and the next flush asks for it again. The
   * failure is reported through `on('error')`.
   */
  | { readonly status: 'unavailable'; readonly reason: string };

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
  /** The schema checks, lent by the client: a `headers` function's result is checked before each send. */
  readonly checks: WireChecks;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly isOnline: () => boolean;
  readonly settings: DeliverySettings;
  /** Other tabs: the drain lock, who is alive, the nudge's channel, and localStorage for the wire marks. */
  readonly platform: Pick<Platform, 'lock' | 'presence' | 'locks' | 'channel' | 'localStorage' | 'onStorage' | 'onRestore'>;
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
  /** The network is back: forget this tab's backoff, and the records' own, and send now. */
  wake(): Promise<FlushResult>;
  /**
   * The page is going away: sends the records this tab knows to be queued, and
   * no send holds, in one `keepalive` request, started synchronously (a closing
   * page runs no more IndexedDB callbacks) after marking them in localStorage;
   * leases them for `hideLeaseMs` (or the grown send lease), and deletes them
   * only on a 2xx. A second call sends nothing the first sent.
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

/** Where tabs tell each other that they let go of the drain lock. */
const NUDGE_CHANNEL = 'hark-outbox';

/** Creates the delivery loop. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { outbox, clock, settings, owner, platform } = options;
  const { lock, presence } = tabTurns(platform);
  let running: Promise<FlushResult> | null = null;
  // A flush asked for during a drain runs once more after it, so it sees records written meanwhile.
  let again: Promise<FlushResult> | null = null;
  let timer: unknown = null;
  let stopped = false;
  const pace = createPace(settings.batchSize, { firstMs: settings.timeoutMs, capMs: settings.timeoutCapMs });
  let waitingForLock = false;
  // When this tab was first refused the drain lock, since it last held it.
  let refusedSince: number | null = null;
  let storageFailures = 0;
  // Set by `wake()` until the queue is through or a send fails again: claims take records still backing off from sends that failed while the network was down.
  let urgent = false;
  // How many times the network came back: a send that fails for want of it meanwhile is not held back.
  let wakes = 0;

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

  const marks = createWireMarks(owner, clock, platform, settings.maxLeaseMs);
  let keptAlive = 0;
  const send = (entries: readonly OutboxEntry[], hide: boolean) => {
    const bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
    // With keepalive a send outlives its page, so one under way when the page closes still arrives.
    // Sends of the drain take at most half the browser's allowance, leaving room for the page-hide send.
    const keepalive = keptAlive + bytes <= KEEPALIVE_BYTES && (hide || bytes <= KEEPALIVE_BYTES / 2);
    if (keepalive) keptAlive += bytes;
    return sendBatch({
      endpoint: options.endpoint,
      headers: options.headers,
      checkHeaders: options.checks.headers,
      records: entries.map((entry) => entry.record),
      fetch: options.fetch,
      clock,
      timeoutMs: pace.timeoutMs,
      keepalive,
    }).finally(() => {
      if (keepalive) keptAlive -= bytes;
    });
  };
  const hide = createHideSender({
    outbox,
    owner,
    clock,
    settings,
    marks,
    leaseMs: () => leaseFor(settings, pace.timeoutMs, true),
    room: () => KEEPALIVE_BYTES - keptAlive,
    volatile: () => options.storage.kind === 'memory',
    send,
    onSent: options.onSent,
    onError: options.onError,
  });

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
  async function apply(entries: readonly OutboxEntry[], outcome: SendOutcome, wakesBefore = wakes): Promise<FlushResult | null> {
    const ids = entries.map((entry) => entry.id);
    const records = entries.map((entry) => entry.record);
    const now = clock.now();
    switch (outcome.kind) {
      case 'delivered':
        hide.forget(ids);
        await outbox.remove(ids);
        pace.dispatch({ type: 'delivered' });
        options.onSent(records);
        return null;
      case 'retry': {
        const attempt = Math.max(...entries.map((entry) => entry.attempts));
        const at = now + retryDelay(outcome, attempt, options.random(), settings.backoff);
        // Attempts made while offline do not count towards expiry.
        await outbox.release(owner, ids, at, outcome.reason, options.isOnline());
        // The network came back while this send failed for want of it: it goes again at once, backoff or not.
        if (wakes !== wakesBefore && outcome.status === null && !outcome.timedOut) {
          urgent = true;
          return null;
        }
        urgent = false;
        const waited = pace.timeoutMs;
        pace.dispatch({ type: 'retry', at, timedOut: outcome.timedOut });
        if (outcome.timedOut) {
          // It may well have arrived: a server slower than the timeout stores every retry and never answers one.
          const next = pace.timeoutMs;
          options.onError(
            new HarkError('slow_endpoint', `the endpoint did not answer within ${waited} ms; the records are kept and sent again, waiting up to ${next} ms${next > waited ? '' : ' (delivery.timeoutCapMs)'}`, {
              field: 'delivery.timeoutMs',
              details: { timeoutMs: waited, nextTimeoutMs: next },
            }),
          );
        }
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
      // A chosen score held for its comment is sent at once if the tab holding it is gone.
      const alive = (await presence?.alive()) ?? null;
      const leaseMs = leaseFor(settings, pace.timeoutMs);
      const { entries, dropped } = await outbox.claim({ owner, now, leaseMs, limit: pace.limit(), maxBytes: settings.maxBatchBytes, alive, busy: marks.heldOnNeed(), ignoreBackoff: urgent });
      if (entries.length === 0) urgent = false;
      await reportDropped(dropped, 'stored record(s) cannot be sent and were moved to the dead-letter store');
      hide.remember(entries);
      // A page-hide send may have taken some while the claim ran: they are its to send.
      const taken = marks.heldOnNeed();
      const batch = entries.filter((entry) => !taken.has(entry.id));
      if (batch.length > 0) {
        const ids = batch.map((entry) => entry.id);
        marks.hold(ids, now + leaseMs);
        const wakesBefore = wakes;
        const outcome = await send(batch, false);
        const stop = await apply(batch, outcome, wakesBefore);
        // Delivered records stay marked a while: their removal may never commit (the page closes), and
        // other tabs' page-hide sends learn they are gone at their next drain.
        if (outcome.kind === 'delivered') marks.hold(ids, clock.now() + settings.maxLeaseMs);
        else marks.free(ids);
        if (stop) return stop;
        continue;
      }
      if (entries.length > 0 || dropped.length > 0) continue;
      const known = hide.ids();
      const stats = await outbox.stats(clock.now(), alive, marks.heldOnNeed());
      // Records another tab delivered meanwhile: the page-hide send must not send them again.
      const queued = new Set(stats.ids);
      hide.forget(known.filter((id) => !queued.has(id)));
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
      // A queue in memory is this tab's alone: no other tab's drain stands in for it.
      const result = options.storage.kind === 'memory' ? { acquired: true as const, value: await drain() } : await lock.tryRun(drain);
      storageFailures = 0;
      if (!result.acquired) {
        refusedSince ??= clock.now();
        // The holder has not let go for a whole lease (a frozen or hung tab): drain without
        // the lock. Leases keep that safe; the lock only ever saved work.
        if (clock.now() - refusedSince >= settings.leaseMs) return await drain();
        waitingForLock = true;
        nudges();
        return scheduled(clock.now() + LOCK_RETRY_MS);
      }
      refusedSince = null;
      waitingForLock = false;
      nudges().post({ type: 'released' });
      quiet();
      return result.value;
    } catch (error) {
      // Storage failed mid-drain (a full disk on a lease update, say): nothing was deleted; try again later.
      options.onError(new HarkError('storage_failed', `delivery could not update the queue: ${messageOf(error)}`, { cause: error }));
      return scheduled(clock.now() + backoffDelay(storageFailures++, options.random(), settings.backoff));
    }
  }

  // A tab that finished a drain cycle says so, and a tab refused the lock tries again at once. The
  // channel is open only while this tab waits for the lock or says it let go.
  let channel: Channel | null = null;
  const nudges = () =>
    (channel ??= platform.channel(NUDGE_CHANNEL, (message) => {
      if ((message as { type?: unknown } | null)?.type !== 'released' || !waitingForLock) return;
      waitingForLock = false;
      quiet();
      void delivery.flush();
    }));
  const quiet = () => {
    channel?.close();
    channel = null;
  };

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
      urgent = true;
      wakes += 1;
      return delivery.flush();
    },
    async flushOnHide() {
      // Offline, the request cannot succeed: it would only hold the records from the next page until its lease ends.
      if (!stopped && !pace.paused && options.mayDeliver?.() !== false && options.isOnline()) await hide.send();
    },
    async state() {
      let stats: Awaited<ReturnType<Outbox['stats']>>;
      try {
        stats = await outbox.stats(clock.now(), null, marks.heldOnNeed());
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
      quiet();
      hide.stop();
      marks.close();
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
  return delivery;
}
