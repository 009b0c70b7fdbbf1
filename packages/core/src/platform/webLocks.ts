import type { DrainLock, Platform, Presence } from './platform.js';

const LOCK_NAME = 'hark-outbox-drain';
const ALIVE_PREFIX = 'hark-alive:';

/** Without Web Locks every tab drains; leases still keep each record with one sender. */
export const noLock: DrainLock = { tryRun: async (fn) => ({ acquired: true, value: await fn() }) };

/** A Web Lock held for one drain cycle only, so it is never held across unload (bfcache stays usable). */
function webLock(locks: LockManager | undefined): DrainLock {
  if (!locks || typeof locks.request !== 'function') return noLock;
  return {
    async tryRun(fn) {
      let ran = false;
      let value: Awaited<ReturnType<typeof fn>> | undefined;
      try {
        await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
          if (!lock) return;
          ran = true;
          value = await fn();
        });
      } catch (error) {
        // The lock manager itself failed (some embedded webviews): drain anyway, leases protect us.
        if (!ran) return { acquired: true, value: await fn() };
        throw error;
      }
      return ran ? { acquired: true, value: value as Awaited<ReturnType<typeof fn>> } : { acquired: false };
    },
  };
}

/**
 * Presence through Web Locks: a tab holds a lock named after itself, which the
 * browser lets go when the page is closed, navigated away or crashes; others
 * read the held names with `query()`. Holding a lock keeps a page out of the
 * back/forward cache, so it is held only while a score waits for its comment.
 */
function lockPresence(locks: LockManager | undefined): Presence | undefined {
  if (!locks || typeof locks.request !== 'function' || typeof locks.query !== 'function') return undefined;
  return {
    hold(owner) {
      return new Promise((resolve) => {
        let release!: () => void;
        const held = new Promise<void>((done) => (release = done));
        locks
          .request(ALIVE_PREFIX + owner, () => {
            resolve(release);
            return held;
          })
          .catch(() => resolve(null));
      });
    },
    async alive() {
      try {
        const { held = [] } = await locks.query();
        return new Set(held.map((lock) => lock.name ?? '').filter((name) => name.startsWith(ALIVE_PREFIX)).map((name) => name.slice(ALIVE_PREFIX.length)));
      } catch {
        return null;
      }
    },
  };
}

/**
 * The drain lock and presence a page gives (`lock`, `presence`), or else the
 * ones made from its Web Locks (`locks()`). They live with the delivery code,
 * the only code that takes turns with other tabs, so the boot file carries no
 * lock code.
 */
export function tabTurns(platform: Pick<Platform, 'lock' | 'presence' | 'locks'>): { readonly lock: DrainLock; readonly presence: Presence | undefined } {
  const locks = platform.locks?.();
  return { lock: platform.lock ?? webLock(locks), presence: platform.presence ?? lockPresence(locks) };
}
