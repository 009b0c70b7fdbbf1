import { createHash } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { rateLimiter } from 'hono-rate-limiter';
import { clientIp, rateLimitKey } from '../http/clientIp.js';
import { HttpError } from '../http/httpError.js';
import { createSecretCheck } from '../http/secretCheck.js';
import { renderLoginPage, safeNext } from './loginPage.js';
import { verifyPassword } from './password.js';
import { createSessions, MAX_NAME, sessionSecretFrom } from './session.js';

/** Who may read answers. With none of these set, nobody can. */
export interface AdminOptions {
  /** A `hashPassword` hash (`HARK_ADMIN_PASSWORD_HASH`): people sign in with the password at `/login`. */
  readonly passwordHash?: string;
  /** Bearer tokens for scripts (`HARK_ADMIN_TOKENS`), each at least 32 characters: `Authorization: Bearer <token>`. */
  readonly tokens?: readonly string[];
  /** Signs session cookies (`HARK_SESSION_SECRET`). Default: derived from `passwordHash`. */
  readonly sessionSecret?: string;
}

/** How the admin door is set up. */
export interface AdminDoorOptions {
  readonly admin: AdminOptions;
  /** `Host` values the admin door answers (see `hostAllowed`). */
  readonly allowedHosts: readonly string[];
  readonly trustProxy: number;
  /** Failed sign-ins allowed per client address in 15 minutes. */
  readonly loginAttempts: number;
}

/** Fewest characters of an admin token: long enough that guessing is hopeless. */
export const MIN_TOKEN_LENGTH = 32;

/**
 * Whether a `Host` header names this collector: its hostname (any port) or
 * hostname:port is in `allowed`, or `allowed` holds `*`. A page on another
 * site that rebinds its DNS name to this collector's address still sends its
 * own name, so it is turned away.
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (!host) return false;
  const value = host.trim().toLowerCase();
  const name = value.replace(/:\d+$/, '');
  return allowed.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    return wanted === value || wanted === name;
  });
}

/**
 * Registers `/login` and `/logout` and returns the middleware that guards
 * every route that reads answers: the `Host` must be allowed, then either a
 * bearer token or a signed-in session is needed. Pages send people without
 * one to the sign-in page; anything else gets 401. It sets `who` on the
 * context: the name given at sign-in (else `admin`), or `token <fingerprint>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the door adds routes to whatever app it guards
export function createAdminDoor(app: Hono<any>, options: AdminDoorOptions): MiddlewareHandler {
  const { passwordHash, tokens = [], sessionSecret } = options.admin;
  const checkToken = createSecretCheck(tokens);
  const secure = (c: Context) =>
    new URL(c.req.url).protocol === 'https:' || (options.trustProxy > 0 && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim() === 'https');
  const secret = sessionSecret ?? (passwordHash ? sessionSecretFrom(passwordHash) : null);
  const sessions = secret ? createSessions(secret, secure) : null;

  const checkHost: MiddlewareHandler = async (c, next) => {
    if (!hostAllowed(c.req.header('host'), options.allowedHosts)) {
      throw new HttpError(421, 'this Host is not one the collector answers for; add it to HARK_ALLOWED_HOSTS');
    }
    await next();
  };
  // Forms post from our own pages only: the Origin must be this very host (already allowed above).
  const sameOrigin = csrf({ origin: (origin, c) => URL.canParse(origin) && new URL(origin).host === c.req.header('host') });

  const loginLimit = rateLimiter({
    windowMs: 15 * 60_000,
    limit: options.loginAttempts,
    keyGenerator: (c) => `login ${rateLimitKey(clientIp(c, options.trustProxy))}`,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    handler: (c) =>
      c.html(renderLoginPage({ next: '/', configured: true, problem: 'Too many failed sign-ins from your address. Try again in 15 minutes.' }), 429, { 'Retry-After': '900' }),
  });

  app.get('/login', checkHost, (c) => c.html(renderLoginPage({ next: safeNext(c.req.query('next')), configured: Boolean(passwordHash) })));
  app.post('/login', checkHost, sameOrigin, loginLimit, async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const password = typeof form.password === 'string' ? form.password : '';
    const who = typeof form.name === 'string' ? form.name.trim().replace(/\s+/g, ' ').slice(0, MAX_NAME) : '';
    if (!passwordHash || !sessions) return c.html(renderLoginPage({ next, configured: false }), 401);
    if (password.length > 1024 || !(await verifyPassword(password, passwordHash))) {
      return c.html(renderLoginPage({ next, configured: true, problem: 'Wrong password.' }), 401);
    }
    await sessions.start(c, who);
    return c.redirect(next, 303);
  });
  app.post('/logout', checkHost, sameOrigin, (c) => {
    sessions?.end(c);
    return c.redirect('/login', 303);
  });

  return async (c, next) => {
    await checkHost(c, async () => undefined);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = /^Bearer +(\S+)\s*$/i.exec(authorization)?.[1];
      if (!checkToken(token)) throw new HttpError(401, 'wrong or unknown admin token', {}, { 'WWW-Authenticate': 'Bearer realm="hark", error="invalid_token"' });
      c.set('who', `token ${createHash('sha256').update(token!).digest('hex').slice(0, 8)}`);
      return next();
    }
    const who = sessions ? await sessions.check(c) : null;
    if (who !== null) {
      // A cookie rides along with any site's form: a change needs a form on this very host
      // (Sec-Fetch-Site: same-origin, or its Origin; a form posted into a frame may say Origin: null).
      if (!['GET', 'HEAD'].includes(c.req.method)) await sameOrigin(c, async () => undefined);
      c.set('who', who || 'admin');
      return next();
    }
    // A person on a page is sent to sign in, and back; a script is told why in JSON.
    if (c.req.method === 'GET' && !c.req.path.startsWith('/v1/') && !c.req.path.endsWith('.csv')) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    throw new HttpError(401, 'reading answers needs the admin credential: sign in at /login, or send Authorization: Bearer <token>', {}, { 'WWW-Authenticate': 'Bearer realm="hark"' });
  };
}
