/** Runs `fn` only if no other tab is draining; never waits for the lock. */
export interface DrainLock {
  /** Resolves `{ acquired: false }` at once when another tab holds the lock. */
  tryRun<T>(fn: () => Promise<T>): Promise<{ readonly acquired: true; readonly value: T } | { readonly acquired: false }>;
}

/** A cross-tab wake-up call. */
export interface Nudge {
  post(message: NudgeMessage): void;
  /** Returns the unsubscribe. */
  listen(fn: (message: NudgeMessage) => void): () => void;
}

/** `released`: a tab finished a drain cycle, so a tab that was refused the lock may try now. */
export type NudgeMessage = { readonly type: 'released' };

/**
 * How tabs coordinate. Correctness never depends on these: leases in
 * IndexedDB decide who sends what. The lock and the nudge only save work.
 */
export interface TabCoordination {
  readonly lock: DrainLock;
  readonly nudge: Nudge;
  /** Calls `fn` when the page comes back from the back/forward cache; returns the cleanup. */
  onRestore(fn: () => void): () => void;
  /** The page's localStorage, the second storage fallback. */
  localStorage(): Storage | undefined;
  /** Which tabs are alive, so a record held by a tab that closed or navigated away is sent at once. Absent: holds just run out. */
  readonly presence?: Presence;
}

/** Tab liveness: a tab marks itself alive while it holds records back; others ask who is. */
export interface Presence {
  /** Marks `owner` alive until the returned release is called or the page goes away; resolves once that is in place, or with null when it cannot be. */
  hold(owner: string): Promise<(() => void) | null>;
  /** The owners alive in some tab of this origin now, or null when that cannot be known. */
  alive(): Promise<ReadonlySet<string> | null>;
}

const LOCK_NAME = 'hark-outbox-drain';
const ALIVE_PREFIX = 'hark-alive:';
const CHANNEL_NAME = 'hark-outbox';

/** Without Web Locks every tab drains; leases still keep each record with one sender. */
const noLock: DrainLock = { tryRun: async (fn) => ({ acquired: true, value: await fn() }) };

/** A Web Lock held for one drain cycle only, so it is never held across unload (bfcache stays usable). */
export function webLock(locks: LockManager | undefined): DrainLock {
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
export function lockPresence(locks: LockManager | undefined): Presence | undefined {
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

/** A BroadcastChannel nudge; a no-op where BroadcastChannel is missing. */
export function broadcastNudge(create: (() => BroadcastChannel) | undefined): Nudge {
  let channel: BroadcastChannel | null = null;
  const open = () => {
    if (!channel && create) {
      try {
        channel = create();
      } catch {
        return null;
      }
    }
    return channel;
  };
  const listeners = new Set<(message: NudgeMessage) => void>();
  return {
    post(message) {
      try {
        open()?.postMessage(message);
      } catch {
        // A closed channel only costs a delay: other tabs retry on their own timers.
      }
    },
    listen(fn) {
      const ch = open();
      if (!ch) return () => undefined;
      listeners.add(fn);
      const handler = (event: MessageEvent) => {
        if ((event.data as NudgeMessage | null)?.type === 'released') fn(event.data as NudgeMessage);
      };
      ch.addEventListener('message', handler);
      return () => {
        listeners.delete(fn);
        ch.removeEventListener('message', handler);
        if (listeners.size === 0) {
          ch.close();
          channel = null;
        }
      };
    },
  };
}

/** The browser's defaults, read lazily so importing core in Node or SSR has no side effects. */
export const browserCoordination: TabCoordination = {
  lock: {
    tryRun: (fn) => webLock(globalThis.navigator?.locks).tryRun(fn),
  },
  nudge: broadcastNudge(typeof BroadcastChannel === 'function' ? () => new BroadcastChannel(CHANNEL_NAME) : undefined),
  get presence() {
    return lockPresence(globalThis.navigator?.locks);
  },
  onRestore(fn) {
    const target = globalThis.window;
    if (!target) return () => undefined;
    const handler = (event: Event) => {
      if ((event as PageTransitionEvent).persisted) fn();
    };
    target.addEventListener('pageshow', handler);
    return () => target.removeEventListener('pageshow', handler);
  },
  localStorage() {
    try {
      return globalThis.localStorage ?? undefined;
    } catch {
      return undefined;
    }
  },
};

/** Coordination for a single tab with nothing shared: what Node tests start from. */
export function soloCoordination(overrides: Partial<TabCoordination> = {}): TabCoordination {
  return {
    lock: noLock,
    nudge: { post: () => undefined, listen: () => () => undefined },
    onRestore: () => () => undefined,
    localStorage: () => undefined,
    ...overrides,
  };
}
