import { HarkError } from '../errors.js';
import type { WireRecord } from '../schema/wire.js';
import type { HarkStorage, StorageTx } from '../storage/types.js';
import { jsonBytes, newEntry, readEntry as readStored, type DeadLetter, type Hold, type OutboxEntry } from './entry.js';
import type { OutboxLimits } from './deliveryConfig.js';
import type { Marks } from './wireMarks.js';

/** What one tab asks for when it takes records to send. */
export interface ClaimRequest {
  /** This tab's id; only the lease owner sends a record. */
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
  readonly limit: number;
  readonly maxBytes: number;
  /** Page hide: the last chance to send, so records still waiting out a backoff go too. */
  readonly ignoreBackoff?: boolean;
  /** Tabs known to be alive (their held records stay held), or null when that cannot be known. */
  readonly alive?: ReadonlySet<string> | null;
  /** Records another send has on the wire (a closing page's page-hide send leases nothing in IndexedDB), with when that ends. */
  readonly busy?: Marks;
}

/** Records leased to the caller, and records found unsendable on the way (now dead-lettered). */
export interface ClaimResult {
  readonly entries: readonly OutboxEntry[];
  readonly dropped: readonly DeadLetter[];
}

/** Counts for `getDeliveryState()`. */
export interface OutboxStats {
  readonly pending: number;
  readonly inFlight: number;
  readonly deadLettered: number;
  /** When the earliest pending record may be sent (now, if one is due); null when none is pending. */
  readonly nextAttemptAt: number | null;
  /** When the earliest lease held by a sending tab runs out; null when nothing is in flight. */
  readonly leaseEndsAt: number | null;
  /** The id of every queued record. */
  readonly ids: readonly string[];
}

/** The durable queue. Every method is one storage transaction; nothing is cached in memory. */
export interface Outbox {
  /**
   * Stores a record durably and returns its entry (the record stamped with its
   * `seq`); `hold` keeps it back from delivery. Throws `queue_full` at the cap.
   */
  add(record: WireRecord, now: number, hold?: Hold): Promise<OutboxEntry>;
  /**
   * Rewrites a queued record under the same id (a held score completed by its
   * comment, or released as is) and sets or ends its hold, in one transaction.
   * Resolves with null, writing nothing, once the record is past rewriting:
   * delivered, or already tried on the wire, where the first version may have
   * been stored.
   */
  amend(record: WireRecord, now: number, hold: Hold | null): Promise<OutboxEntry | null>;
  /** Leases due records, oldest first, in one readwrite transaction. */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Deletes exactly these records: the server answered 2xx. */
  remove(ids: readonly string[]): Promise<void>;
  /** Leases these records to `owner` unless another tab holds them (the page-hide send, after the fact). */
  lease(owner: string, ids: readonly string[], now: number, until: number): Promise<void>;
  /** Gives leased records back, to be tried at `at`. */
  release(owner: string, ids: readonly string[], at: number, error: string | null, countAttempt: boolean): Promise<void>;
  /** Moves records to the dead-letter store, with the reason. */
  deadLetter(ids: readonly string[], reason: string, now: number): Promise<DeadLetter[]>;
  /** Counts; `alive` and `busy` as in `ClaimRequest`. */
  stats(now: number, alive?: ReadonlySet<string> | null, busy?: Marks): Promise<OutboxStats>;
  /** Dead letters no page has reported yet. */
  unreported(): Promise<DeadLetter[]>;
  /** Marks dead letters as reported. */
  markReported(ids: readonly string[]): Promise<void>;
  /** Calls `fn` with each entry this outbox object added or amended, once committed; returns the unsubscribe. */
  onAdded(fn: (entry: OutboxEntry) => void): () => void;
}

const TOTALS = 'outbox:totals';
const SEQ = 'outbox:seq';
interface Totals {
  count: number;
  bytes: number;
}

type Read = (key: string, value: unknown) => ReturnType<typeof readStored>;

async function loadTotals(tx: StorageTx, readEntry: Read): Promise<Totals> {
  const saved = await tx.get<Totals>('meta', TOTALS);
  if (saved && Number.isFinite(saved.count) && Number.isFinite(saved.bytes)) return saved;
  // Missing after a migration or a foreign write: count once, then keep it in step.
  const totals = { count: 0, bytes: 0 };
  await tx.scan('outbox', (key, value) => {
    totals.count += 1;
    totals.bytes += readEntry(key, value).entry?.size ?? 0;
  });
  return totals;
}

