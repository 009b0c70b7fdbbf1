import type { WireRecord } from '@hark/core/schema';
import type { Row } from './readRow.js';
import { num, placeholders, type Sql } from './sql.js';

/** Where a follow-up stands. */
export const FOLLOW_UP_STATUSES = ['new', 'contacted', 'resolved'] as const;
/** `new`, `contacted` or `resolved`. */
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** A score's band: `low` (detractors, low CSAT/CES), `mid`, `high`. */
export type Band = 'low' | 'mid' | 'high';
export const BANDS: readonly Band[] = ['low', 'mid', 'high'];

/** The band of a record's category (NPS and the other kinds alike). */
export function bandOf(category: string | null | undefined): Band {
  return category === 'detractor' || category === 'low' ? 'low' : category === 'passive' || category === 'mid' ? 'mid' : 'high';
}

/** Why an answer is in the inbox when ingest put it there. */
export const LOW_SCORE_REASON = 'low score';

/** One answer to follow up on. */
export interface InboxItem {
  readonly recordId: string;
  readonly surveyId: string;
  readonly kind: string;
  readonly score: number | null;
  readonly band: Band;
  readonly receivedAt: string;
  readonly status: FollowUpStatus;
  readonly owner: string | null;
  readonly notes: string | null;
  /** `low score` (put there by ingest) or who added it. */
  readonly reason: string;
  /** When it was first marked contacted or resolved. */
  readonly firstContactedAt: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  /** The record itself (comment, user, attributes, page, trigger); null if retention removed it. */
  readonly record: WireRecord | null;
}

/** Which follow-ups a list shows. Every field narrows; `owner: ''` means nobody's. */
export interface InboxFilter {
  readonly status?: FollowUpStatus;
  readonly surveyId?: string;
  readonly band?: Band;
  readonly owner?: string;
}

/** Where a page of the inbox ends. */
export interface InboxCursor {
  readonly receivedAt: string;
  readonly recordId: string;
}

/** What `update` may change. */
export interface FollowUpChange {
  readonly status?: FollowUpStatus;
  readonly owner?: string | null;
  readonly notes?: string | null;
}

/** A survey's close-the-loop figures over low answers received in a range. */
export interface LoopStats {
  /** Low answers (NPS detractors, low CSAT/CES) in the inbox. */
  readonly low: number;
  /** How many of them were contacted (or resolved). */
  readonly contacted: number;
  /** Median seconds from receipt to first contact; null when none was contacted. */
  readonly medianSeconds: number | null;
}

/** The follow-up inbox: every low answer (ingest adds it), and any other answer someone adds. */
export interface InboxStore {
  /** Newest received first, `limit` at a time, after `after`. */
  list(filter: InboxFilter, page: { readonly limit: number; readonly after?: InboxCursor | null }): Promise<{ items: InboxItem[]; next: InboxCursor | null }>;
  /** How many match `filter` (its `status` aside) in each status. */
  counts(filter: Omit<InboxFilter, 'status'>): Promise<Record<FollowUpStatus, number>>;
  /** Owners in use, sorted (at most 200). */
  owners(): Promise<string[]>;
  get(recordId: string): Promise<InboxItem | null>;
  /** Changes status, owner or notes; the first move to contacted or resolved is stamped. Resolves to the item, or null when it is not in the inbox. */
  update(recordId: string, change: FollowUpChange, who: string, now: Date): Promise<InboxItem | null>;
  /** Puts a stored response in the inbox (on demand). False when there is no such response; true if it is there now. */
  add(recordId: string, who: string, now: Date): Promise<boolean>;
  /** Close-the-loop figures per survey, over low answers received in `range` (UTC days, both included). */
  loop(surveyIds: readonly string[], range: { readonly from?: string; readonly to?: string }): Promise<Map<string, LoopStats>>;
}

/** Longest owner name and notes kept. */
export const MAX_OWNER = 100;
export const MAX_NOTES = 5000;

const COLUMNS = 'f.record_id, f.survey_id, f.kind, f.score, f.band, f.received_at, f.status, f.owner, f.notes, f.reason, f.first_contacted_at, f.updated_at, f.updated_by, r.json';

function toItem(row: Row): InboxItem {
  const json = row.json;
  return {
    recordId: row.record_id as string,
    surveyId: row.survey_id as string,
    kind: row.kind as string,
    score: row.score === null ? null : Number(row.score),
    band: row.band as Band,
    receivedAt: row.received_at as string,
    status: row.status as FollowUpStatus,
    owner: (row.owner as string | null) ?? null,
    notes: (row.notes as string | null) ?? null,
    reason: row.reason as string,
    firstContactedAt: (row.first_contacted_at as string | null) ?? null,
    updatedAt: row.updated_at as string,
    updatedBy: (row.updated_by as string | null) ?? null,
    record: json === null || json === undefined ? null : typeof json === 'string' ? (JSON.parse(json) as WireRecord) : (json as WireRecord),
  };
}

function clauses(filter: InboxFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (filter.status) add('f.status = ?', filter.status);
  if (filter.surveyId) add('f.survey_id = ?', filter.surveyId);
  if (filter.band) add('f.band = ?', filter.band);
  if (filter.owner === '') where.push('f.owner IS NULL');
  else if (filter.owner) add('f.owner = ?', filter.owner);
  return where;
}

