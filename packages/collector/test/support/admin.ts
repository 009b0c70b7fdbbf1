import { hashPassword } from '@hark/collector';

/** The admin password every test collector is started with. */
export const ADMIN_PASSWORD = 'test admin password';
/** A bearer token every test collector accepts. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123';

let hash: Promise<string> | null = null;

/** The admin options for a test collector: the password above (hashed once per file) and the token. */
export async function testAdmin() {
  hash ??= hashPassword(ADMIN_PASSWORD);
  return { passwordHash: await hash, tokens: [ADMIN_TOKEN] };
}

/** Headers that carry the admin token. */
export const asAdmin = (headers: Record<string, string> = {}) => ({ ...headers, Authorization: `Bearer ${ADMIN_TOKEN}` });

/** GET with the admin token. */
export const adminFetch = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: asAdmin((init.headers ?? {}) as Record<string, string>) });

/** Signs in through the form as a person would, and resolves to the session cookie (`name=value`). */
export async function signIn(baseUrl: string, password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ password, next: '/' }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Signs in with a name (shown on versions and inbox changes), and resolves to the session cookie. */
export async function signInAs(baseUrl: string, name: string): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ password: ADMIN_PASSWORD, name, next: '/' }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Posts a form as a signed-in person's browser would (the session cookie, this collector's Origin). */
export function submitForm(baseUrl: string, path: string, fields: Record<string, string | string[]>, cookie: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of ([] as string[]).concat(value)) body.append(name, item);
  return fetch(`${baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, Cookie: cookie }, body });
}
