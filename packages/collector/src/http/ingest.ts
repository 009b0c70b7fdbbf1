import type { IncomingMessage, ServerResponse } from 'node:http';
import { BatchSchema, EventRecordSchema, ResponseRecordSchema } from '@hark/core';
import type { RecordsStore } from '../store/types.js';
import { HttpError, sendJson } from './httpError.js';
import { nestingDepth, readBody } from './readBody.js';

/** Deeper than any valid batch (attributes are the deepest part), shallow enough to be harmless. */
const MAX_DEPTH = 32;

/**
 * Handles `POST {path}`: content type, size, JSON, nesting and the wire schema
 * are checked in that order, then the records are stored once by id. A
 * replayed batch stores nothing new and is still a 200.
 */
export async function ingest(req: IncomingMessage, res: ServerResponse, store: RecordsStore, maxBodyBytes: number): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, `Content-Type must be application/json, got ${JSON.stringify(type || null)}`);
  }
  const raw = await readBody(req, maxBodyBytes);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
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
  try {
    stored = await store.insert(parsed.data.records);
  } catch (error) {
    // The records are fine; the database is not. 503 makes the client keep them and retry.
    throw new HttpError(503, `storage unavailable: ${error instanceof Error ? error.message : String(error)}`, {}, { 'Retry-After': '30' });
  }
  sendJson(res, 200, { ok: true, stored, duplicates: parsed.data.records.length - stored });
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
