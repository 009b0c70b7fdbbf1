import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import { createAdminDoor, MIN_TOKEN_LENGTH, type AdminOptions } from './admin/adminDoor.js';
import { isPasswordHash } from './admin/password.js';
import { clientIp, rateLimitKey } from './http/clientIp.js';
import './schemaMessages.js';
import { HttpError } from './http/httpError.js';
import { ingest } from './http/ingest.js';
import { createSecretCheck } from './http/secretCheck.js';
import { addToInbox, inboxItem, inboxList, updateInboxItem } from './inbox/inboxRoutes.js';
import { PAGE_STYLE_SOURCE } from './results/pageStyle.js';
import { exportCsv, listing, resultsCsv, resultsJson, resultsPage } from './results/resultsRoutes.js';
import type { RecordsStore } from './store/types.js';
import { loadPreviewAssets } from './surveys/previewAssets.js';
import { archiveSurvey, previewDraft, previewFile, previewSaved, saveSurvey, surveyEditor, surveyList, surveysForClients } from './surveys/surveyRoutes.js';
import type { RetryPolicy } from './webhooks/alertWorker.js';
import { addWebhook, removeWebhook, resendDelivery, webhooksPage, type WebhookRouteOptions } from './webhooks/webhookRoutes.js';
import { configuredWebhooks, createWebhookRegistry, type WebhookRegistry } from './webhooks/webhooks.js';

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

/** Outgoing webhooks: alerts on answers that match their rules. */
export interface WebhookOptions {
  /** Webhook URLs (`HARK_WEBHOOK_URL`, comma-separated); more can be added on the admin page. Default: none. */
  readonly urls?: readonly string[];
  /** Rules for those (`HARK_WEBHOOK_RULES`): `low`, `comment`, `any`, `nps<=N`, `csat<=N`, `ces<=N`. Default `low` (detractors and low scores). */
  readonly rules?: readonly string[];
  /** Signs every body (`HARK_WEBHOOK_SECRET`): `Hark-Signature: t=…,v1=…`. Default: unsigned. */
  readonly secret?: string;
  /** How long a failing event is retried before it is given up (dead). Default 24 h. */
  readonly retryForMs?: number;
  /** Waits between tries: from `baseMs` (10 s), doubling, up to `maxMs` (1 h), with jitter. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per send. Default 10 s. */
  readonly timeoutMs?: number;
  /** For tests: the `fetch` that sends them. */
  readonly fetch?: typeof fetch;
}

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
  /** Outgoing webhooks. Events are queued by this app; `startCollector` also sends them (see `startAlertWorker`). */
  readonly webhooks?: WebhookOptions;
  /** The webhooks in force, when the caller shares one registry with its worker. Default: made from `webhooks` and the store. */
  readonly webhookRegistry?: WebhookRegistry;
  /** Called after a batch queued webhook events (or an event was re-sent): wakes the worker. */
  readonly onAlertsQueued?: () => void;
  /** The collector's address as people reach it (`HARK_PUBLIC_URL`), for links in alerts and pages. Default: the address it listens on. */
  readonly publicUrl?: string;
}

type Env = { Variables: { problem: string; who: string; secureHeadersNonce?: string; rateLimit?: { resetTime?: Date } } };

