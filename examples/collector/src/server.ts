import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BatchSchema } from '@hark/core';
import type { RecordsDb } from './db';

/** Collector settings. */
export interface CollectorOptions {
  readonly db: RecordsDb;
  /** Where batches are POSTed. Default `/v1/records`. */
  readonly path?: string;
  /** Origins allowed to POST from a browser; `*` allows any. Default `['*']`. */
  readonly allowedOrigins?: readonly string[];
  /** Largest accepted body in bytes. Default 1 MB. */
  readonly maxBodyBytes?: number;
  /** Called for every request answered with an error, for logging. */
  readonly log?: (line: string) => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `body larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Creates the collector's HTTP server (not yet listening). */
export function createCollector(options: CollectorOptions): Server {
  const path = options.path ?? '/v1/records';
  const origins = options.allowedOrigins ?? ['*'];
  const limit = options.maxBodyBytes ?? 1_000_000;
  const log = options.log ?? (() => undefined);

  function cors(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (!origin) return;
    if (origins.includes('*') || origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, Authorization, X-Api-Key');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      res.setHeader('Access-Control-Max-Age', '600');
    }
  }

  async function ingest(req: IncomingMessage, res: ServerResponse) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'Content-Type must be application/json');
    const raw = await readBody(req, limit);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not valid JSON');
    }
    const parsed = BatchSchema.safeParse(json);
    if (!parsed.success) {
      throw new HttpError(400, 'body does not match the Hark wire contract', parsed.error.issues.slice(0, 20));
    }
    const stored = options.db.insert(parsed.data.records);
    send(res, 200, { ok: true, stored, duplicates: parsed.data.records.length - stored });
  }

  return createServer((req, res) => {
    void (async () => {
      try {
        cors(req, res);
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return;
        }
        if (url.pathname === path && req.method === 'POST') return await ingest(req, res);
        if (url.pathname === path && req.method === 'GET') {
          const surveyId = url.searchParams.get('surveyId') ?? undefined;
          const limitParam = Number(url.searchParams.get('limit') ?? 100);
          const records = options.db.list({ limit: Math.min(Math.max(1, limitParam || 100), 1000), ...(surveyId ? { surveyId } : {}) });
          return send(res, 200, { total: options.db.count(), records });
        }
        if (url.pathname === '/healthz') return send(res, 200, { ok: true });
        throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        log(`${req.method} ${req.url} → ${status}: ${message}`);
        if (!res.headersSent) send(res, status, { ok: false, error: message, ...(error instanceof HttpError && error.details ? { issues: error.details } : {}) });
        else res.destroy();
      }
    })();
  });
}
