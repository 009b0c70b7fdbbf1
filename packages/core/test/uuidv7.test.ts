import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/uuidv7';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('record ids (UUIDv7 from crypto.getRandomValues)', () => {
  it('carry the millisecond they were made in, with the version and variant bits', () => {
    let now = 2 ** 44;
    fc.assert(
      // Clocks only move forward here: a clock that steps back keeps the last millisecond, so ids stay in order.
      fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 32 }), { minLength: 1, maxLength: 20 }), (steps) => {
        for (const step of steps) {
          now += step;
          const id = uuidv7(now);
          expect(id).toMatch(UUID);
          expect(msOf(id)).toBe(now);
        }
      }),
    );
  });

  it('are unique and in order, thousands within one millisecond', () => {
    const now = 2 ** 47 + 2 ** 46;
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
