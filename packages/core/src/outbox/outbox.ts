import { WireRecordSchema, type WireRecord } from '../schema/wire';
import type { KeyValueStore } from '../storage/types';

/** Current version of a stored entry; a newer one is left for a newer SDK to read. */
export const ENTRY_VERSION = 1;

/** A queued record with its delivery bookkeeping. */
export interface OutboxEntry {
  readonly v: number;
  readonly record: WireRecord;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: string;
}

/** A record that will not be delivered, kept with the reason. */
export interface DeadLetter {
  readonly record: unknown;
  readonly reason: string;
  readonly at: number;
}

/** The durable queue. Every method goes to storage; nothing is cached in memory. */
export interface Outbox {
  /** Resolves once the record is durably stored. */
  add(record: WireRecord): Promise<void>;
  /** Entries whose next attempt is due, oldest first. Unreadable entries are dead-lettered on the way. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  /** Number of live entries. */
  size(): Promise<number>;
  /** Deletes exactly these records (after a 2xx). */
  remove(ids: readonly string[]): Promise<void>;
  /** Keeps the records and sets when to try again. */
  reschedule(entries: readonly OutboxEntry[], nextAttemptAt: number, error: string, countAttempt: boolean): Promise<void>;
  /** Moves entries to the dead-letter store, then deletes them from the queue. */
  deadLetter(entries: ReadonlyArray<{ id: string; record: unknown }>, reason: string, now: number): Promise<void>;
  /** Earliest `nextAttemptAt` among live entries, or null when empty. */
  nextDue(): Promise<number | null>;
}

function isEntry(value: unknown): value is OutboxEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OutboxEntry).v === 'number' &&
    typeof (value as OutboxEntry).attempts === 'number' &&
    typeof (value as OutboxEntry).nextAttemptAt === 'number'
  );
}

/** Creates the outbox over a queue store and a dead-letter store. */
export function createOutbox(queue: KeyValueStore, dead: KeyValueStore): Outbox {
  const outbox: Outbox = {
    add: (record) => queue.set(record.id, { v: ENTRY_VERSION, record, attempts: 0, nextAttemptAt: 0 } satisfies OutboxEntry),

    async due(now, limit) {
      const due: OutboxEntry[] = [];
      const broken: Array<{ id: string; record: unknown; reason: string }> = [];
      for (const [id, value] of await queue.entries<unknown>()) {
        if (!isEntry(value)) {
          broken.push({ id, record: value, reason: 'corrupt entry' });
          continue;
        }
        if (value.v > ENTRY_VERSION) {
          broken.push({ id, record: value, reason: `entry from a newer SDK (v${value.v})` });
          continue;
        }
        const parsed = WireRecordSchema.safeParse(value.record);
        if (!parsed.success) {
          broken.push({ id, record: value, reason: `invalid record: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
          continue;
        }
        if (value.nextAttemptAt <= now && due.length < limit) due.push(value);
      }
      for (const item of broken) await outbox.deadLetter([item], item.reason, now);
      return due;
    },

    size: async () => (await queue.entries()).length,

    remove: (ids) => queue.delMany(ids),

    async reschedule(entries, nextAttemptAt, error, countAttempt) {
      for (const entry of entries) {
        await queue.set(entry.record.id, {
          ...entry,
          attempts: entry.attempts + (countAttempt ? 1 : 0),
          nextAttemptAt,
          lastError: error,
        } satisfies OutboxEntry);
      }
    },

    async deadLetter(entries, reason, now) {
      for (const entry of entries) await dead.set(entry.id, { record: entry.record, reason, at: now } satisfies DeadLetter);
      await queue.delMany(entries.map((entry) => entry.id));
    },

    async nextDue() {
      let next: number | null = null;
      for (const [, value] of await queue.entries<unknown>()) {
        if (isEntry(value) && (next === null || value.nextAttemptAt < next)) next = value.nextAttemptAt;
      }
      return next;
    },
  };
  return outbox;
}
