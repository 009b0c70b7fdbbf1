import { describe, expect, it } from 'vitest';
import { settle, testClient } from './helpers';

describe('the response to a send', () => {
  it('is read to its end, never cancelled: a cancelled body aborts the request, an error in every devtools', async () => {
    const bodies: Array<{ read: boolean; cancelled: boolean }> = [];
    const fetch = async () => {
      const seen = { read: false, cancelled: false };
      bodies.push(seen);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          seen.read = true;
          controller.enqueue(new TextEncoder().encode('{"stored":1}'));
          controller.close();
        },
        cancel() {
          seen.cancelled = true;
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const { client } = testClient({}, { fetch: fetch as typeof globalThis.fetch });
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 7 });
    await client.flush();
    await settle();
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies).toEqual(bodies.map(() => ({ read: true, cancelled: false })));
    client.destroy();
  });
});
