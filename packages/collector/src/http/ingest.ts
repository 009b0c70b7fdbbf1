import type { Context } from 'hono';
import { BatchSchema, EventRecordSchema, ResponseRecordSchema } from '@hark/core/schema';
import { StoreRejectedError, type RecordsStore } from '../store/types.js';
import { planAlerts } from '../webhooks/planAlerts.js';
import type { WebhookRegistry } from '../webhooks/webhooks.js';
import { HttpError } from './httpError.js';

/** What ingest needs to queue webhook events with the records. */
export interface Alerting {
  readonly registry: WebhookRegistry;
  readonly retryForMs?: number | undefined;
  /** Wakes the worker after events were queued. */
  readonly onQueued: () => void;
}

/** Deeper than any valid batch (attributes are the deepest part), shallow enough to be harmless. */
const MAX_DEPTH = 32;

/**
 * Handles `POST {path}` once the body limit, rate limit and key have passed:
 * content type, JSON, nesting and the wire schema are checked in that order,
 * then the records are stored once by id. A replayed batch stores nothing new
 * and is still a 200. What the schema accepts, every backend stores; should a
 * database still refuse a value, that is a 400 (the client keeps the batch in
 * its dead letters) rather than a 503 it would retry forever. Webhook events
 * for the answers that match a webhook's rules are queued in the records'
 * transaction; sending them is the worker's job, never this request's.
 */
export async function ingest(c: Context, store: RecordsStore, log: (line: string) => void, alerting?: Alerting): Promise<Response> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `Content-Type must be application/json, got ${JSON.stringify(type.slice(0, 100) || null)}`);
  const raw = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`);
  }
  if (nestingDepth(json, MAX_DEPTH) > MAX_DEPTH) throw new HttpError(400, `body is nested deeper than ${MAX_DEPTH} levels`);
  const parsed = BatchSchema.safeParse(json);
  if (!parsed.success) {
    const issues = preciseIssues(json, parsed.error.issues).slice(0, 20);
    throw new HttpError(400, 'body does not match the Hark wire contract', { issues });
  }
  let stored: number;
  let queued = 0;
  try {
    const alerts = alerting ? planAlerts(parsed.data.records, await alerting.registry.current(), new Date(), alerting.retryForMs) : [];
    queued = alerts.length;
    stored = await store.insert(parsed.data.records, { alerts });
  } catch (error) {
    if (error instanceof StoreRejectedError) throw new HttpError(400, 'a record of this batch could not be stored: the database refused one of its values');
    // The database's own words stay in the log: they can name tables, hosts and values.
    log(`storage error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    throw new HttpError(503, 'storage unavailable, try again later', {}, { 'Retry-After': '30' });
  }
  if (queued > 0 && stored > 0) alerting?.onQueued();
  return c.json({ ok: true, stored, duplicates: parsed.data.records.length - stored });
}

/**
 * The deepest nesting in a parsed JSON value, counted without recursion so a
 * hostile body cannot overflow the stack. Stops counting past `limit`.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string; readonly code: string };

/**
 * zod reports a bad record as "no member of the union matched" at the record
 * itself. The record's own `type` says which member was meant, so re-check it
 * against that one to name the actual field (`records[2].surveyId`).
 */
function preciseIssues(json: unknown, issues: readonly Issue[]): Array<{ path: Array<string | number>; message: string; code: string }> {
  const records = (json as { records?: unknown } | null)?.records;
  return issues.flatMap((issue) => {
    const [first, index] = issue.path;
    const record = first === 'records' && typeof index === 'number' && Array.isArray(records) ? (records[index] as { type?: unknown } | null) : null;
    const schema = issue.code !== 'invalid_union' || issue.path.length !== 2 || !record ? null : record.type === 'response' ? ResponseRecordSchema : record.type === 'shown' || record.type === 'dismissed' ? EventRecordSchema : null;
    const own = schema?.safeParse(record);
    const found = own && !own.success ? own.error.issues.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })) : [issue];
    return found.map((item) => ({ path: item.path.map((key) => (typeof key === 'number' ? key : String(key))), message: item.message, code: item.code }));
  });
}
