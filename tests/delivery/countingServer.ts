import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BatchSchema } from '@hark/core/schema';

// The script tag's files: hark.min.js (or hark.debug.min.js), the UI chunk and the delivery file it loads from next to itself, and the language files next to that.
const dist = fileURLToPath(new URL('../../packages/browser/dist/', import.meta.url));
const SCRIPT_FILE = /^\/(hark(\.debug|-ui(?:\.sri)?|-delivery(?:\.debug)?|-locale-[a-z]{2,3})?\.min\.js)$/;

// The test page: the script-tag bundle, one NPS survey, and hooks the tests read.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hark delivery</title></head><body>
<main><h1>Delivery test page</h1></main>
<script src="/hark.min.js"></script>
<script>
  const cfg = JSON.parse(new URLSearchParams(location.search).get('cfg') || '{}');
  window.answered = [];
  window.errors = [];
  hark.on('answered', ({ record }) => answered.push(record.id));
  hark.on('error', (e) => errors.push(e.code));
  hark.init({ endpoint: '/v1/records', surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'done' }] }], ...cfg });
  window.answer = async (score) => {
    await hark.client.ready;
    hark.client.show('nps');
    await hark.client.submit({ score });
    const id = answered[answered.length - 1];
    hark.client.dismiss();
    return id;
  };
</script></body></html>`;

interface Held {
  readonly ids: string[];
  readonly res: ServerResponse;
}

/**
 * A real endpoint on 127.0.0.1 that stores records uniquely by id and counts
 * everything it received, with fault injection: fail every other request,
 * fail all, or hold requests unanswered until told.
 */
export async function startCountingServer() {
  const stored = new Map<string, Record<string, unknown>>();
  const received = new Map<string, number>();
  // How often each id arrived in a request answered 2xx: more than once means two senders raced.
  const delivered = new Map<string, number>();
  const statuses: number[] = [];
  // Every POST that carried records, in order of arrival: when, and which ids.
  const posts: Array<{ readonly at: number; readonly ids: string[] }> = [];
  const held: Held[] = [];
  let requests = 0;
  let delayMs = 0;
  // Which tab (its `X-Tab` config header) sent each id in a 2xx-answered request.
  const senders = new Map<string, string[]>();
  let mode: 'ok' | 'fail-every-other' | 'fail' | 'hold' = 'ok';

  const json = (req: IncomingMessage) =>
    new Promise<unknown>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
      req.on('error', reject);
    });

  const store = (records: ReadonlyArray<Record<string, unknown> & { id: string }>) => {
    for (const record of records) if (!stored.has(record.id)) stored.set(record.id, record);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/page.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(PAGE);
      return;
    }
    const script = req.method === 'GET' ? SCRIPT_FILE.exec(url.pathname) : null;
    if (script) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(readFileSync(`${dist}${script[1]}`));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/records') {
      res.writeHead(404).end();
      return;
    }
    let body: unknown;
    try {
      body = await json(req);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const parsed = BatchSchema.safeParse(body);
    if (!parsed.success) {
      statuses.push(400);
      res.writeHead(400).end();
      return;
    }
    const records = parsed.data.records as unknown as Array<Record<string, unknown> & { id: string }>;
    const ids = records.map((r) => r.id);
    for (const id of ids) received.set(id, (received.get(id) ?? 0) + 1);
    posts.push({ at: Date.now(), ids });
    requests += 1;
    // A slow server makes tabs' drains overlap, which is when leases matter.
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (mode === 'hold') {
      // Stored now, answered later (or never): the client cannot know it arrived.
      store(records);
      held.push({ ids, res });
      return;
    }
    const fail = mode === 'fail' || (mode === 'fail-every-other' && requests % 2 === 1);
    statuses.push(fail ? 503 : 200);
    if (fail) {
      res.writeHead(503, { 'Retry-After': '1' }).end();
      return;
    }
    store(records);
    for (const id of ids) {
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
      senders.set(id, [...(senders.get(id) ?? []), String(req.headers['x-tab'] ?? '')]);
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ stored: ids.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    /** The test page URL with a config merged into `init`. */
    page: (config: Record<string, unknown> = {}) => `${origin}/page.html?cfg=${encodeURIComponent(JSON.stringify(config))}`,
    stored,
    received,
    delivered,
    senders,
    statuses,
    posts,
    held,
    setMode(next: typeof mode) {
      mode = next;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    /** Answers every held request now. */
    releaseHeld(status = 200) {
      for (const h of held.splice(0)) h.res.writeHead(status).end();
    },
    reset() {
      stored.clear();
      received.clear();
      delivered.clear();
      senders.clear();
      delayMs = 0;
      statuses.length = 0;
      posts.length = 0;
      held.splice(0).forEach((h) => h.res.destroy());
      requests = 0;
      mode = 'ok';
    },
    close: () =>
      new Promise<void>((resolve) => {
        held.splice(0).forEach((h) => h.res.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type CountingServer = Awaited<ReturnType<typeof startCountingServer>>;
