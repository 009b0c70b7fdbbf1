import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import { createAdminDoor, MIN_TOKEN_LENGTH, type AdminOptions } from './admin/adminDoor.js';
import { isPasswordHash } from './admin/password.js';
import { clientIp, rateLimitKey } from './http/clientIp.js';
import { HttpError } from './http/httpError.js';
import { ingest } from './http/ingest.js';
import { createSecretCheck } from './http/secretCheck.js';
import { PAGE_STYLE_SOURCE } from './results/pageStyle.js';
import { exportCsv, listing, resultsPage } from './results/resultsRoutes.js';
import type { RecordsStore } from './store/types.js';

/** A per-client budget: at most `limit` requests in each window of `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  /** Default one minute. */
  readonly windowMs?: number;
}

/** Default ingest budget per client address: far above what one browser's outbox sends. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 600, windowMs: 60_000 };

/** The names a collector on this machine is reached by; the default `allowedHosts`. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Collector settings. */
export interface CollectorOptions {
  /** Where records are kept (`openSqlite`, `openPostgres` or `openStore`). */
  readonly store: RecordsStore;
  /** Where batches are POSTed (and, with the admin credential, listed). Default `/v1/records`. */
  readonly path?: string;
  /** Origins whose pages may POST records (CORS); `*` allows any. Default: none. */
  readonly allowedOrigins?: readonly string[];
  /** Largest accepted body in bytes; larger ones get 413. Default 1 MB. */
  readonly maxBodyBytes?: number;
  /** When set, a POST must carry one of these keys in `apiKeyHeader`, or gets 401. Default: no key needed. */
  readonly apiKey?: string | readonly string[];
  /** Header that carries the ingest key. Default `X-Api-Key`. */
  readonly apiKeyHeader?: string;
  /** Per-client budget for POSTs, answered 429 with Retry-After when spent; `false` turns it off. Default 600 a minute. */
  readonly rateLimit?: RateLimit | false;
  /**
   * How many proxies you run in front of the collector (`true` is 1). Each must
   * append the address it saw to `X-Forwarded-For`; the client address is then
   * read from it (for rate limits and logs), and `X-Forwarded-Proto: https`
   * makes session cookies `Secure`. Default 0: the header is ignored.
   */
  readonly trustProxy?: number | boolean;
  /** Who may read answers: a password for people, tokens for scripts. Default: nobody. */
  readonly admin?: AdminOptions;
  /** `Host` names (optionally with `:port`) that the admin door answers for. Default `LOOPBACK_HOSTS`. */
  readonly allowedHosts?: readonly string[];
  /** Failed sign-ins per client address in 15 minutes. Default 10. */
  readonly loginAttempts?: number;
  /** Called with one line for every request answered with an error (never with a secret or an answer). */
  readonly log?: (line: string) => void;
}

type Env = { Variables: { problem: string; rateLimit?: { resetTime?: Date } } };

/**
 * The collector as a Hono app: a `fetch` handler any runtime with the chosen
 * store can serve (`createCollector` serves it with Node's http). Two doors:
 * ingest is public (CORS for `allowedOrigins`, optional key, rate limited);
 * everything that reads answers needs the admin credential.
 */
