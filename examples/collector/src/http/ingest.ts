import type { IncomingMessage, ServerResponse } from 'node:http';
import { BatchSchema } from '@hark/core';
import type { RecordsStore } from '../store/types';
import { HttpError, sendJson } from './httpError';
import { nestingDepth, readBody } from './readBody';

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
    const issues = parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path, message: issue.message, code: issue.code }));
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
