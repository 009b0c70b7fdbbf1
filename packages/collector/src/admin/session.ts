import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

/** How long a login lasts. */
export const SESSION_HOURS = 12;
/** Longest name kept in a session. */
export const MAX_NAME = 60;

/** Sign-in sessions for people: an HMAC-signed, HttpOnly, SameSite=Strict cookie holding its own expiry. */
export interface Sessions {
  /** Sets the cookie on the response; `name` is who signed in (shown on survey versions and inbox changes), or ''. */
  start(c: Context, name?: string): Promise<void>;
  /** The session's name ('' when none was given) if the request carries a valid, unexpired session, else null. */
  check(c: Context): Promise<string | null>;
  /** Clears the cookie. */
  end(c: Context): void;
}

/**
 * Sessions signed with `secret`. Nothing is kept on the server, so every
 * process that shares the secret accepts the cookie (several collectors behind
 * one load balancer); changing the secret signs everyone out. `secure` tells
 * whether the browser reached us over HTTPS (the cookie is then `Secure` and
 * `__Host-` prefixed).
 */
export function createSessions(secret: string, secure: (c: Context) => boolean, now: () => number = Date.now): Sessions {
  const name = (c: Context) => (secure(c) ? '__Host-hark_session' : 'hark_session');
  const options = (c: Context) => ({ path: '/', httpOnly: true, sameSite: 'Strict' as const, secure: secure(c) });
  return {
    async start(c, who = '') {
      const expires = now() + SESSION_HOURS * 3_600_000;
      const value = `${expires}.${randomBytes(12).toString('base64url')}.${Buffer.from(who.slice(0, MAX_NAME), 'utf8').toString('base64url')}`;
      await setSignedCookie(c, name(c), value, secret, { ...options(c), maxAge: SESSION_HOURS * 3600 });
    },
    async check(c) {
      const value = await getSignedCookie(c, secret, name(c));
      if (typeof value !== 'string') return null;
      const [expiry, , who = ''] = value.split('.');
      const expires = Number(expiry);
      return Number.isFinite(expires) && expires > now() ? Buffer.from(who, 'base64url').toString('utf8') : null;
    },
    end(c) {
      deleteCookie(c, name(c), options(c));
    },
  };
}

/**
 * The session secret when none is configured: derived from the password hash,
 * so processes configured alike agree, and a new password ends every session.
 */
export function sessionSecretFrom(passwordHash: string): string {
  return createHmac('sha256', passwordHash).update('hark admin session v1').digest('base64url');
}