export function createCollectorApp(options: CollectorOptions): Hono<Env> {
  const path = options.path ?? '/v1/records';
  const origins = options.allowedOrigins ?? [];
  const log = options.log ?? (() => undefined);
  const trustProxy = options.trustProxy === true ? 1 : options.trustProxy === false ? 0 : Math.max(0, Math.floor(options.trustProxy ?? 0));
  const keyHeader = options.apiKeyHeader ?? 'X-Api-Key';
  const keys = options.apiKey === undefined ? [] : typeof options.apiKey === 'string' ? [options.apiKey] : options.apiKey;
  const checkKey = keys.length > 0 ? createSecretCheck(keys) : null;
  const admin = options.admin ?? {};
  if (admin.passwordHash !== undefined && !isPasswordHash(admin.passwordHash)) {
    throw new Error('admin.passwordHash is not a hash from `hark-collector hash-password` (scrypt:N:r:p:salt:hash)');
  }
  if ((admin.tokens ?? []).some((token) => token.length < MIN_TOKEN_LENGTH)) throw new Error(`every admin token needs at least ${MIN_TOKEN_LENGTH} characters`);
  if (admin.sessionSecret !== undefined && admin.sessionSecret.length < 32) throw new Error('admin.sessionSecret needs at least 32 characters');

  const app = new Hono<Env>();
  const ip = (c: Context) => clientIp(c, trustProxy);

  app.onError((error, c) => {
    // Hono's own middleware (CSRF, say) throws HTTPException; ours throws HttpError; anything else is a bug.
    const status = error instanceof HttpError || error instanceof HTTPException ? error.status : 500;
    const message = error instanceof HTTPException && !error.message ? 'forbidden' : error instanceof Error ? error.message : String(error);
    c.set('problem', status === 500 ? `internal error: ${message}` : message);
    const headers = error instanceof HttpError ? error.headers : {};
    return c.json({ ok: false, error: status === 500 ? 'internal error' : message, ...(error instanceof HttpError ? error.body : {}) }, status as 400, headers);
  });

  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    if (c.res.status >= 400) log(`${c.req.method} ${c.req.path.slice(0, 200)} ${c.res.status} from ${ip(c)} in ${Date.now() - started} ms${c.get('problem') ? `: ${c.get('problem')}` : ''}`);
  });
  // Every answer: no sniffing, no framing, no referrer, no caching, and pages with no script and only our own style.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: [PAGE_STYLE_SOURCE], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: 'max-age=31536000',
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // --- The public door: ingest. ---
  const ingestCors = cors({
    origin: (origin) => (origins.includes('*') || origins.includes(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type', 'Idempotency-Key', ...(keys.length ? [keyHeader] : [])],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  const limit = options.rateLimit === false ? null : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const ingestLimit: MiddlewareHandler<Env> = limit
    ? rateLimiter<Env>({
        windowMs: limit.windowMs ?? 60_000,
        limit: limit.limit,
        keyGenerator: (c) => rateLimitKey(ip(c)),
        handler: (c) => {
          const reset = c.get('rateLimit')?.resetTime;
          const retryAfterSeconds = Math.max(1, reset ? Math.ceil((reset.getTime() - Date.now()) / 1000) : 60);
          throw new HttpError(429, 'too many requests', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
        },
      })
    : async (_, next) => next();
  const requireKey: MiddlewareHandler<Env> = async (c, next) => {
    if (checkKey && !checkKey(c.req.header(keyHeader))) throw new HttpError(401, `missing or wrong API key in the ${keyHeader} header`);
    await next();
  };
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: () => {
      throw new HttpError(413, `body larger than ${maxBody} bytes`, { limit: maxBody }, { Connection: 'close' });
    },
  });
  app.options(path, ingestCors);
  app.post(path, ingestCors, ingestLimit, requireKey, limitBody, (c) => ingest(c, options.store, log));
  app.get('/healthz', (c) => c.json({ ok: true }));

  // --- The admin door: everything that reads answers. No CORS here, ever. ---
  const requireAdmin = createAdminDoor(app, { admin, allowedHosts: options.allowedHosts ?? LOOPBACK_HOSTS, trustProxy, loginAttempts: options.loginAttempts ?? 10 });
  app.get(path, requireAdmin, (c) => listing(c, options.store));
  app.get('/', requireAdmin, (c) => resultsPage(c, options.store));
  app.get('/export.csv', requireAdmin, (c) => exportCsv(c, options.store));

  app.all(path, () => {
    throw new HttpError(405, `this method is not allowed on ${path}`, {}, { Allow: 'GET, POST, OPTIONS' });
  });
  app.notFound((c) => {
    c.set('problem', 'no such route');
    return c.json({ ok: false, error: 'no such route' }, 404);
  });
  return app;
}
