import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startCountingServer, type CountingServer } from '../delivery/countingServer';
import type { ChromiumFixture } from './fixture';

/** A counting server shared by a file's tests, and the browser contexts each test opens. */
export interface CountingServerFixture {
  /** The server; reading it before `beforeAll` has run throws. */
  readonly server: CountingServer;
  /** A new context of the file's Chromium, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Registers the file's hooks around a counting server: `beforeAll` starts it;
 * `afterEach` closes the contexts the test opened with `newContext`, gives
 * the requests their closing pages send (page hide, keepalive) `settleMs` to
 * land, so the next test counts only its own (0 for tests that count
 * nothing), and resets the server; `afterAll`
 * closes it. Call it at the top level of a test file, after `useChromium()`.
 */
export function useCountingServer(chromium: ChromiumFixture, { settleMs = 1000 } = {}): CountingServerFixture {
  let server: CountingServer | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startCountingServer();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close().catch(() => undefined)));
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    server?.reset();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('No counting server yet: read `server` inside a test or hook, not at the top level of the file');
      return server;
    },
    async newContext(options) {
      const context = await chromium.browser.newContext(options);
      contexts.push(context);
      return context;
    },
  };
}

/** How a test changes the counting server's page before the browser sees it. */
export interface HostPageOptions {
  /** Merged into `hark.init`. */
  readonly config?: Record<string, unknown>;
  /** A `Content-Security-Policy` header for the page. */
  readonly csp?: string;
  /** Attributes for the page's `<script src="/hark.min.js">`, such as `integrity`. */
  readonly scriptAttributes?: Record<string, string>;
  /** Page code that runs before hark.min.js, as a host page's own libraries do. */
  readonly before?: string;
  /** Loads hark.debug.min.js instead, for tests that read the full error messages (production builds carry the codes). */
  readonly debug?: boolean;
}

/** A page of the counting server with what the test asked for, and the errors Hark reported on it. */
export interface HostPage {
  readonly page: Page;
  /** Every `on('error')` so far. */
  errors(): Promise<Array<{ code: string; field?: string; message: string; details?: unknown }>>;
  /** Ids of the answers given on the page. */
  answered(): Promise<string[]>;
  /** The page's uncaught exceptions. */
  readonly pageErrors: string[];
}

/** Opens the counting server's test page, rewritten as `options` say, and waits for `hark.client`. */
export async function openHostPage(context: BrowserContext, server: CountingServer, options: HostPageOptions = {}): Promise<HostPage> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.route(/\/page\.html/, async (route) => {
    const response = await route.fetch();
    const attributes = Object.entries(options.scriptAttributes ?? {})
      .map(([name, value]) => ` ${name}="${value}"`)
      .join('');
    const body = (await response.text())
      .replace('<script src="/hark.min.js">', `${options.before ? `<script>${options.before}</script>` : ''}<script src="/${options.debug ? 'hark.debug.min.js' : 'hark.min.js'}"${attributes}>`)
      // Every report, with its message, not only its code.
      .replace("hark.on('error', (e) => errors.push(e.code));", "hark.on('error', (e) => errors.push({ code: e.code, field: e.field, message: e.message, details: e.details }));");
    const headers = { ...response.headers(), ...(options.csp ? { 'content-security-policy': options.csp } : {}) };
    await route.fulfill({ response, body, headers });
  });
  await page.goto(server.page(options.config ?? {}));
  await page.waitForFunction(() => (window as unknown as { hark: { client: unknown } }).hark.client !== null);
  return {
    page,
    pageErrors,
    errors: () => page.evaluate(() => (window as unknown as { errors: Array<{ code: string; field?: string; message: string; details?: unknown }> }).errors.slice()),
    answered: () => page.evaluate(() => (window as unknown as { answered: string[] }).answered.slice()),
  };
}

/** Triggers the test page's NPS survey, answers `score` through the prompt and sends it. */
export async function answerThroughPrompt(page: Page, score: number, send = 'Send') {
  await page.evaluate(() => (window as unknown as { hark: { track(e: string): void } }).hark.track('done'));
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('radiogroup') });
  await dialog.getByRole('radio', { name: String(score), exact: true }).click();
  await dialog.getByRole('button', { name: send }).click();
}

/** Polls `ok` every 100 ms; throws naming `what` after `timeoutMs`. */
export async function waitFor(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
