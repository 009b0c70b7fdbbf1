import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BatchSchema } from '@hark/core/schema';

export const ENDPOINT = 'https://collector.test/v1/records';

/** How the fake endpoint answers one request. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Store the records even though the answer is not a 2xx (or never arrives). */
  readonly store?: boolean;
  /** Drop the connection instead of answering. */
  readonly drop?: boolean;
  /** Answer only when this settles (for timeouts and late successes). */
  readonly wait?: Promise<unknown>;
}

/** One request as the server saw it. */
export interface Seen {
  readonly ids: string[];
  readonly key: string | null;
  readonly status: number | 'dropped';
}

/**
 * A fake endpoint that behaves like a correct server (unique on record id, a
 * replay answers the same 2xx) and can misbehave on cue. It keeps a ledger:
 * what it stored, how often each id arrived, and which ids it acknowledged.
 */
export function ledgerServer() {
  const stored = new Map<string, number>();
  const order: string[] = [];
  const received = new Map<string, number>();
  const acked = new Set<string>();
  const seen: Seen[] = [];
  const script: Array<Reply | ((ids: string[]) => Reply)> = [];
  let fallback: Reply | ((ids: string[]) => Reply) = {};

  const server = setupServer(
    http.post(ENDPOINT, async ({ request }) => {
      const parsed = BatchSchema.safeParse(await request.json());
      if (!parsed.success) return HttpResponse.json({ error: 'bad batch' }, { status: 400 });
      const ids = parsed.data.records.map((record) => record.id);
      for (const id of ids) received.set(id, (received.get(id) ?? 0) + 1);
      const next = script.length > 0 ? script.shift()! : fallback;
      const reply = typeof next === 'function' ? next(ids) : next;
      if (reply.wait) await reply.wait;
      const status = reply.status ?? 200;
      const ok = status >= 200 && status < 300;
      if (ok || reply.store) {
        for (const id of ids) {
          if (!stored.has(id)) order.push(id);
          stored.set(id, 1);
        }
      }
      seen.push({ ids, key: request.headers.get('Idempotency-Key'), status: reply.drop ? 'dropped' : status });
      if (reply.drop) return HttpResponse.error();
      if (ok) for (const id of ids) acked.add(id);
      return new HttpResponse(ok ? JSON.stringify({ stored: ids.length }) : null, { status, headers: reply.headers ?? {} });
    }),
  );

  return {
    server,
    stored,
    order,
    received,
    acked,
    seen,
    /** Replies for the next requests, in order; then `otherwise`. */
    then(...replies: Array<Reply | ((ids: string[]) => Reply)>) {
      script.push(...replies);
    },
    otherwise(reply: Reply | ((ids: string[]) => Reply)) {
      fallback = reply;
    },
    reset() {
      stored.clear();
      order.length = 0;
      received.clear();
      acked.clear();
      seen.length = 0;
      script.length = 0;
      fallback = {};
    },
  };
}

export type Ledger = ReturnType<typeof ledgerServer>;
