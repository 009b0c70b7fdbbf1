import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES } from '../../build/tarballs.mjs';
import { launchChromium } from '../browser/chromium';
import { startTestDemo, storedRows, until, type Demo } from '../browser/demo';
import { fixtureApp, run } from './consumerApp';
import { openPage, untilDelivered } from './pages';
import { blocksOf, kindsOf, readmeBlocks } from './readmeBlocks';

// Every code block of the READMEs, run as it is written. A browser snippet runs in
// Chromium on a host page (https://acme.example), with its CDN URLs (unpkg, jsDelivr)
// answered from the packed @hark/browser as npm installed it, and its endpoint
// (https://api.example.com/v1/records) answered by the reference collector. Module
// snippets are bundled by Vite from a consumer app that installed the packed tarballs.

const HOST = 'https://acme.example';
const ENDPOINT = 'https://api.example.com/v1/records';
const SURVEYS_URL = 'https://example.com/hark/surveys.json';
/** The packed package's version, which a README's pinned CDN URL (`@0.1`) must match. */
const VERSION = JSON.parse(readFileSync('packages/browser/package.json', 'utf8')).version as string;

const app = { dir: fixtureApp() };
let demo: Demo | undefined;
let browser: Browser | undefined;
/** Vite's build of the module snippets: one page per snippet, under HOST/snippets/. */
let snippetsDist = '';

/** Writes a page per module snippet (the snippet verbatim, beside a harness file) for Vite to build. */
function writeModuleSnippets(dir: string) {
  const page = (name: string, body: string, entry: string, files: Record<string, string>) => {
    mkdirSync(join(dir, 'snippets', name), { recursive: true });
    writeFileSync(join(dir, 'snippets', name, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body>${body}<script type="module" src="./${entry}"></script></body></html>`);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'snippets', name, file), text);
  };
  const [client] = blocksOf('coreClient');
  page('core-client', '', 'main.js', { 'main.js': client! });
  const [widget] = blocksOf('widget');
  page('widget', '<main><h1>Docs</h1><button id="checkout">Complete checkout</button><div id="feedback"></div></main>', 'main.js', { 'main.js': widget! });
  const [react] = blocksOf('reactApp');
  page('react', '<div id="root"></div>', 'main.tsx', {
    'App.tsx': react!,
    'main.tsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
  });
  writeFileSync(
    join(dir, 'snippets.vite.config.mjs'),
    `import { defineConfig } from 'vite';
export default defineConfig({
  root: 'snippets',
  base: '/snippets/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: '../snippets-dist', emptyOutDir: true, rollupOptions: { input: { client: 'snippets/core-client/index.html', widget: 'snippets/widget/index.html', react: 'snippets/react/index.html' } } },
});
`,
  );
}

beforeAll(async () => {
  writeModuleSnippets(app.dir);
  await run(join(app.dir, 'node_modules/.bin/vite'), ['build', '--config', 'snippets.vite.config.mjs'], { cwd: app.dir });
  snippetsDist = join(app.dir, 'snippets-dist');
  demo = await startTestDemo();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.map': 'application/json' };

function serveFile(route: Route, root: string, relative: string) {
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
  return route.fulfill({ status: 200, headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Access-Control-Allow-Origin': '*' }, body: readFileSync(file) });
}

/** A request that reached the endpoint: its headers and the records it carried. */
interface Sent {
  readonly headers: Record<string, string>;
  readonly body: { records: Array<Record<string, unknown>> } & Record<string, unknown>;
}

/**
 * A fresh page whose internet is this test's: the host site's `pages`, the CDN
 * answered from the packed @hark/browser, the endpoint from the collector.
 */
async function hostPage(pages: Record<string, string>, surveysJson?: unknown, pageHeaders: Record<string, string> = {}): Promise<{ page: Page; context: BrowserContext; errors: string[]; sent: Sent[]; cdn: string[] }> {
  const { page, context, errors } = await openPage(browser!);
  const sent: Sent[] = [];
  const cdn: string[] = [];
  const packedDist = join(app.dir, 'node_modules/@hark/browser/dist');
  await context.route(`${HOST}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.startsWith('/snippets/')) return serveFile(route, snippetsDist, path.slice('/snippets/'.length).replace(/\/$/, '/index.html'));
    const html = pages[path];
    return html === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: pageHeaders, body: html });
  });
  // unpkg.com/@hark/browser[@range]/dist/… and cdn.jsdelivr.net/npm/@hark/browser[@range]/dist/…
  await context.route(/^https:\/\/(unpkg\.com|cdn\.jsdelivr\.net\/npm)\/@hark\/browser(@[^/]+)?\/dist\/.+$/, (route) => {
    const url = route.request().url();
    cdn.push(url);
    const [, , range] = /^https:\/\/(unpkg\.com|cdn\.jsdelivr\.net\/npm)\/@hark\/browser(?:@([^/]+))?\/dist\//.exec(url)!;
    // The CDN answers a pinned range with the newest version in it; a pin the packed version is outside of would serve another release.
    if (range && !`${VERSION}.`.startsWith(`${range}.`)) return route.fulfill({ status: 404, body: `@hark/browser@${range} is not ${VERSION}` });
    return serveFile(route, packedDist, url.slice(url.indexOf('/dist/') + '/dist/'.length));
  });
  await context.route(ENDPOINT, async (route) => {
    const request = route.request();
    try {
      if (request.method() === 'POST') sent.push({ headers: await request.allHeaders(), body: JSON.parse(request.postData() ?? '{}') });
      const response = await route.fetch({ url: demo!.collector.endpoint });
      await route.fulfill({ response });
    } catch (error) {
      // A send still on the wire when the test closes its context (the pages may still be listed while it
      // closes): the page is gone, nothing to answer.
      if (!context.pages().length || /has been closed/.test(String((error as Error | undefined)?.message))) return;
      throw error;
    }
  });
  await context.route(SURVEYS_URL, (route) =>
    surveysJson === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({ status: 200, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(surveysJson) }),
  );
  return { page, context, errors, sent, cdn };
}

