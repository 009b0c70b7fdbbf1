import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createApiKeyCheck } from './http/apiKey.js';
import { HttpError, sendJson } from './http/httpError.js';
import { ingest } from './http/ingest.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from './http/rateLimiter.js';
import { sendExport, sendResultsPage } from './results/resultsRoutes.js';
import type { RecordsStore } from './store/types.js';

/** Collector settings. */
export interface CollectorOptions {
  /** Where records are kept (`openSqlite`, `openPostgres` or `openStore`). */
  readonly store: RecordsStore;
  /** Where batches are POSTed and listed. Default `/v1/records`. */
  readonly path?: string;
  /** Origins allowed to call from a browser; `*` allows any. Default `['*']`. */
  readonly allowedOrigins?: readonly string[];
  /** Largest accepted body in bytes; larger ones get 413. Default 1 MB. */
  readonly maxBodyBytes?: number;
  /** When set, a POST must carry one of these keys in `apiKeyHeader`, or gets 401. Default: no key needed. */
  readonly apiKey?: string | readonly string[];
  /** Header that carries the API key. Default `X-Api-Key`. */
  readonly apiKeyHeader?: string;
  /** Per-IP budget for POSTs, answered 429 with Retry-After when spent; `false` turns it off. Default 600/min, burst 100. */
  readonly rateLimit?: RateLimit | false;
  /** Take the client IP from the first `X-Forwarded-For` entry (only behind a proxy you run). Default false. */
  readonly trustProxy?: boolean;
  /** Called with one line for every request answered with an error. */
  readonly log?: (line: string) => void;
  /** Clock for the rate limiter. Default `Date.now`. */
  readonly now?: () => number;
}

/** Creates the collector's HTTP server (not yet listening). */
export function createCollector(options: CollectorOptions): Server {
  const path = options.path ?? '/v1/records';
  const origins = options.allowedOrigins ?? ['*'];
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const log = options.log ?? (() => undefined);
  const keyHeader = (options.apiKeyHeader ?? 'X-Api-Key').toLowerCase();
  const keys = options.apiKey === undefined ? [] : typeof options.apiKey === 'string' ? [options.apiKey] : options.apiKey;
  const checkKey = keys.length > 0 ? createApiKeyCheck(keys) : null;
  const limiter = options.rateLimit === false ? null : createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, options.now);

  const clientIp = (req: IncomingMessage) => {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim() : '';
    return forwarded || req.socket.remoteAddress || 'unknown';
  };

  function cors(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (!origin || !(origins.includes('*') || origins.includes(origin))) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', `Content-Type, Idempotency-Key, Authorization, ${options.apiKeyHeader ?? 'X-Api-Key'}`);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    res.setHeader('Access-Control-Max-Age', '600');
  }

  async function post(req: IncomingMessage, res: ServerResponse) {
    if (limiter) {
      const decision = limiter.take(clientIp(req));
      if (!decision.ok) {
        req.resume();
        throw new HttpError(429, 'too many requests', { retryAfterSeconds: decision.retryAfterSeconds }, { 'Retry-After': String(decision.retryAfterSeconds) });
      }
    }
    if (checkKey && !checkKey(header(req, keyHeader))) {
      req.resume();
      throw new HttpError(401, `missing or wrong API key in the ${options.apiKeyHeader ?? 'X-Api-Key'} header`);
    }
    await ingest(req, res, options.store, maxBodyBytes);
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = requestUrl(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === path) {
      if (req.method === 'POST') return post(req, res);
      if (req.method === 'GET') return listing(res, url, options.store);
      throw new HttpError(405, `${req.method} is not allowed on ${path}`, {}, { Allow: 'POST, GET, OPTIONS' });
    }
    if (req.method !== 'GET') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`, {}, { Allow: 'GET' });
    if (url.pathname === '/') return sendResultsPage(res, url, options.store);
    if (url.pathname === '/export.csv') return sendExport(res, url, options.store);
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true, backend: options.store.backend });
    throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
  }

  return createServer((req, res) => {
    const started = Date.now();
    cors(req, res);
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      log(`${req.method} ${(req.url ?? '').slice(0, 200)} ${status} from ${clientIp(req)} in ${Date.now() - started} ms: ${message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers = error instanceof HttpError ? { ...error.headers } : {};
      // A body left unread (413) would otherwise keep the socket busy; close it once answered.
      if (!req.complete) headers.Connection = 'close';
      sendJson(res, status, { ok: false, error: status === 500 ? 'internal error' : message, ...(error instanceof HttpError ? error.body : {}) }, headers);
    });
  });
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw new HttpError(400, 'request target is not a valid URL path');
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function listing(res: ServerResponse, url: URL, store: RecordsStore) {
  const surveyId = url.searchParams.get('surveyId') ?? undefined;
  const limit = Math.min(Math.max(1, Math.trunc(Number(url.searchParams.get('limit') ?? 100)) || 100), 1000);
  const [records, total] = await Promise.all([store.list({ limit, ...(surveyId ? { surveyId } : {}) }), store.count()]);
  sendJson(res, 200, { total, records });
}
