import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface Received {
  /** The request's path. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** A local webhook receiver whose answer a test chooses, request by request. */
export interface Receiver {
  readonly url: string;
  readonly requests: Received[];
  /** What to answer: a status, or 'hang' (hold the request open until `close`). Default 200. */
  answer: (request: Received) => number | 'hang';
  close(): Promise<void>;
}

/** Starts a receiver on a free port. */
export async function startReceiver(): Promise<Receiver> {
  const held: Array<() => void> = [];
  const receiver: Receiver = {
    url: '',
    requests: [],
    answer: () => 200,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body, at: Date.now() };
      receiver.requests.push(request);
      const answer = receiver.answer(request);
      if (answer === 'hang') held.push(() => res.destroy());
      else res.writeHead(answer, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    async close() {
      for (const release of held.splice(0)) release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

/** Polls `check` until it holds (or fails after `timeoutMs`): never a fixed sleep. */
export async function eventually<T>(check: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`still not true after ${timeoutMs} ms: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
