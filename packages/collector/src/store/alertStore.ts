import type { Row } from './readRow.js';
import { num, type Sql } from './sql.js';

/** Where a queued webhook event stands. */
export const ALERT_STATUSES = ['pending', 'delivered', 'dead'] as const;
/** `pending` (due or waiting for its next try), `delivered`, or `dead` (gave up). */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An event the ingest transaction queues for one webhook; stored only if its record is new. */
export interface PlannedAlert {
  /** Stable: the same record and webhook always give the same id, so a receiver can drop repeats. */
  readonly eventId: string;
  readonly hookId: string;
  readonly recordId: string;
  /** The rules the record matched, comma-separated (`nps<=6,comment`). */
  readonly rules: string;
  /** When it is queued (the record's receive time): first due then. */
  readonly createdAt: string;
  /** Failing sends are retried until then. */
  readonly retryUntil: string;
}

/** A queued event, as the deliveries page and the worker see it. */
export interface AlertEvent {
  readonly eventId: string;
  readonly hookId: string;
  readonly recordId: string;
  readonly rules: string;
  readonly status: AlertStatus;
  /** Sends tried so far. */
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  /** Failing sends are retried until then; a re-send moves it. */
  readonly retryUntil: string;
  readonly lastAttemptAt: string | null;
  /** The receiver's HTTP status on the last try, if it answered. */
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  /** Set while a worker holds the event (its claim). */
  readonly claim: string | null;
}

/** How a send ended. `retryAt` null after a failure means give up (dead). */
export type AlertOutcome =
  | { readonly delivered: true; readonly status: number; readonly at: Date }
  | { readonly delivered: false; readonly status: number | null; readonly error: string; readonly at: Date; readonly retryAt: Date | null };

/** Where a page of deliveries ends. */
export interface AlertCursor {
  readonly createdAt: string;
  readonly eventId: string;
}

/** The webhook outbox: events written with their record, sent by the worker of one process at a time. */
export interface AlertStore {
  /**
   * Takes up to `limit` due pending events for `leaseMs`: their next attempt
   * moves past the lease, so no other worker (another process on PostgreSQL)
   * takes them meanwhile, and a worker that dies leaves them due again.
   */
  claim(claim: string, now: Date, leaseMs: number, limit: number): Promise<AlertEvent[]>;
  /** Records the outcomes of a round's sends in one statement, for the events `claim` still holds. */
  finish(claim: string, outcomes: ReadonlyArray<{ readonly eventId: string; readonly outcome: AlertOutcome }>): Promise<void>;
  /** Newest first. */
  list(filter: { readonly status?: AlertStatus }, page: { readonly limit: number; readonly after?: AlertCursor | null }): Promise<{ events: AlertEvent[]; next: AlertCursor | null }>;
  get(eventId: string): Promise<AlertEvent | null>;
  counts(): Promise<Record<AlertStatus, number>>;
  /** Makes an event due now, pending, with retries until `retryUntil`. False when there is no such event. */
  resend(eventId: string, now: Date, retryUntil: Date): Promise<boolean>;
  /** The earliest next attempt of a pending event, to sleep until then. */
  nextDue(): Promise<string | null>;
}

/** Longest error text kept. */
const MAX_ERROR = 300;

function toEvent(row: Row): AlertEvent {
  return {
    eventId: row.event_id as string,
    hookId: row.hook_id as string,
    recordId: row.record_id as string,
    rules: row.rules as string,
    status: row.status as AlertStatus,
    attempts: num(row.attempts),
    createdAt: row.created_at as string,
    nextAttemptAt: row.next_attempt_at as string,
    retryUntil: row.retry_until as string,
    lastAttemptAt: (row.last_attempt_at as string | null) ?? null,
    lastStatus: row.last_status === null || row.last_status === undefined ? null : num(row.last_status),
    lastError: (row.last_error as string | null) ?? null,
    deliveredAt: (row.delivered_at as string | null) ?? null,
    claim: (row.claim as string | null) ?? null,
  };
}

