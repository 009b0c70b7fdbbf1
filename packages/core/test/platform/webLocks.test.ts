import { describe, expect, it } from 'vitest';
import { noLock, tabTurns } from '../../src/platform/webLocks';
import type { DrainLock, Presence } from '../../src/platform/platform';

/** A LockManager of one origin, as tabs share it: exclusive locks by name, `ifAvailable`, `query()`. */
function lockManager() {
  const held = new Set<string>();
  const manager = {
    held,
    failRequests: false,
    async request(name: string, ...rest: unknown[]) {
      if (manager.failRequests) throw new DOMException('not allowed here', 'SecurityError');
      const [options, callback] = rest.length === 2 ? (rest as [{ ifAvailable?: boolean }, (lock: unknown) => unknown]) : [{}, rest[0] as (lock: unknown) => unknown];
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        throw new Error('this fake does not queue');
      }
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name })) };
    },
  };
  return manager;
}

describe('tabTurns: the drain lock and presence from the page’s Web Locks', () => {
  it('drains under a lock only one tab holds at a time, and drains anyway when the lock manager itself fails', async () => {
    const locks = lockManager();
    const { lock } = tabTurns({ locks: () => locks as unknown as LockManager });
    let inner: unknown;
    const outer = await lock.tryRun(async () => {
      inner = await lock.tryRun(async () => 'second');
      return 'first';
    });
    expect(outer).toEqual({ acquired: true, value: 'first' });
    expect(inner).toEqual({ acquired: false });
    expect(locks.held.size).toBe(0);
    locks.failRequests = true;
    expect(await lock.tryRun(async () => 'anyway')).toEqual({ acquired: true, value: 'anyway' });
  });

  it('marks a tab alive while it holds, until released; others read who is alive', async () => {
    const locks = lockManager();
    const { presence } = tabTurns({ locks: () => locks as unknown as LockManager });
    const release = await presence!.hold('tab-a');
    expect(release).toBeTypeOf('function');
    expect(await presence!.alive()).toEqual(new Set(['tab-a']));
    release!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await presence!.alive()).toEqual(new Set());
    locks.failRequests = true;
    expect(await presence!.hold('tab-b')).toBeNull();
  });

  it('without Web Locks every tab drains and presence is unknown; a platform’s own lock and presence are kept', async () => {
    expect(tabTurns({ locks: () => undefined })).toEqual({ lock: noLock, presence: undefined });
    expect(tabTurns({})).toEqual({ lock: noLock, presence: undefined });
    const lock: DrainLock = { tryRun: async () => ({ acquired: false }) };
    const presence: Presence = { hold: async () => null, alive: async () => null };
    const locks = lockManager();
    const given = tabTurns({ lock, presence, locks: () => locks as unknown as LockManager });
    expect(given.lock).toBe(lock);
    expect(given.presence).toBe(presence);
  });
});