const whereOf = (where: readonly string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');
const DAY_MS = 86_400_000;

/** The inbox over either backend. */
export function createInboxStore(sql: Sql): InboxStore {
  const get = async (recordId: string) => {
    const rows = await sql.read(`SELECT ${COLUMNS} FROM followups f LEFT JOIN records r ON r.id = f.record_id WHERE f.record_id = ?`, [recordId.toLowerCase()]);
    return rows[0] ? toItem(rows[0]) : null;
  };
  return {
    async list(filter, { limit, after = null }) {
      const params: unknown[] = [];
      const where = clauses(filter, params);
      if (after) {
        where.push('(f.received_at, f.record_id) < (?, ?)');
        params.push(after.receivedAt, after.recordId);
      }
      params.push(limit + 1);
      const rows = await sql.read(
        `SELECT ${COLUMNS} FROM followups f LEFT JOIN records r ON r.id = f.record_id ${whereOf(where)} ORDER BY f.received_at DESC, f.record_id DESC LIMIT ?`,
        params,
      );
      const items = rows.slice(0, limit).map(toItem);
      const last = items[items.length - 1];
      return { items, next: rows.length > limit && last ? { receivedAt: last.receivedAt, recordId: last.recordId } : null };
    },
    async counts(filter) {
      const params: unknown[] = [];
      const rows = await sql.read(`SELECT f.status, COUNT(*) AS n FROM followups f ${whereOf(clauses({ ...filter, status: undefined }, params))} GROUP BY f.status`, params);
      const counts: Record<FollowUpStatus, number> = { new: 0, contacted: 0, resolved: 0 };
      for (const row of rows) if ((FOLLOW_UP_STATUSES as readonly string[]).includes(row.status as string)) counts[row.status as FollowUpStatus] = num(row.n);
      return counts;
    },
    async owners() {
      const rows = await sql.read('SELECT DISTINCT owner FROM followups WHERE owner IS NOT NULL ORDER BY owner LIMIT 200');
      return rows.map((row) => row.owner as string);
    },
    get,
    async update(recordId, change, who, now) {
      const item = await get(recordId);
      if (!item) return null;
      const at = now.toISOString();
      const contacted = change.status === 'contacted' || change.status === 'resolved';
      const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(item.receivedAt)) / 1000));
      const set: string[] = ['updated_at = ?', 'updated_by = ?'];
      const params: unknown[] = [at, who.slice(0, MAX_OWNER)];
      if (change.status !== undefined) set.push('status = ?') && params.push(change.status);
      if (change.owner !== undefined) set.push('owner = ?') && params.push(change.owner?.trim().slice(0, MAX_OWNER) || null);
      if (change.notes !== undefined) set.push('notes = ?') && params.push(change.notes?.slice(0, MAX_NOTES) || null);
      if (contacted) {
        // COALESCE: only the first contact counts, whoever got there first.
        set.push('first_contacted_at = COALESCE(first_contacted_at, ?)', 'contact_seconds = COALESCE(contact_seconds, ?)');
        params.push(at, seconds);
      }
      params.push(item.recordId);
      await sql.write(`UPDATE followups SET ${set.join(', ')} WHERE record_id = ?`, params);
      return get(item.recordId);
    },
    async add(recordId, who, now) {
      const id = recordId.toLowerCase();
      const receivedAt =
        sql.dialect === 'sqlite' ? 'received_at' : `to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      const band = "CASE WHEN category IN ('detractor', 'low') THEN 'low' WHEN category IN ('passive', 'mid') THEN 'mid' ELSE 'high' END";
      await sql.write(
        `INSERT INTO followups (record_id, survey_id, kind, score, band, received_at, status, reason, updated_at, updated_by)
         SELECT id, survey_id, kind, score, ${band}, ${receivedAt}, 'new', ?, ?, ? FROM records WHERE id = ? AND type = 'response'
         ON CONFLICT (record_id) DO NOTHING`,
        [`added by ${who}`.slice(0, MAX_OWNER), now.toISOString(), who.slice(0, MAX_OWNER), id],
      );
      return (await get(id)) !== null;
    },
    async loop(surveyIds, range) {
      const stats = new Map<string, LoopStats>();
      if (surveyIds.length === 0) return stats;
      const where = [`survey_id IN ${placeholders(surveyIds.length)}`, "band = 'low'"];
      const params: unknown[] = [...surveyIds];
      if (range.from) where.push('received_at >= ?') && params.push(`${range.from}T00:00:00.000Z`);
      if (range.to) where.push('received_at < ?') && params.push(new Date(Date.parse(`${range.to}T00:00:00.000Z`) + DAY_MS).toISOString());
      const rows = await sql.read(`SELECT survey_id, COUNT(*) AS low, COUNT(first_contacted_at) AS contacted FROM followups WHERE ${where.join(' AND ')} GROUP BY survey_id`, params);
      for (const row of rows) {
        const contacted = num(row.contacted);
        let medianSeconds: number | null = null;
        if (contacted > 0) {
          // The median from the sorted column itself: one or two rows read, however many were contacted.
          const middle = async (offset: number) =>
            num(
              (await sql.read(`SELECT contact_seconds FROM followups WHERE ${where.join(' AND ')} AND survey_id = ? AND contact_seconds IS NOT NULL ORDER BY contact_seconds LIMIT 1 OFFSET ?`, [...params, row.survey_id, offset]))[0]?.contact_seconds,
            );
          const [a, b] = await Promise.all([middle(Math.floor((contacted - 1) / 2)), middle(Math.ceil((contacted - 1) / 2))]);
          medianSeconds = (a + b) / 2;
        }
        stats.set(row.survey_id as string, { low: num(row.low), contacted, medianSeconds });
      }
      return stats;
    },
  };
}
