import { HarkError, messageOf } from '../errors.js';
import type { Clock } from '../env.js';
import type { WireRecord } from '../schema/wire.js';
import type { Outcome } from '../transport/outcome.js';
import type { DeliverySettings } from './deliveryConfig.js';
import type { OutboxEntry } from './entry.js';
import type { Outbox } from './outbox.js';

/** What the page-hide send needs from the delivery loop. */
export interface HideSendOptions {
  readonly outbox: Outbox;
  readonly owner: string;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  /** Starts the request synchronously (before its first await). */
  readonly send: (entries: readonly OutboxEntry[], keepalive: boolean) => Promise<Outcome>;
  readonly onSent: (records: readonly WireRecord[]) => void;
  readonly onError: (error: HarkError) => void;
}

/** The last-chance send when the page is hidden or closed. */
export interface HideSender {
  /** Records this tab has seen queued (claimed ones; added ones arrive by themselves). */
  remember(entries: readonly OutboxEntry[]): void;
  /** Records delivered or dead-lettered. */
  forget(ids: readonly string[]): void;
  /** Sends one `keepalive` batch of what this tab knows is queued; deletes only on a 2xx. */
  send(): Promise<void>;
  stop(): void;
}

/**
 * A closing page runs microtasks but no more IndexedDB callbacks, so this
 * send cannot start with a claim: it starts from records this tab already
 * knows, then leases them for 60 s if the page lives on (hidden, not closed).
 * Another tab may hold one of them; the server's dedupe by id absorbs that.
 * A record held for its comment stays behind: sending it here, where its
 * removal after the 2xx may never commit, would send it twice.
 */
export function createHideSender(options: HideSendOptions): HideSender {
  const { outbox, owner, clock, settings } = options;
  const known = new Map<string, OutboxEntry>();
  const unwatch = outbox.onAdded((entry) => known.set(entry.id, entry));

  return {
    remember(entries) {
      for (const entry of entries) if (!known.has(entry.id)) known.set(entry.id, entry);
    },
    forget(ids) {
      for (const id of ids) known.delete(id);
    },
    async send() {
      const now = clock.now();
      const batch: OutboxEntry[] = [];
      let bytes = 0;
      for (const entry of [...known.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        // A score held for its comment is not final: it waits for its hold to end, here or in the next page.
        if ((entry.heldUntil ?? 0) > now) continue;
        if (batch.length >= settings.batchSize || bytes + entry.size > settings.maxBatchBytes) break;
        bytes += entry.size;
        batch.push(entry);
      }
      if (batch.length === 0) return;
      const ids = batch.map((entry) => entry.id);
      const sending = options.send(batch, true);
      try {
        await outbox.lease(owner, ids, now, now + settings.hideLeaseMs);
        const outcome = await sending;
        if (outcome.kind === 'delivered') {
          await outbox.remove(ids);
          for (const id of ids) known.delete(id);
          options.onSent(batch.map((entry) => entry.record));
        } else {
          // Still alive: hand them back to the normal loop, which classifies the failure.
          await outbox.release(owner, ids, clock.now(), outcome.kind === 'retry' ? outcome.reason : `HTTP ${outcome.status}`, false);
        }
      } catch (error) {
        options.onError(new HarkError('storage_failed', `the page-hide send could not update the queue: ${messageOf(error)}`, { cause: error }));
      }
    },
    stop: unwatch,
  };
}
