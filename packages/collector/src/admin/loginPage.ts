import { escapeHtml as e } from '../results/html.js';
import { pageShell } from '../results/pageStyle.js';

/** What the sign-in page says. */
export interface LoginView {
  /** Where to go after signing in: a path on this collector. */
  readonly next: string;
  /** Why the last attempt failed, if it did. */
  readonly problem?: string;
  /** False when no admin password is configured: the page says how to set one. */
  readonly configured: boolean;
}

/** The sign-in page: one password field, posted to `/login`. */
export function renderLoginPage(view: LoginView): string {
  const problem = view.problem ? `<p class="notice" role="alert">${e(view.problem)}</p>` : '';
  const form = view.configured
    ? `<form method="post" action="/login" aria-label="Sign in"><input type="hidden" name="next" value="${e(view.next)}"><label>Password<input type="password" name="password" autocomplete="current-password" required autofocus></label><label>Your name (optional: shown on survey versions and inbox changes)<input type="text" name="name" autocomplete="name" maxlength="60"></label><button type="submit">Sign in</button></form>`
    : `<p class="notice" role="alert">No admin password is set on this collector, so nobody can sign in to read answers. Run <code>npx @hark/collector hash-password</code> and start the collector with the hash in <code>HARK_ADMIN_PASSWORD_HASH</code>.</p>`;
  return pageShell('Sign in · Hark', `<header class="top"><h1>Hark</h1></header><main class="login"><h2>Sign in</h2><p>The answers stored here are personal data; only the admin may read them.</p>${problem}${form}</main>`);
}

/** A path on this collector to return to after signing in; anything else (another site, `//host`) becomes `/`. */
export function safeNext(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) && value.length <= 2000 ? value : '/';
}
