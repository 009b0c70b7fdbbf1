// Promise, under any mix of the faults above: a randomised run (fast-check)
// of answers, server failures, storage faults, reloads and clock moves, for a
// bounded number of steps. Any failure shrinks to a minimal trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../../packages/core/test/helpers';
import { ledgerServer, type Reply } from './ledgerServer';
import { answer, device, expectInvariants, readStore, runUntil, tab, type Tab } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => ledger.server.close());

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

type Step =
  | { readonly do: 'answer'; readonly poison: boolean }
  | { readonly do: 'server'; readonly reply: Reply }
  | { readonly do: 'advance'; readonly ms: number }
  | { readonly do: 'quota'; readonly on: 'save' | 'lease' | 'off' }
  | { readonly do: 'online'; readonly value: boolean }
  | { readonly do: 'reload' }
  | { readonly do: 'hide' };

const replies: fc.Arbitrary<Reply> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(500, 503, 408, 425, 429, 409, 401, 413).map((status) => ({ status })),
  fc.constant({ status: 503, headers: { 'Retry-After': '5' } }),
  fc.constant({ status: 503, headers: { 'Retry-After': 'garbage' } }),
  fc.constant({ store: true, drop: true }),
  fc.constant({ drop: true }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => ({ do: 'answer' as const, poison: n < 2 })), weight: 4 },
  { arbitrary: replies.map((reply) => ({ do: 'server' as const, reply })), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 600_000 }).map((ms) => ({ do: 'advance' as const, ms })), weight: 3 },
  { arbitrary: fc.constantFrom('save', 'lease', 'off').map((on) => ({ do: 'quota' as const, on: on as 'save' | 'lease' | 'off' })), weight: 1 },
  { arbitrary: fc.boolean().map((value) => ({ do: 'online' as const, value })), weight: 1 },
  { arbitrary: fc.constant({ do: 'reload' as const }), weight: 1 },
  { arbitrary: fc.constant({ do: 'hide' as const }), weight: 2 },
);

async function run(steps: readonly Step[]) {
  ledger.reset();
  const dev = device();
  const poison = new Set<string>();
  let reply: Reply = {};
  ledger.otherwise((ids) => (ids.some((id) => poison.has(id)) ? { status: 422 } : reply));
  let current: Tab = tab(dev);
  const errors = () => current.errors;
  const allErrors: Tab['errors'] = [];
  await current.client.ready;
  for (const s of steps) {
    switch (s.do) {
      case 'answer': {
        const id = await answer(current.client, 5).catch(() => '');
        if (s.poison && id) poison.add(id);
        break;
      }
      case 'server':
        reply = s.reply;
        break;
      case 'advance':
        await dev.clock.advance(s.ms);
        break;
      case 'quota':
        dev.faults.failPut =
          s.on === 'off'
            ? undefined
            : (area, _key, value) => {
                const entry = value as { attempts?: number; leaseOwner?: unknown };
                if (area !== 'outbox') return null;
                if (s.on === 'lease') return entry.leaseOwner ? quota() : null;
                return entry.attempts === 0 && !entry.leaseOwner ? quota() : null;
              };
        break;
      case 'online':
        current.page.setOnline(s.value);
        break;
      case 'reload':
        allErrors.push(...errors());
        current.client.destroy();
        current = tab(dev);
        await current.client.ready;
        break;
      case 'hide':
        current.page.hide();
        break;
    }
    await settle(2);
  }
  // Mid-run: nothing accepted is missing, nothing deleted early, under the cap.
  if (dev.log.accepted.size > 0) await expectInvariants(dev, ledger, [...allErrors, ...errors()], { final: false });
  // Heal everything; the queue must drain completely.
  dev.faults.failPut = undefined;
  reply = {};
  current.page.setOnline(true);
  await runUntil(dev, async () => {
    const state = await current.client.getDeliveryState();
    return state.pending + state.inFlight === 0;
  }, 48 * 3600_000, 300_000);
  allErrors.push(...errors());
  if (dev.log.accepted.size > 0) await expectInvariants(dev, ledger, allErrors, { final: true });
  // A healthy record always reaches the server, unless the server said 413 to it alone.
  const dead = new Map((await readStore(dev)).dead.map(([id, letter]) => [id, letter.reason]));
  for (const id of dev.log.accepted) {
    if (poison.has(id)) continue;
    expect(ledger.stored.has(id) || dead.get(id)?.startsWith('HTTP 413'), `healthy ${id} delivered (dead: ${dead.get(id)})`).toBe(true);
  }
  current.client.destroy();
}

// Traces that once broke the promise, replayed before the random ones: a lease update refused while an
// answer was still being written (its records were copied to memory without it).
const KNOWN: Step[][] = [
  [{ do: 'hide' }, { do: 'quota', on: 'lease' }, { do: 'advance', ms: 563738 }, { do: 'answer', poison: false }, { do: 'answer', poison: true }],
  [{ do: 'answer', poison: true }, { do: 'quota', on: 'lease' }, { do: 'answer', poison: false }, { do: 'quota', on: 'save' }, { do: 'answer', poison: false }],
];

describe('randomised faults', () => {
  it('no mix of faults loses an accepted answer or stores one twice', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), run), { numRuns: 40, examples: KNOWN.map((steps): [Step[]] => [steps]) });
  });
});
