import type { Clock } from '../platform/platform.js';

/** A clock moved by hand: `advance` moves time and fires the timers that fall due. */
export type ManualClock = Clock & { advance(ms: number): Promise<void>; pendingTimers(): number };

/** A clock the test moves by hand; timers fire only in `advance`. */
export function manualClock(start = Date.parse('2026-11-24T12:00:00.000Z')): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number);
    },
    /** Moves time forward, firing due timers in order. */
    async advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = target;
      await settle();
    },
    pendingTimers: () => timers.size,
  };
}

/** Lets IndexedDB transactions and fetches in flight finish. */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}
