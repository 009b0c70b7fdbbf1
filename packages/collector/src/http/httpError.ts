import type { ServerResponse } from 'node:http';

/** An answer other than 2xx, with what the client needs to fix its request. */
export class HttpError extends Error {
  constructor(
    /** The HTTP status to answer with. */
    readonly status: number,
    message: string,
    /** Extra JSON fields, e.g. the zod `issues`. */
    readonly body: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' });
  res.end(text);
}
