import { HarkError, messageOf } from '../errors.js';
import type { Clock } from '../platform/platform.js';
import type { WireRecord } from '../schema/wire.js';
import type { SendOutcome } from './sendOutcome.js';
import type { DeliverySettings } from './deliveryConfig.js';
import type { OutboxEntry } from './entry.js';
import type { Outbox } from './outbox.js';
import type { WireMarks } from './wireMarks.js';

/** What the page-hide send needs from the delivery loop. */
export interface HideSendOptions {
  readonly outbox: Outbox;
  readonly owner: string;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  /** Which records some send has on the wire (this tab's, another tab's, a closed page's). */
  readonly marks: WireMarks;
  /** This send's lease: `hideLeaseMs`, or longer once the send timeout has grown. */
  readonly leaseMs: () => number;
  /** Bytes of keepalive request bodies the page may still start. */
  readonly room: () => number;
  /** True while the queue is in memory: there is no next page to send a held score, so this send takes it. */
  readonly volatile: () => boolean;
  /** Starts the request synchronously (before its first await). */
  readonly send: (entries: readonly OutboxEntry[], hide: boolean) => Promise<SendOutcome>;
  readonly onSent: (records: readonly WireRecord[]) => void;
  readonly onError: (error: HarkError) => void;
}

/** The last-chance send when the page is hidden or closed. */
export interface HideSender {
  /** Records this tab has seen queued (claimed ones; added ones arrive by themselves). */
  remember(entries: readonly OutboxEntry[]): void;
  /** Records delivered, dead-lettered, or gone from the queue. */
  forget(ids: readonly string[]): void;
  /** The ids of the records this tab knows to be queued. */
  ids(): string[];
  /** Sends one `keepalive` batch of what this tab knows is queued and no send holds; deletes only on a 2xx. */
  send(): Promise<void>;
  stop(): void;
}

/**
 * A closing page runs microtasks but no more IndexedDB callbacks, so this
 * send cannot start with a claim: it starts from records this tab already
 * knows, leaves out those another send has on the wire (the wire marks), and
 * marks its own in localStorage before its request starts, so the next page,
 * other tabs and a second hide event (`pagehide` after `visibilitychange`)
 * leave them alone until its lease ends. A page that lives on (hidden, not
 * closed) also leases them in IndexedDB and hears the answer; a closed page
 * never does, so its records are sent again once the lease ends. A record held
 * for its comment stays behind: sending it here, where its removal after the
 * 2xx may never commit, would send it twice.
 */
export function createHideSender(options: HideSendOptions): HideSender {
  const { outbox, owner, clock, settings, marks } = options;
  const known = new Map<string, OutboxEntry>();
  const unwatch = outbox.onAdded((entry) => known.set(entry.id, entry));

  return {
    remember(entries) {
      for (const entry of entries) if (!known.has(entry.id)) known.set(entry.id, entry);
    },
    forget(ids) {
      for (const id of ids) known.delete(id);
    },
    ids: () => [...known.keys()],
    async send() {
      const now = clock.now();
      // Read only if this page has records to send: a closing page need not read every tab's marks for nothing.
      const busy = marks.heldOnNeed();
      const room = Math.min(settings.maxBatchBytes, options.room());
      const batch: OutboxEntry[] = [];
      let bytes = 0;
      for (const entry of [...known.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        // On the wire already, by this page's drain, an earlier hide event or another tab: not a second time.
        if (busy.has(entry.id)) continue;
        // A score held for its comment is not final: it waits for its hold to end, here or in the next page.
        if ((entry.heldUntil ?? 0) > now && !options.volatile()) continue;
        if (batch.length >= settings.batchSize || bytes + entry.size > room) break;
        bytes += entry.size;
        batch.push(entry);
      }
      if (batch.length === 0) return;
      const ids = batch.map((entry) => entry.id);
      const until = now + options.leaseMs();
      marks.hold(ids, until);
      const sending = options.send(batch, true);
      try {
        await outbox.lease(owner, ids, now, until);
        const outcome = await sending;
        if (outcome.kind === 'delivered') {
          // Marked a while longer: the removal below may not commit before the page is gone.
          marks.hold(ids, clock.now() + settings.maxLeaseMs);
          for (const id of ids) known.delete(id);
          await outbox.remove(ids);
          options.onSent(batch.map((entry) => entry.record));
        } else {
          // Still alive: hand them back to the normal loop, which classifies the failure.
          marks.free(ids);
          await outbox.release(owner, ids, clock.now(), outcome.kind === 'retry' ? outcome.reason : `HTTP ${outcome.status}`, false);
        }
      } catch (error) {
        options.onError(new HarkError('storage_failed', `the page-hide send could not update the queue: ${messageOf(error)}`, { cause: error }));
      }
    },
    stop: unwatch,
  };
}