/** Creates the outbox over a storage with the given limits. */
export function createOutbox(storage: HarkStorage, limits: OutboxLimits, recordProblem: (record: unknown) => string | null): Outbox {
  const readEntry: Read = (key, value) => readStored(key, value, recordProblem);
  // Times further ahead than any wait Hark sets mean the clock went back: treat them as now.
  const leaseHeld = (entry: OutboxEntry, now: number) =>
    entry.leaseOwner !== null && entry.leaseUntil > now && entry.leaseUntil - now <= limits.maxLeaseMs;
  const isDue = (entry: OutboxEntry, now: number) => entry.nextAttemptAt <= now || entry.nextAttemptAt - now > limits.maxWaitMs;
  // Held while its holder lives (when that can be known) and the hold has not run out; a hold
  // further ahead than any Hark sets means the clock went back.
  const isHeld = (entry: OutboxEntry, now: number, alive: ReadonlySet<string> | null | undefined) =>
    entry.heldUntil !== undefined &&
    entry.heldUntil > now &&
    entry.heldUntil - now <= limits.holdMs &&
    !(alive && entry.holder !== undefined && !alive.has(entry.holder));
  const isExpired = (entry: OutboxEntry, now: number) =>
    now - entry.createdAt > limits.expiryMs && entry.attempts >= limits.minAttemptsBeforeExpiry;

  async function bury(tx: StorageTx, items: Array<{ id: string; value: unknown; reason: string }>, now: number, totals: Totals) {
    const letters: DeadLetter[] = [];
    for (const item of items) {
      const letter: DeadLetter = { id: item.id, entry: item.value, reason: item.reason, at: now, reported: false };
      await tx.put('dead', item.id, letter);
      await tx.delete('outbox', item.id);
      totals.count = Math.max(0, totals.count - 1);
      totals.bytes = Math.max(0, totals.bytes - (readEntry(item.id, item.value).entry?.size ?? 0));
      letters.push(letter);
    }
    return letters;
  }

  const added = new Set<(entry: OutboxEntry) => void>();
  return {
    onAdded(fn) {
      added.add(fn);
      return () => added.delete(fn);
    },

    add: async (record, now, hold) => {
      const entry = await storage.transaction('readwrite', async (tx) => {
        const existing = readEntry(record.id, await tx.get('outbox', record.id)).entry;
        if (existing) return existing;
        const totals = await loadTotals(tx, readEntry);
        const seq = ((await tx.get<number>('meta', SEQ)) ?? 0) + 1;
        const entry = newEntry(record, seq, now, hold);
        if (totals.count + 1 > limits.maxRecords || totals.bytes + entry.size > limits.maxBytes) {
          const full = totals.count + 1 > limits.maxRecords ? `${limits.maxRecords} records` : `${limits.maxBytes} bytes`;
          throw new HarkError('queue_full', `the outbox is full (${full}); this answer was refused and nothing already queued was dropped`, {
            field: totals.count + 1 > limits.maxRecords ? 'delivery.maxRecords' : 'delivery.maxBytes',
            details: { records: [record] },
          });
        }
        await tx.put('outbox', entry.id, entry);
        await tx.put('meta', SEQ, seq);
        await tx.put('meta', TOTALS, { count: totals.count + 1, bytes: totals.bytes + entry.size });
        return entry;
      });
      for (const fn of added) fn(entry);
      return entry;
    },

    amend: async (record, now, hold) => {
      const entry = await storage.transaction('readwrite', async (tx) => {
        const existing = readEntry(record.id, await tx.get('outbox', record.id)).entry;
        if (!existing || existing.attempts > 0 || leaseHeld(existing, now)) return null;
        const stamped = { ...record, seq: existing.seq };
        const { heldUntil: _until, holder: _holder, ...rest } = existing;
        const entry: OutboxEntry = {
          ...rest,
          ...(hold ? { heldUntil: hold.until, ...(hold.holder ? { holder: hold.holder } : {}) } : {}),
          record: stamped,
          size: jsonBytes(stamped),
        };
        const totals = await loadTotals(tx, readEntry);
        await tx.put('outbox', entry.id, entry);
        await tx.put('meta', TOTALS, { count: totals.count, bytes: Math.max(0, totals.bytes - existing.size + entry.size) });
        return entry;
      });
      if (entry) for (const fn of added) fn(entry);
      return entry;
    },

    lease: (owner, ids, now, until) =>
      storage.transaction('readwrite', async (tx) => {
        for (const id of ids) {
          const entry = readEntry(id, await tx.get('outbox', id)).entry;
          if (!entry || (leaseHeld(entry, now) && entry.leaseOwner !== owner)) continue;
          await tx.put('outbox', id, { ...entry, leaseOwner: owner, leaseUntil: until } satisfies OutboxEntry);
        }
      }),

    claim: (request) =>
      storage.transaction('readwrite', async (tx) => {
        const { now } = request;
        const claimed: OutboxEntry[] = [];
        const broken: Array<{ id: string; value: unknown; reason: string }> = [];
        let bytes = 0;
        await tx.scan('outbox', (id, value) => {
          const { entry, problem } = readEntry(id, value);
          if (request.busy?.has(id)) return true;
          if (!entry) broken.push({ id, value, reason: problem });
          else if (isExpired(entry, now)) broken.push({ id, value, reason: `expired after ${entry.attempts} attempts (last error: ${entry.lastError ?? 'none'})` });
          else if (entry.size > limits.maxBatchBytes) broken.push({ id, value, reason: `record of ${entry.size} bytes exceeds maxBatchBytes (${limits.maxBatchBytes})` });
          else if (!leaseHeld(entry, now) && !isHeld(entry, now, request.alive) && (request.ignoreBackoff === true || isDue(entry, now))) {
            // Stop rather than skip, so records leave in key order.
            if (bytes + entry.size > request.maxBytes) return false;
            bytes += entry.size;
            claimed.push({ ...entry, leaseOwner: request.owner, leaseUntil: now + request.leaseMs });
          }
          return claimed.length < request.limit;
        });
        for (const entry of claimed) await tx.put('outbox', entry.id, entry);
        let dropped: DeadLetter[] = [];
        if (broken.length > 0) {
          const totals = await loadTotals(tx, readEntry);
          dropped = await bury(tx, broken, now, totals);
          await tx.put('meta', TOTALS, totals);
        }
        return { entries: claimed, dropped };
      }),

    remove: (ids) =>
      storage.transaction('readwrite', async (tx) => {
        const totals = await loadTotals(tx, readEntry);
        for (const id of ids) {
          const value = await tx.get('outbox', id);
          if (value === undefined) continue;
          await tx.delete('outbox', id);
          totals.count = Math.max(0, totals.count - 1);
          totals.bytes = Math.max(0, totals.bytes - (readEntry(id, value).entry?.size ?? 0));
        }
        await tx.put('meta', TOTALS, totals);
      }),

    release: (owner, ids, at, error, countAttempt) =>
      storage.transaction('readwrite', async (tx) => {
        for (const id of ids) {
          const entry = readEntry(id, await tx.get('outbox', id)).entry;
          // Someone else took it over after our lease ran out: theirs now.
          if (!entry || entry.leaseOwner !== owner) continue;
          await tx.put('outbox', id, {
            ...entry,
            attempts: entry.attempts + (countAttempt ? 1 : 0),
            nextAttemptAt: at,
            leaseOwner: null,
            leaseUntil: 0,
            lastError: error ?? entry.lastError,
          } satisfies OutboxEntry);
        }
      }),

    deadLetter: (ids, reason, now) =>
      storage.transaction('readwrite', async (tx) => {
        const items: Array<{ id: string; value: unknown; reason: string }> = [];
        for (const id of ids) {
          const value = await tx.get('outbox', id);
          if (value !== undefined) items.push({ id, value, reason });
        }
        const totals = await loadTotals(tx, readEntry);
        const letters = await bury(tx, items, now, totals);
        await tx.put('meta', TOTALS, totals);
        return letters;
      }),

    unreported: () =>
      storage.transaction('readonly', async (tx) => {
        const letters: DeadLetter[] = [];
        await tx.scan('dead', (_id, value) => {
          if ((value as DeadLetter | null)?.reported === false) letters.push(value as DeadLetter);
        });
        return letters;
      }),

    markReported: (ids) =>
      storage.transaction('readwrite', async (tx) => {
        for (const id of ids) {
          const letter = await tx.get<DeadLetter>('dead', id);
          if (letter && letter.reported === false) await tx.put('dead', id, { ...letter, reported: true } satisfies DeadLetter);
        }
      }),

    stats: (now, alive, busy) =>
      storage.transaction('readonly', async (tx) => {
        let pending = 0;
        let inFlight = 0;
        let next: number | null = null;
        let leaseEndsAt: number | null = null;
        const ids: string[] = [];
        await tx.scan('outbox', (id, value) => {
          ids.push(id);
          const { entry } = readEntry(id, value);
          const until = entry && leaseHeld(entry, now) ? entry.leaseUntil : busy?.get(id);
          if (until !== undefined) {
            inFlight += 1;
            if (leaseEndsAt === null || until < leaseEndsAt) leaseEndsAt = until;
            return;
          }
          pending += 1;
          const at = !entry ? now : isHeld(entry, now, alive) ? Math.max(entry.heldUntil!, entry.nextAttemptAt) : isDue(entry, now) ? now : entry.nextAttemptAt;
          if (next === null || at < next) next = at;
        });
        return { pending, inFlight, deadLettered: await tx.count('dead'), nextAttemptAt: next, leaseEndsAt, ids };
      }),
  };
}