const html = (head: string, body = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title>${head}</head><body><main><h1>Acme</h1>${body}</main></body></html>`;
const rowsFor = (surveyId: string, type = 'response') => storedRows(demo!.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);
const single = (codes: string[]) => {
  expect(codes).toHaveLength(1);
  return codes[0]!;
};

/** Answers the floating prompt named `question` with `score` (and a follow-up `comment`), and waits for the thanks. */
async function answer(page: Page, question: string, score: string, comment?: string) {
  const dialog = page.getByRole('dialog', { name: question });
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: score }).click();
  if (comment) await dialog.getByRole('textbox').fill(comment);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
}

describe('the READMEs’ code blocks, run as written', () => {
  it('every block is a kind this file runs (a new snippet needs a test here)', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks) expect(kindsOf(block), `${block.readme}:${block.line} (${block.lang}) ${block.code.slice(0, 60)}`).toHaveLength(1);
  });

  it('the script tag: the bundle from unpkg shows the prompt on track(); the answer reaches the endpoint once, as the README’s JSON shows it', async () => {
    const { page, context, errors, sent, cdn } = await hostPage({ '/checkout': html('', single(blocksOf('scriptTag'))) });
    await page.goto(`${HOST}/checkout`);
    await answer(page, 'How likely are you to recommend Acme?', '9', 'fast!');
    await untilDelivered(page);
    expect(cdn[0]).toBe('https://unpkg.com/@hark/browser/dist/hark.min.js');
    const rows = rowsFor('checkout-nps').filter((stored) => stored.comment === 'fast!');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ score: 9 });
    expect(JSON.parse(row!.json)).toMatchObject({ userId: 'u_123', attributes: { plan: 'pro' }, trigger: { event: 'checkout_completed' } });
    expect(sent.every((request) => request.headers['x-api-key'] === 'public-ingest-key')).toBe(true);

    // The README's example of what the endpoint receives has the shape of what was sent.
    const readme = JSON.parse(single(blocksOf('wireFormat')));
    const responses = sent.flatMap((request) => request.body.records).filter((record) => record.type === 'response');
    expect(responses).toHaveLength(1);
    const response = responses[0]!;
    expect(Object.keys(readme).sort()).toEqual(Object.keys(sent[0]!.body).sort());
    expect(Object.keys(readme.records[0]).sort()).toEqual(Object.keys(response).sort());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the async snippet: calls before the bundle loads are replayed; the answer reaches the endpoint', async () => {
    const { page, context, errors, cdn } = await hostPage({ '/checkout': html(single(blocksOf('asyncSnippet'))) });
    await page.goto(`${HOST}/checkout`);
    await answer(page, 'How likely are you to recommend us to a friend or colleague?', '7');
    await untilDelivered(page);
    expect(cdn[0]).toBe('https://unpkg.com/@hark/browser@0.1/dist/hark.min.js');
    expect(await page.evaluate(() => 'q' in (window as unknown as { hark: object }).hark)).toBe(false);
    expect(rowsFor('checkout-nps').filter((row) => row.score === 7)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('data attributes: the tag alone, with the surveys from the JSON file; the answer reaches the endpoint', async () => {
    const surveys = [{ id: 'docs-nps', kind: 'nps', question: 'Would you recommend our docs?', triggers: [{ on: 'pageview' }] }];
    const { page, context, errors } = await hostPage({ '/docs': html(single(blocksOf('dataAttributes'))) }, surveys);
    await page.goto(`${HOST}/docs`);
    await answer(page, 'Would you recommend our docs?', '10');
    await untilDelivered(page);
    const [row] = rowsFor('docs-nps');
    expect(JSON.parse(row!.json)).toMatchObject({ score: 10, context: { locale: 'en' } });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('<hark-survey>: the survey renders where the element is placed; the answer reaches the endpoint', async () => {
    const scriptTag = '<script src="https://unpkg.com/@hark/browser/dist/hark.min.js"></script>';
    const init = `<script>hark.init({ endpoint: '${ENDPOINT}', surveys: [{ id: 'docs-csat', kind: 'csat', question: 'Was this page helpful?', triggers: [{ on: 'event', event: 'docs_feedback' }] }] });</script>`;
    const { page, context, errors } = await hostPage({ '/docs': html(scriptTag + init, single(blocksOf('surveyElement'))) });
    await page.goto(`${HOST}/docs`);
    const inline = page.locator('main hark-survey').getByRole('dialog', { name: 'Was this page helpful?' });
    await inline.getByRole('radio', { name: '4' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('main hark-survey').getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await untilDelivered(page);
    expect(rowsFor('docs-csat').map((row) => row.score)).toEqual([4]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Subresource Integrity: with the hash from hark.sri.json on the tag, every file Hark injects carries its own; the answer reaches the endpoint', async () => {
    const hashes = JSON.parse(readFileSync(join(app.dir, 'node_modules/@hark/browser/dist/hark.sri.json'), 'utf8')) as Record<string, string>;
    const tag = single(blocksOf('sriScriptTag')).replace('sha384-…', hashes['hark.min.js']!);
    const init = `<script>hark.init({ endpoint: '${ENDPOINT}', surveys: [{ id: 'sri-nps', kind: 'nps', triggers: [{ on: 'pageview' }] }] });</script>`;
    const { page, context, errors, cdn } = await hostPage({ '/pinned': html(tag + init) });
    await page.goto(`${HOST}/pinned`);
    await answer(page, 'How likely are you to recommend us to a friend or colleague?', '6');
    await untilDelivered(page);
    // A pinned page gets the UI chunk that carries the language files' hashes, never the one without.
    expect(cdn).toContain(`https://unpkg.com/@hark/browser@${VERSION}/dist/hark-ui.sri.min.js`);
    expect(cdn).not.toContain(`https://unpkg.com/@hark/browser@${VERSION}/dist/hark-ui.min.js`);
    const injected = await page.evaluate(() => [...document.scripts].filter((script) => script.src.endsWith('/hark-ui.sri.min.js')).map((script) => script.integrity));
    expect(injected).toEqual([hashes['hark-ui.sri.min.js']]);
    expect(rowsFor('sri-nps').map((row) => row.score)).toEqual([6]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Trusted Types: under the README’s Content-Security-Policy the prompt loads through Hark’s policy; the answer reaches the endpoint', async () => {
    const header = single(blocksOf('cspHeader')).trim();
    const [name, value] = [header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1).trim()];
    const scriptTag = '<script src="https://unpkg.com/@hark/browser/dist/hark.min.js"></script>';
    const init = `<script>hark.init({ endpoint: '${ENDPOINT}', surveys: [{ id: 'tt-csat', kind: 'csat', triggers: [{ on: 'pageview' }] }] });</script>`;
    const { page, context, errors } = await hostPage({ '/strict': html(scriptTag + init) }, undefined, { [name]: value });
    await page.goto(`${HOST}/strict`);
    expect(await page.evaluate(() => typeof (window as unknown as { trustedTypes?: unknown }).trustedTypes)).toBe('object');
    await answer(page, 'How satisfied are you with your experience?', '4');
    await untilDelivered(page);
    expect(rowsFor('tt-csat').map((row) => row.score)).toEqual([4]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rotating credentials: each send asks the headers function, so a refreshed token is used without a reload', async () => {
    const scriptTag = '<script src="https://unpkg.com/@hark/browser/dist/hark.min.js"></script>';
    const { page, context, errors, sent } = await hostPage({ '/app': html(`${scriptTag}<script>${single(blocksOf('rotatingCredentials'))}</script>`) });
    await page.goto(`${HOST}/app`);
    await page.evaluate(() => (window as unknown as { hark: { track(event: string): void } }).hark.track('checkout_completed'));
    await page.getByRole('dialog', { name: 'How likely are you to recommend us to a friend or colleague?' }).waitFor();
    // The "shown" record goes out with the first token…
    const first = await until(() => sent.filter((request) => request.body.records.some((record) => record.type === 'shown')), (found) => found.length > 0);
    expect(first[0]!.headers.authorization).toBe('Bearer first-token');
    // …and the answer, after the app refreshed it, with the new one.
    await page.evaluate('token = "second-token"');
    await answer(page, 'How likely are you to recommend us to a friend or colleague?', '8');
    await untilDelivered(page);
    const answered = sent.filter((request) => request.body.records.some((record) => record.type === 'response'));
    expect(answered.map((request) => request.headers.authorization)).toEqual(['Bearer second-token']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('React: the inline survey renders inside the page; its answer reaches the endpoint', async () => {
    const { page, context, errors } = await hostPage({});
    await page.goto(`${HOST}/snippets/react/`);
    const inline = page.locator('#root').getByRole('dialog', { name: 'How satisfied are you with your experience?' });
    await inline.getByRole('radio', { name: '5' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('#root').getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await untilDelivered(page);
    expect(rowsFor('settings-csat').map((row) => row.score)).toEqual([5]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('React: pressing Export shows the NPS prompt beside the inline survey; the answer reaches the endpoint', async () => {
    const { page, context } = await hostPage({});
    try {
      await page.goto(`${HOST}/snippets/react/`);
      await page.locator('#root').getByRole('dialog', { name: 'How satisfied are you with your experience?' }).waitFor();
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByRole('dialog', { name: 'How likely are you to recommend us to a friend or colleague?' }).waitFor({ timeout: 10_000 });
      await answer(page, 'How likely are you to recommend us to a friend or colleague?', '10');
      await untilDelivered(page);
      expect(rowsFor('export-nps').map((row) => row.score)).toEqual([10]);
    } finally {
      await context.close();
    }
  });

  it('Next.js: the README’s three files are examples/next-app’s, which next-app.test.ts builds and drives', () => {
    const files = blocksOf('nextFile');
    expect(files.map((code) => /^\/\/ (app\/\w+\.tsx):/.exec(code)![1]).sort()).toEqual(['app/ExportButton.tsx', 'app/layout.tsx', 'app/page.tsx']);
    for (const code of files) expect(code).toBe(readFileSync(join('examples/next-app', /^\/\/ (app\/\w+\.tsx):/.exec(code)![1]!), 'utf8'));
  });

  it('typed window.hark: the README’s block is tests/consumer/app/src/global.ts, which types.test.ts type-checks against the packed package', () => {
    expect(blocksOf('globalTypes')).toEqual([readFileSync('tests/consumer/app/src/global.ts', 'utf8')]);
  });

  it('@hark/core, a client with your own UI: the answer it submits reaches the endpoint', async () => {
    const { page, context, errors } = await hostPage({});
    const logs: string[] = [];
    page.on('console', (message) => message.type() === 'log' && logs.push(message.text()));
    await page.goto(`${HOST}/snippets/core-client/`);
    await until(() => rowsFor('checkout-nps').filter((row) => row.comment === 'Fast checkout'), (rows) => rows.length > 0);
    await untilDelivered(page);
    expect(rowsFor('checkout-nps').filter((row) => row.comment === 'Fast checkout')).toMatchObject([{ score: 9 }]);
    expect(logs).toEqual(['How likely are you to recommend us to a friend or colleague? (0–10)']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('@hark/core on a server: the handler accepts the README’s batch with 204 and answers 400 to a bad one', async () => {
    writeFileSync(join(app.dir, 'handler.mjs'), single(blocksOf('coreServer')));
    const batch = JSON.parse(single(blocksOf('wireFormat')));
    const bad = { ...batch, records: [{ ...batch.records[0], score: 11 }] };
    const harness = [
      "import { POST } from './handler.mjs';",
      'for (const body of process.argv.slice(1)) {',
      "  const response = await POST(new Request('https://api.example.com/v1/records', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }));",
      "  console.log('status', response.status);",
      '}',
    ].join('\n');
    const output = await run(process.execPath, ['--input-type=module', '-e', harness, JSON.stringify(batch), JSON.stringify(bad)], { cwd: app.dir });
    expect(output.split('\n').filter((line) => line.startsWith('status'))).toEqual(['status 204', 'status 400']);
    expect(output).toContain(`${batch.records[0].id} response checkout-nps`);
  });

  it('@hark/core scores: prints what the README’s comments say', async () => {
    const code = single(blocksOf('coreScores'));
    writeFileSync(join(app.dir, 'scores.mjs'), code);
    const printed = (await run(process.execPath, ['scores.mjs'], { cwd: app.dir })).trim().split('\n');
    const said = [...code.matchAll(/\/\/ ([\d.]+)/g)].map((match) => match[1]!);
    expect(printed).toHaveLength(said.length);
    printed.forEach((value, index) => expect(value.startsWith(said[index]!), `${value} vs ${said[index]}`).toBe(true));
  });

  it('@hark/widget: the inline survey renders inside #feedback; its answer reaches the endpoint', async () => {
    const { page, context, errors } = await hostPage({});
    await page.goto(`${HOST}/snippets/widget/`);
    const inline = page.locator('#feedback').getByRole('dialog', { name: 'Was this page helpful?' });
    await inline.getByRole('radio', { name: '3' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('#feedback').getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
    await untilDelivered(page);
    expect(rowsFor('docs-csat').filter((row) => row.score === 3)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('@hark/widget: the checkout button’s floating prompt shows beside the inline survey', async () => {
    const { page, context } = await hostPage({});
    try {
      await page.goto(`${HOST}/snippets/widget/`);
      await page.locator('#feedback').getByRole('dialog', { name: 'Was this page helpful?' }).waitFor();
      await page.getByRole('button', { name: 'Complete checkout' }).click();
      await page.getByRole('dialog', { name: 'How likely are you to recommend us to a friend or colleague?' }).waitFor({ timeout: 10_000 });
    } finally {
      await context.close();
    }
  });

  it('the collector’s shell blocks name its real commands, variables, routes and files', async () => {
    const help = execFileSync(process.execPath, ['packages/collector/dist/cli.js', 'help'], { encoding: 'utf8' });
    const { createCollectorApp, openSqlite } = await import(pathToFileURL(join(process.cwd(), 'packages/collector/dist/index.js')).href);
    const store = openSqlite(':memory:');
    const routes = new Set((createCollectorApp({ store }).routes as Array<{ method: string; path: string }>).filter((route) => route.method === 'GET').map((route) => route.path));
    await store.close();
    const code = blocksOf('collectorShell').join('\n');
    for (const name of new Set(code.match(/\bHARK_[A-Z_]+/g))) expect(help, name).toContain(name);
    for (const [, command] of code.matchAll(/npx @hark\/collector(?: ([a-z-]+))?/g)) expect(['hash-password', undefined], command).toContain(command);
    for (const [, url] of code.matchAll(/curl [^\n]*'(https:\/\/[^']+)'/g)) expect(routes, url).toContain(new URL(url!).pathname);
    for (const [path] of code.matchAll(/packages\/collector\/[\w./-]+/g)) if (!path.endsWith('/.env')) expect(existsSync(path), path).toBe(true);
  });

  it('the collector’s nginx block forwards what HARK_TRUST_PROXY relies on, to where the collector listens', () => {
    const config = single(blocksOf('nginxConfig'));
    expect(config).toContain('proxy_pass http://127.0.0.1:8787;');
    for (const header of ['Host $host', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme']) expect(config).toContain(`proxy_set_header ${header};`);
  });

  it('the webhook signature check is the example receiver’s code, and accepts the collector’s signature, not a forged or stale one', async () => {
    const snippet = single(blocksOf('webhookVerify'));
    expect(readFileSync('examples/webhook-receiver.mjs', 'utf8')).toContain(snippet);
    const file = join(app.dir, 'verify-hark-signature.mjs');
    writeFileSync(file, snippet);
    const { verifyHarkSignature } = (await import(pathToFileURL(file).href)) as { verifyHarkSignature: (secret: string, body: string, header: string | undefined) => boolean };
    const body = '{"id":"evt_1"}';
    const sign = (t: number, secret = 'the-shared-secret-0123') => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const now = Math.floor(Date.now() / 1000);
    expect(verifyHarkSignature('the-shared-secret-0123', body, sign(now))).toBe(true);
    expect(verifyHarkSignature('the-shared-secret-0123', body.replace('1', '2'), sign(now))).toBe(false);
    expect(verifyHarkSignature('the-shared-secret-0123', body, sign(now, 'another-secret-012345'))).toBe(false);
    expect(verifyHarkSignature('the-shared-secret-0123', body, sign(now - 3600))).toBe(false);
    expect(verifyHarkSignature('the-shared-secret-0123', body, undefined)).toBe(false);
    // The real thing: the demo collector alerts its receiver (the same code) on a detractor.
    const detractor = { id: '01a20e35-c721-73ca-8e6e-00000000ab01', type: 'response', surveyId: 'readme-nps', kind: 'nps', score: 2, scale: { min: 0, max: 10 }, category: 'detractor', question: 'How likely?', anonymousId: 'a_readme', createdAt: new Date().toISOString() };
    const res = await fetch(demo!.collector.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sdk: { name: 'hark', version: 'readme' }, sentAt: new Date().toISOString(), records: [detractor] }) });
    expect(res.status).toBe(200);
    const events = await until(() => demo!.receiver.events.filter((event) => event.record.id === detractor.id), (found) => found.length === 1);
    expect(events).toHaveLength(1);
    expect(demo!.receiver.requests.filter((request) => request.id === events[0]!.id).map((request) => request.signed)).toEqual([true]);
  });

  it('the alert body in the collector’s README has the fields the collector sends', async () => {
    const example = JSON.parse(single(blocksOf('alertBody'))) as { record: Record<string, unknown> } & Record<string, unknown>;
    const [sent] = await until(() => demo!.receiver.events.filter((event) => event.record.surveyId === 'readme-nps'), (found) => found.length === 1);
    expect(Object.keys(example).sort()).toEqual(Object.keys(sent!).sort());
    expect(example.type).toBe((sent as unknown as Record<string, unknown>).type);
    // Every field the collector sent is in the example (which also shows the optional ones).
    for (const key of Object.keys(sent!.record)) expect(Object.keys(example.record), key).toContain(key);
  });

  it('shell commands name real scripts and packages', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const code of blocksOf('commands')) {
      for (const line of code.split('\n').filter(Boolean)) {
        const [command, ...args] = line.replace(/#.*$/, '').trim().split(/\s+/);
        expect(command, line).toBe('npm');
        if (args[0] === 'install') for (const name of args.slice(1)) expect(Object.keys(PACKAGES), line).toContain(name);
        else if (args[0] !== 'ci') expect(Object.keys(scripts), line).toContain(args[0]);
      }
    }
  });

  it('the repository map names folders that exist', () => {
    for (const line of single(blocksOf('repositoryTree')).split('\n').filter(Boolean)) expect(existsSync(line.split(/\s+/)[0]!), line).toBe(true);
  });

  it('the bench output is what `npm run bench:delivery` prints (its first line)', () => {
    expect(single(blocksOf('benchOutput')).split('\n')[0]).toBe(readFileSync('tests/bench/delivery.mjs', 'utf8').match(/console.log\('(Hark delivery bench[^']*)'\)/)?.[1]);
  });
});