/** The outbox over either backend. */
export function createAlertStore(sql: Sql): AlertStore {
  return {
    async claim(claim, now, leaseMs, limit) {
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      // PostgreSQL: SKIP LOCKED, so processes claiming at once take different rows. SQLite has one writer.
      const due =
        sql.dialect === 'postgres'
          ? `SELECT event_id FROM alert_events WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED`
          : `SELECT event_id FROM alert_events WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`;
      const rows = await sql.write(`UPDATE alert_events SET next_attempt_at = ?, claim = ? WHERE event_id IN (${due}) RETURNING *`, [lease, claim, now.toISOString(), limit]);
      return rows.map(toEvent);
    },
    async finish(claim, outcomes) {
      if (outcomes.length === 0) return;
      const rows = outcomes.map(({ eventId, outcome }) => {
        const at = outcome.at.toISOString();
        return outcome.delivered
          ? { e: eventId, s: 'delivered', a: at, c: outcome.status, r: null, n: null, d: at }
          : { e: eventId, s: outcome.retryAt ? 'pending' : 'dead', a: at, c: outcome.status, r: outcome.error.slice(0, MAX_ERROR), n: (outcome.retryAt ?? outcome.at).toISOString(), d: null };
      });
      // One statement for the whole round: a failing receiver costs the database one write per round, not one per event.
      const outcome =
        sql.dialect === 'postgres'
          ? `SELECT * FROM jsonb_to_recordset(?::jsonb) AS v(e text, s text, a text, c int, r text, n text, d text)`
          : `SELECT json_extract(value, '$.e') AS e, json_extract(value, '$.s') AS s, json_extract(value, '$.a') AS a, json_extract(value, '$.c') AS c, json_extract(value, '$.r') AS r, json_extract(value, '$.n') AS n, json_extract(value, '$.d') AS d FROM json_each(?)`;
      await sql.write(
        `UPDATE alert_events SET status = v.s, attempts = attempts + 1, last_attempt_at = v.a, last_status = v.c, last_error = v.r,
           next_attempt_at = COALESCE(v.n, next_attempt_at), delivered_at = v.d, claim = NULL
         FROM (${outcome}) AS v WHERE alert_events.event_id = v.e AND alert_events.claim = ?`,
        [JSON.stringify(rows), claim],
      );
    },
    async list(filter, { limit, after = null }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.status) where.push('status = ?') && params.push(filter.status);
      if (after) where.push('(created_at, event_id) < (?, ?)') && params.push(after.createdAt, after.eventId);
      params.push(limit + 1);
      const rows = await sql.read(`SELECT * FROM alert_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, event_id DESC LIMIT ?`, params);
      const events = rows.slice(0, limit).map(toEvent);
      const last = events[events.length - 1];
      return { events, next: rows.length > limit && last ? { createdAt: last.createdAt, eventId: last.eventId } : null };
    },
    async get(eventId) {
      const rows = await sql.read('SELECT * FROM alert_events WHERE event_id = ?', [eventId]);
      return rows[0] ? toEvent(rows[0]) : null;
    },
    async counts() {
      const rows = await sql.read('SELECT status, COUNT(*) AS n FROM alert_events GROUP BY status');
      const counts: Record<AlertStatus, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const row of rows) if ((ALERT_STATUSES as readonly string[]).includes(row.status as string)) counts[row.status as AlertStatus] = num(row.n);
      return counts;
    },
    async resend(eventId, now, retryUntil) {
      const rows = await sql.write(`UPDATE alert_events SET status = 'pending', next_attempt_at = ?, retry_until = ?, claim = NULL WHERE event_id = ? RETURNING event_id`, [
        now.toISOString(),
        retryUntil.toISOString(),
        eventId,
      ]);
      return rows.length > 0;
    },
    async nextDue() {
      const rows = await sql.read(`SELECT MIN(next_attempt_at) AS at FROM alert_events WHERE status = 'pending'`);
      return (rows[0]?.at as string | null | undefined) ?? null;
    },
  };
}
