import type { WireRecord } from '../schema/wire.js';
import { toJson } from '../toJson.js';

/** Version of the stored entry format. An entry from a newer SDK is dead-lettered, not guessed at. */
export const ENTRY_VERSION = 2;

/** A queued record with its delivery bookkeeping, as stored under the record's id. */
export interface OutboxEntry {
  readonly v: number;
  /** The record's UUIDv7: key order is creation order is delivery order. */
  readonly id: string;
  readonly record: WireRecord;
  /** Epoch ms when first saved. */
  readonly createdAt: number;
  /** Per-device sequence number, also on the record, so a server can measure gaps. */
  readonly seq: number;
  /** Bytes of the record as JSON, for the batch and queue size limits. */
  readonly size: number;
  /** Sends that reached the network (attempts made while offline do not count). */
  readonly attempts: number;
  /** Not sent again before this time (epoch ms). */
  readonly nextAttemptAt: number;
  /** The tab that is sending it, and until when; an expired lease puts the record back to pending. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: number;
  readonly lastError: string | null;
  /**
   * A chosen score waiting for its follow-up comment: not sent before this
   * time (epoch ms) while its `holder` tab is alive. Absent once released.
   */
  readonly heldUntil?: number;
  /** The tab (delivery owner id) holding it; absent when no tab can be known alive (no Web Locks). */
  readonly holder?: string;
}

/** Keeps a record from delivery until `until`, while `holder` (if set) is alive. */
export interface Hold {
  readonly until: number;
  readonly holder?: string;
}

/** A record that will not be delivered, kept with the reason. */
export interface DeadLetter {
  readonly id: string;
  /** The entry, or whatever unreadable value was found under its key. */
  readonly entry: unknown;
  readonly reason: string;
  readonly at: number;
  /** Whether a page has reported it through `on('error')`; a page that died first leaves it to the next. */
  readonly reported?: boolean;
}

/** Size of a value as JSON, in UTF-8 bytes. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(toJson(value)).length;
}

/** A fresh entry for a record about to be saved; `hold` keeps it back (a chosen score awaiting its comment). */
export function newEntry(record: WireRecord, seq: number, now: number, hold?: Hold): OutboxEntry {
  const stamped = { ...record, seq };
  return {
    ...(hold ? { heldUntil: hold.until, ...(hold.holder ? { holder: hold.holder } : {}) } : {}),
    v: ENTRY_VERSION,
    id: record.id,
    record: stamped,
    createdAt: now,
    seq,
    size: jsonBytes(stamped),
    attempts: 0,
    nextAttemptAt: now,
    leaseOwner: null,
    leaseUntil: 0,
    lastError: null,
  };
}

/** The walking skeleton's format: upgraded in place, never dropped. */
interface EntryV1 {
  readonly v: 1;
  readonly record: WireRecord;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: string;
}

function upgradeV1(old: EntryV1): OutboxEntry {
  const created = Date.parse(String(old.record?.createdAt));
  return {
    v: ENTRY_VERSION,
    id: old.record?.id,
    record: old.record,
    createdAt: Number.isFinite(created) ? created : 0,
    seq: typeof old.record?.seq === 'number' ? old.record.seq : 0,
    size: jsonBytes(old.record),
    attempts: typeof old.attempts === 'number' ? old.attempts : 0,
    nextAttemptAt: typeof old.nextAttemptAt === 'number' ? old.nextAttemptAt : 0,
    leaseOwner: null,
    leaseUntil: 0,
    lastError: old.lastError ?? null,
  };
}

/** Reads a stored value: the entry (upgraded if old), or why it cannot be sent; `recordProblem` checks its record. */
export function readEntry(
  key: string,
  value: unknown,
  recordProblem: (record: unknown) => string | null,
): { entry: OutboxEntry; problem?: undefined } | { entry?: undefined; problem: string } {
  if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1) value = upgradeV1(value as EntryV1);
  const problem = entryProblem(key, value, recordProblem);
  return problem === null ? { entry: value as OutboxEntry } : { problem };
}

function entryProblem(key: string, value: unknown, recordProblem: (record: unknown) => string | null): string | null {
  if (typeof value !== 'object' || value === null) return 'corrupt entry: not an object';
  const entry = value as Partial<OutboxEntry>;
  if (typeof entry.v !== 'number') return 'corrupt entry: no version';
  if (entry.v > ENTRY_VERSION) return `entry from a newer SDK (format v${entry.v})`;
  for (const field of ['createdAt', 'seq', 'size', 'attempts', 'nextAttemptAt', 'leaseUntil'] as const) {
    if (typeof entry[field] !== 'number' || !Number.isFinite(entry[field])) return `corrupt entry: ${field} is not a number`;
  }
  if (entry.id !== key) return 'corrupt entry: id does not match its key';
  const problem = recordProblem(entry.record);
  if (problem !== null) return `invalid record: ${problem}`;
  if (entry.record?.id !== key) return 'corrupt entry: record id does not match its key';
  return null;
}
