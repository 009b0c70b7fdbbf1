import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, createCollectorApp, openSqlite, type CollectorOptions, type RecordsStore } from '@hark/collector';
import { ADMIN_PASSWORD, ADMIN_TOKEN, asAdmin, signIn, testAdmin } from './support/admin';
import { batch, post, rawGet, response } from './support/records';

// The admin door: nothing that reads answers opens without the admin credential,
// whatever the route, the origin or the Host.

const SECRET_COMMENT = 'my private comment 7f3a';
const SECRET_USER = 'user-secret-42';

async function start(options: Partial<Omit<CollectorOptions, 'store'>> = {}) {
  const store: RecordsStore = openSqlite(':memory:');
  const server: Server = createCollector({ rateLimit: false, allowedOrigins: ['*'], admin: await testAdmin(), ...options, store });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answer = { ...response({ comment: SECRET_COMMENT }), userId: SECRET_USER };
  expect((await post(`${url}/v1/records`, batch(answer))).status).toBe(200);
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

/** The GETs of the public door: health, sign-in, and the survey definitions clients load (no answers in them). */
const PUBLIC_GETS = ['/healthz', '/login', '/v1/surveys', '/*'];

/** Every GET the app serves except the public ones, read from its own route table, so a route added later is covered too. */
function readRoutes(): string[] {
  const app = createCollectorApp({ store: openSqlite(':memory:') });
  const paths = app.routes.filter((route) => route.method === 'GET' && !PUBLIC_GETS.includes(route.path)).map((route) => route.path);
  return [...new Set(paths)];
}

/** Every POST the admin door guards (ingest and sign-in aside). */
function changeRoutes(): string[] {
  const app = createCollectorApp({ store: openSqlite(':memory:') });
  const paths = app.routes.filter((route) => route.method === 'POST' && !['/v1/records', '/login', '/logout', '/*'].includes(route.path)).map((route) => route.path);
  return [...new Set(paths)];
}

const leaks = (text: string) => text.includes(SECRET_COMMENT) || text.includes(SECRET_USER) || text.includes('nps-q4');

describe('the admin door', () => {
  let collector: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    collector = await start();
  });
  afterAll(() => collector.close());

  it('guards every route that reads answers, and the route table has the ones we know', () => {
    expect(readRoutes().sort()).toEqual([
      '/',
      '/export.csv',
      '/inbox',
      '/inbox/:id',
      '/preview/:file',
      '/results.csv',
      '/surveys',
      '/surveys/:id',
      '/surveys/:id/preview',
      '/surveys/new',
      '/surveys/preview',
      '/v1/records',
      '/v1/results',
      '/webhooks',
    ]);
    expect(changeRoutes().sort()).toEqual(['/inbox/:id', '/inbox/:id/add', '/surveys/:id', '/surveys/:id/archive', '/surveys/new', '/surveys/preview', '/webhooks', '/webhooks/:id/delete', '/webhooks/deliveries/:id/resend']);
  });

  it('lets no outsider read a single answer: no credential, a wrong token, a forged cookie, any origin', async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      ['no credential', {}],
      ['a wrong token', { Authorization: 'Bearer wrong-token-0123456789abcdef0123456789' }],
      ['the token in another scheme', { Authorization: `Basic ${ADMIN_TOKEN}` }],
      ['an empty bearer', { Authorization: 'Bearer ' }],
      ['a forged session cookie', { Cookie: 'hark_session=9999999999999.x.forged' }],
      ['the ingest key header', { 'X-Api-Key': ADMIN_TOKEN }],
      ['a page on another site', { Origin: 'https://evil.test', 'Sec-Fetch-Site': 'cross-site' }],
    ];
    for (const path of readRoutes()) {
      for (const query of ['', '?survey=nps-q4', '?surveyId=nps-q4&limit=500', '?from=2000-01-01&to=2100-01-01']) {
        for (const [name, headers] of attempts) {
          const res = await fetch(`${collector.url}${path}${query}`, { headers, redirect: 'manual' });
          const body = await res.text();
          expect.soft([303, 401], `${name} on ${path}${query}`).toContain(res.status);
          expect.soft(leaks(body), `${name} on ${path}${query} leaked`).toBe(false);
          // Nothing on a read route is ever offered to another origin.
          expect.soft(res.headers.get('access-control-allow-origin'), `${name} on ${path}`).toBeNull();
        }
      }
    }
  });

  it('refuses a cross-origin preflight for reading, even with a valid token', async () => {
    const preflight = await fetch(`${collector.url}/v1/records`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-methods') ?? '').not.toMatch(/GET/);
    expect(preflight.headers.get('access-control-allow-headers') ?? '').not.toMatch(/authorization/i);
    const read = await fetch(`${collector.url}/v1/records`, { headers: asAdmin({ Origin: 'https://evil.test' }) });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only to allowed Host names, so DNS rebinding reaches nothing, even with a valid token', async () => {
    for (const host of ['evil.test', 'evil.test:80', '127.0.0.1.evil.test', 'localhost.evil.test']) {
      for (const path of [...readRoutes(), '/login']) {
        const res = await rawGet(`${collector.url}${path}`, asAdmin({ Host: host }));
        expect.soft(res.status, `${host} ${path}`).toBe(421);
        expect.soft(leaks(res.body)).toBe(false);
      }
    }
    expect((await rawGet(`${collector.url}/v1/records`, asAdmin({ Host: 'localhost:9999' }))).status).toBe(200);
  });

  it('lets a script read with the bearer token', async () => {
    const res = await fetch(`${collector.url}/v1/records`, { headers: asAdmin() });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(SECRET_COMMENT);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csv = await fetch(`${collector.url}/export.csv`, { headers: asAdmin() });
    expect(await csv.text()).toContain(SECRET_COMMENT);
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a person to the sign-in page, and in with the right password, as a HttpOnly SameSite=Strict cookie', async () => {
    const page = await fetch(`${collector.url}/?survey=nps-q4`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2F%3Fsurvey%3Dnps-q4');
    const form = await (await fetch(`${collector.url}${page.headers.get('location')}`)).text();
    expect(form).toContain('type="password"');
    expect(form).toContain('value="/?survey=nps-q4"');

    const wrong = await fetch(`${collector.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url }, body: 'password=nope&next=%2F' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('Wrong password.');

    const right = await fetch(`${collector.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url },
      body: new URLSearchParams({ password: ADMIN_PASSWORD, next: '/?survey=nps-q4' }),
    });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/?survey=nps-q4');
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hark_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);

    const session = cookie.split(';')[0]!;
    const results = await fetch(`${collector.url}/?survey=nps-q4`, { headers: { Cookie: session } });
    expect(results.status).toBe(200);
    expect(await results.text()).toContain(SECRET_COMMENT);
    // One byte changed in the signed value, and the cookie is worthless.
    const tampered = session.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await fetch(`${collector.url}/`, { headers: { Cookie: tampered }, redirect: 'manual' })).status).toBe(303);

    const out = await fetch(`${collector.url}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: session, Origin: collector.url, 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/hark_session=;.*Max-Age=0/);
  });

  it('never sends a person on to another site after signing in', async () => {
    for (const next of ['https://evil.test/', '//evil.test/', '/\\evil.test', 'javascript:alert(1)']) {
      const res = await fetch(`${collector.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url }, body: new URLSearchParams({ password: ADMIN_PASSWORD, next }) });
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('refuses sign-in and sign-out forms posted from another site (CSRF)', async () => {
    const forged = await fetch(`${collector.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.test' }, body: new URLSearchParams({ password: ADMIN_PASSWORD }) });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const session = await signIn(collector.url);
    const logout = await fetch(`${collector.url}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: session, Origin: 'https://evil.test', 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(logout.status).toBe(403);
  });

  it('changes nothing for an outsider, nor for a signed-in person’s browser sent a form by another site (CSRF)', async () => {
    const session = await signIn(collector.url);
    const form = (path: string, headers: Record<string, string>) =>
      fetch(`${collector.url}${path.replace(':id', 'x')}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: 'status=contacted&url=https%3A%2F%2Fevil.test%2Fhook&json=%7B%7D' });
    for (const path of changeRoutes()) {
      expect.soft((await form(path, {})).status, `no credential on ${path}`).toBe(401);
      expect.soft((await form(path, { Cookie: session, Origin: 'https://evil.test' })).status, `another site's form on ${path}`).toBe(403);
      expect.soft((await form(path, { Cookie: session })).status, `no Origin on ${path}`).toBe(403);
    }
    // Nothing was added by any of them.
    const page = await fetch(`${collector.url}/webhooks`, { headers: asAdmin() });
    expect(await page.text()).not.toContain('evil.test');
  });

  it('puts security headers on every answer, public or not', async () => {
    const answers = [
      await fetch(`${collector.url}/healthz`),
      await fetch(`${collector.url}/login`),
      await fetch(`${collector.url}/`, { redirect: 'manual' }),
      await fetch(`${collector.url}/v1/records`),
      await fetch(`${collector.url}/nowhere`),
      await post(`${collector.url}/v1/records`, batch(response())),
      await post(`${collector.url}/v1/records`, '{'),
    ];
    for (const res of answers) {
      expect.soft(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect.soft(res.headers.get('content-security-policy'), res.url).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect.soft(res.headers.get('x-frame-options'), res.url).toBe('SAMEORIGIN');
      expect.soft(res.headers.get('referrer-policy'), res.url).toBe('no-referrer');
      expect.soft(res.headers.get('cache-control'), res.url).toBe('no-store');
    }
  });
});

