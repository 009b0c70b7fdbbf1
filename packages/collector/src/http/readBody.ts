import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError.js';

/**
 * Reads a request body of at most `limit` bytes. Over the limit it rejects
 * with a 413 as soon as that is known (from Content-Length or while reading)
 * and stops buffering; the caller answers, and the connection is closed after.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `body larger than ${limit} bytes`, { limit });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', onData);
      // Keep the socket readable so the 413 can still be written back.
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (error) => reject(new HttpError(400, `request body could not be read: ${error.message}`)));
    req.on('aborted', () => reject(new HttpError(400, 'request aborted by the client')));
  });
}

/**
 * The deepest nesting in a parsed JSON value, counted without recursion so a
 * hostile body cannot overflow the stack. Stops counting past `limit`.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}