/** The preview page: the one page with a script (the SDK's own, by nonce), framed by the survey editor. */
const PREVIEW_PAGE = /^\/surveys\/(preview|[^/]+\/preview)$/;
/** Pages that frame the preview. */
const FRAMES_PREVIEW = /^\/surveys\/[^/]+$/;

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
  // Only the preview page may run a script: the SDK's, carrying this response's nonce.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [(c) => (PREVIEW_PAGE.test(c.req.path) ? NONCE(c, 'script-src') : "'none'")],
        styleSrc: [PAGE_STYLE_SOURCE],
        frameSrc: [(c) => (FRAMES_PREVIEW.test(c.req.path) ? "'self'" : "'none'")],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: [(c) => (PREVIEW_PAGE.test(c.req.path) ? "'self'" : "'none'")],
      },
      strictTransportSecurity: 'max-age=31536000',
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    // Survey definitions are cached by clients (and revalidated); nothing else is.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
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
  const registry = options.webhookRegistry ?? createWebhookRegistry(options.store.webhooks, configuredWebhooks(options.webhooks?.urls ?? [], options.webhooks?.rules ?? []));
  const onQueued = options.onAlertsQueued ?? (() => undefined);
  const alerting = { registry, retryForMs: options.webhooks?.retryForMs, onQueued };
  app.options(path, ingestCors);
  app.post(path, ingestCors, ingestLimit, requireKey, limitBody, (c) => ingest(c, options.store, log, alerting));
  app.get('/healthz', (c) => c.json({ ok: true }));
  // Survey definitions for the SDK's `surveysUrl`: public (they hold no answers), with CORS for the same origins as ingest.
  const surveysCors = cors({
    origin: (origin) => (origins.includes('*') || origins.includes(origin) ? origin : null),
    allowMethods: ['GET'],
    allowHeaders: ['If-None-Match'],
    exposeHeaders: ['ETag'],
    maxAge: 600,
  });
  app.options('/v1/surveys', surveysCors);
  app.get('/v1/surveys', surveysCors, (c) => surveysForClients(c, options.store));

  // --- The admin door: everything that reads answers. No CORS here, ever. ---
  const requireAdmin = createAdminDoor(app, { admin, allowedHosts: options.allowedHosts ?? LOOPBACK_HOSTS, trustProxy, loginAttempts: options.loginAttempts ?? 10 });
  const store = options.store;
  app.get(path, requireAdmin, (c) => listing(c, store));
  app.get('/', requireAdmin, (c) => resultsPage(c, store));
  app.get('/export.csv', requireAdmin, (c) => exportCsv(c, store));
  app.get('/v1/results', requireAdmin, (c) => resultsJson(c, store));
  app.get('/results.csv', requireAdmin, (c) => resultsCsv(c, store));

  app.get('/inbox', requireAdmin, (c) => inboxList(c, store));
  app.get('/inbox/:id', requireAdmin, (c) => inboxItem(c, store));
  app.post('/inbox/:id', requireAdmin, (c) => updateInboxItem(c, store));
  app.post('/inbox/:id/add', requireAdmin, (c) => addToInbox(c, store));

  const hooks: WebhookRouteOptions = { store, registry, signed: Boolean(options.webhooks?.secret), onQueued, ...(options.webhooks?.retryForMs ? { retryForMs: options.webhooks.retryForMs } : {}) };
  app.get('/webhooks', requireAdmin, (c) => webhooksPage(c, hooks));
  app.post('/webhooks', requireAdmin, (c) => addWebhook(c, hooks));
  app.post('/webhooks/:id/delete', requireAdmin, (c) => removeWebhook(c, hooks));
  app.post('/webhooks/deliveries/:id/resend', requireAdmin, (c) => resendDelivery(c, hooks));

  const publicUrl = options.publicUrl ?? '';
  const assets = loadPreviewAssets();
  app.get('/surveys', requireAdmin, (c) => surveyList(c, store, publicUrl || new URL(c.req.url).origin));
  app.get('/surveys/new', requireAdmin, (c) => surveyEditor(c, store, true));
  app.post('/surveys/new', requireAdmin, (c) => saveSurvey(c, store, true));
  app.get('/surveys/preview', requireAdmin, (c) => previewDraft(c, store, assets));
  app.post('/surveys/preview', requireAdmin, (c) => previewDraft(c, store, assets));
  app.get('/surveys/:id', requireAdmin, (c) => surveyEditor(c, store, false));
  app.post('/surveys/:id', requireAdmin, (c) => saveSurvey(c, store, false));
  app.post('/surveys/:id/archive', requireAdmin, (c) => archiveSurvey(c, store));
  app.get('/surveys/:id/preview', requireAdmin, (c) => previewSaved(c, store, assets));
  app.get('/preview/:file', requireAdmin, (c) => previewFile(c, assets));

  app.all(path, () => {
    throw new HttpError(405, `this method is not allowed on ${path}`, {}, { Allow: 'GET, POST, OPTIONS' });
  });
  app.notFound((c) => {
    c.set('problem', 'no such route');
    return c.json({ ok: false, error: 'no such route' }, 404);
  });
  return app;
}