describe('the admin door, configured otherwise', () => {
  it('with no admin credential configured, reads nothing for anyone, and says how to set one', async () => {
    const collector = await start({ admin: {} });
    try {
      for (const path of readRoutes()) {
        const res = await fetch(`${collector.url}${path}`, { headers: asAdmin(), redirect: 'manual' });
        expect(res.status, path).toBe(401);
        expect(leaks(await res.text())).toBe(false);
      }
      const login = await fetch(`${collector.url}/login`);
      expect(await login.text()).toContain('HARK_ADMIN_PASSWORD_HASH');
      const attempt = await fetch(`${collector.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url }, body: 'password=' });
      expect(attempt.status).toBe(401);
      expect(attempt.headers.get('set-cookie')).toBeNull();
    } finally {
      await collector.close();
    }
  });

  it('limits failed sign-ins per client address', async () => {
    const collector = await start({ loginAttempts: 3 });
    try {
      const tryPassword = (password: string) =>
        fetch(`${collector.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url }, body: new URLSearchParams({ password }) });
      // A success does not count against the budget.
      expect((await tryPassword(ADMIN_PASSWORD)).status).toBe(303);
      for (let i = 0; i < 3; i++) expect((await tryPassword(`guess ${i}`)).status).toBe(401);
      const limited = await tryPassword(ADMIN_PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('900');
      expect(limited.headers.get('set-cookie')).toBeNull();
    } finally {
      await collector.close();
    }
  });

  it('marks the cookie Secure (and __Host-) when a trusted proxy says the browser used HTTPS', async () => {
    const collector = await start({ trustProxy: 1 });
    try {
      const res = await fetch(`${collector.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: collector.url, 'X-Forwarded-Proto': 'https' },
        body: new URLSearchParams({ password: ADMIN_PASSWORD }),
      });
      expect(res.headers.get('set-cookie')).toMatch(/^__Host-hark_session=.*Secure/);
    } finally {
      await collector.close();
    }
  });

  it('refuses to start with a weak admin token or a malformed password hash', () => {
    const store = openSqlite(':memory:');
    expect(() => createCollectorApp({ store, admin: { tokens: ['short'] } })).toThrow(/at least 32 characters/);
    expect(() => createCollectorApp({ store, admin: { passwordHash: 'plain text password' } })).toThrow(/hash-password/);
    void store.close();
  });
});
