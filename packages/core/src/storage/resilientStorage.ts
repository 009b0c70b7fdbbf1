import type { Clock } from '../env.js';
import { IDB_OPEN_TIMEOUT_MS, isConnectionLost } from './idbStorage.js';
import { createLocalStorageStorage } from './localStorageStorage.js';
import { createMemoryStorage } from './memoryStorage.js';
import { keyValueView, type HarkStorage, type StorageArea, type StorageMode } from './types.js';

/** Options for the storage fallback chain. */
export interface ResilientStorageOptions {
  /** Opens the durable backend (IndexedDB). Tried twice before falling back. */
  readonly openPrimary: () => Promise<HarkStorage>;
  /** The page's localStorage, if any (reading it can throw in some private modes). */
  readonly localStorage: () => Storage | undefined;
  readonly clock: Clock;
  /** Opening the primary may take this long. Default 3 s. */
  readonly openTimeoutMs?: number;
  /** In a fallback mode, try the primary again at most this often. Default 60 s. */
  readonly recoverIntervalMs?: number;
  /** Told whenever the mode changes, with what caused a fallback. */
  readonly onChange: (mode: StorageMode, cause?: unknown) => void;
}

/** Storage that survives its backend failing. */
export interface ResilientStorage extends HarkStorage {
  /** In a fallback mode, tries the primary again and moves every record back, same ids. Resolves true when on the primary. */
  recover(): Promise<boolean>;
}

const AREAS: readonly StorageArea[] = ['outbox', 'dead', 'meta'];

function withTimeout(open: () => Promise<HarkStorage>, ms: number, clock: Clock): Promise<HarkStorage> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = clock.setTimeout(() => {
      settled = true;
      reject(new Error(`IndexedDB did not open within ${ms} ms`));
    }, ms);
    let pending: Promise<HarkStorage>;
    try {
      pending = open();
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (storage) => {
        // A late open still holds a connection that nobody will use.
        if (settled) return storage.close();
        settled = true;
        clock.clearTimeout(timer);
        resolve(storage);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * IndexedDB first; when it is missing, throws, hangs or loses its connection,
 * reopen once, then localStorage, then memory. The mode is reported through
 * `onChange`, and `recover()` moves records back to IndexedDB with the same ids.
 */
export async function openResilientStorage(options: ResilientStorageOptions): Promise<ResilientStorage> {
  const { clock } = options;
  const timeoutMs = options.openTimeoutMs ?? IDB_OPEN_TIMEOUT_MS;
  const recoverInterval = options.recoverIntervalMs ?? 60_000;
  const openPrimary = () => withTimeout(options.openPrimary, timeoutMs, clock);
  let lastRecoverAt = clock.now();

  function fallback(cause: unknown): HarkStorage {
    let next: HarkStorage;
    try {
      const local = options.localStorage();
      if (!local) throw new Error('localStorage is not available');
      next = createLocalStorageStorage(local);
    } catch {
      next = createMemoryStorage();
    }
    lastRecoverAt = clock.now();
    options.onChange(next.kind, cause);
    return next;
  }

  async function openWithRetry(): Promise<HarkStorage> {
    try {
      return await openPrimary();
    } catch {
      try {
        return await openPrimary();
      } catch (error) {
        return fallback(error);
      }
    }
  }

  let current = await openWithRetry();
  let replacing: Promise<HarkStorage> | null = null;
  // True from a reopen after a lost connection until a transaction succeeds on it.
  let reopened = false;

  async function migrate(from: HarkStorage, to: HarkStorage) {
    const snapshot = await from.transaction('readonly', async (tx) => {
      const all: Array<[StorageArea, string, unknown]> = [];
      for (const area of AREAS) await tx.scan(area, (key, value) => void all.push([area, key, value]));
      return all;
    });
    await to.transaction('readwrite', async (tx) => {
      for (const [area, key, value] of snapshot) {
        const existing = await tx.get(area, key);
        // Derived totals are recomputed by their owner; counters keep the larger value.
        if (area === 'meta' && key.endsWith(':totals')) await tx.delete(area, key);
        else if (existing === undefined) await tx.put(area, key, value);
        else if (typeof existing === 'number' && typeof value === 'number' && value > existing) await tx.put(area, key, value);
      }
    });
    await from.transaction('readwrite', async (tx) => {
      for (const [area, key] of snapshot) await tx.delete(area, key);
    });
  }

  const storage: ResilientStorage = {
    get kind() {
      return current.kind;
    },
    outbox: undefined as never,
    dead: undefined as never,
    meta: undefined as never,
    async transaction(mode, fn) {
      for (let tries = 0; ; tries++) {
        const used = current;
        try {
          const result = await used.transaction(mode, fn);
          if (used === current) reopened = false;
          return result;
        } catch (error) {
          if (used.kind !== 'indexeddb' || !isConnectionLost(error) || tries >= 2) throw error;
          // Connection lost mid-session: reopen once (shared by concurrent callers); lost again, fall back.
          if (current === used) {
            replacing ??= (reopened ? Promise.resolve(fallback(error)) : openPrimary().catch((reopenError: unknown) => fallback(reopenError))).then((next) => {
              reopened = next.kind === 'indexeddb';
              current = next;
              replacing = null;
              return next;
            });
            await replacing;
          }
        }
      }
    },
    async recover() {
      if (current.kind === 'indexeddb') return true;
      if (clock.now() - lastRecoverAt < recoverInterval) return false;
      lastRecoverAt = clock.now();
      let primary: HarkStorage;
      try {
        primary = await openPrimary();
      } catch {
        return false;
      }
      try {
        await migrate(current, primary);
      } catch {
        primary.close();
        return false;
      }
      current = primary;
      options.onChange('indexeddb');
      return true;
    },
    close: () => current.close(),
  };
  return Object.assign(storage, {
    outbox: keyValueView(storage, 'outbox'),
    dead: keyValueView(storage, 'dead'),
    meta: keyValueView(storage, 'meta'),
  });
}
