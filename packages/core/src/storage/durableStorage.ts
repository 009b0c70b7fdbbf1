import type { Clock } from '../platform/platform.js';
import { isConnectionLost } from './idbStorage.js';
import { holdsRecords, lookDue, mayHoldRecords } from './localStorageStorage.js';
import { createMemoryStorage } from './memoryStorage.js';
import { createSyncStorage } from './syncStorage.js';
import type { ResilientStart, ResilientStorage, resilientStorage } from './resilientStorage.js';
import { keyValueView, type HarkStorage, type StorageMode } from './types.js';
import { IDB_OPEN_TIMEOUT_MS } from '../defaults.js';

/** What opening durable storage needs; `loadFallbacks` brings the fallback chain (localStorage, memory, the way back). */
export interface DurableStorageOptions {
  /** Opens the durable backend (IndexedDB). Tried twice before falling back. */
  readonly openPrimary: () => Promise<HarkStorage>;
  /** The page's localStorage, if any (reading it can throw in some private modes). */
  readonly localStorage: () => Storage | undefined;
  readonly clock: Clock;
  /** Opening the primary may take this long. Default 3 s. */
  readonly openTimeoutMs?: number;
  /** In a fallback mode, try the primary again at most this often. Default 60 s. */
  readonly recoverIntervalMs?: number;
  /** Told whenever the mode changes: the new mode and, for a fallback, what failed and the mode that failed. */
  readonly onChange: (mode: StorageMode, cause?: unknown, from?: StorageMode) => void;
  /** The fallback chain's code (it comes with the delivery code): fetched only when IndexedDB fails or localStorage holds records. */
  readonly loadFallbacks: () => Promise<typeof resilientStorage>;
}

/** How a backend refuses a write (a full disk, an aborted or closed transaction): the write goes to the next backend. */
const REFUSED = /^(QuotaExceeded|Abort|Unknown|InvalidState|TransactionInactive)Error$/;
export const refused = (error: unknown): boolean => REFUSED.test(String((error as { name?: unknown } | null)?.name)) || isConnectionLost(error);

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

/** Whether an earlier page left records in localStorage (its mark, or the daily walk through every key). */
function localHoldsRecords(options: DurableStorageOptions): boolean {
  try {
    const local = options.localStorage();
    return !!local && (mayHoldRecords(local) || (lookDue(local, options.clock.now()) && holdsRecords(local)));
  } catch {
    // Unreadable: nothing can be taken back from it now.
    return false;
  }
}

/**
 * IndexedDB, with the fallback chain (`resilientStorage`: reopen once, then
 * localStorage, then memory, and the way back) fetched only when it is
 * needed: IndexedDB fails to open, refuses a write or loses its connection,
 * or an earlier page left records in localStorage. Most pages never need it,
 * so it is not in the boot code. The transaction that failed runs again on
 * the chain, which takes over from then on; transactions still running on
 * IndexedDB finish before the chain moves anything. If the chain cannot be
 * fetched, the failure stands (and is tried again at the next one); at the
 * start, memory keeps the page's answers, reported as any fallback is.
 */
export async function openDurableStorage(options: DurableStorageOptions): Promise<ResilientStorage> {
  const openPrimary = () => withTimeout(options.openPrimary, options.openTimeoutMs ?? IDB_OPEN_TIMEOUT_MS, options.clock);
  const chain = (start: ResilientStart) => options.loadFallbacks().then((open) => open({ ...options, openPrimary, sync: createSyncStorage }, start));
  let primary: HarkStorage;
  try {
    primary = await openPrimary().catch(openPrimary);
  } catch (failed) {
    return chain({ failed }).catch(() => {
      options.onChange('memory', failed, 'indexeddb');
      return Object.assign(createMemoryStorage(), { volatile: true, recover: async () => false });
    });
  }
  const running = new Set<Promise<unknown>>();
  if (localHoldsRecords(options)) {
    const taken = await chain({ primary, held: true, running }).catch(() => null);
    // Not fetched: the records wait in localStorage for a later page, and IndexedDB serves this one.
    if (taken) return taken;
  }
  let full: ResilientStorage | null = null;
  let taking: Promise<ResilientStorage> | null = null;
  const storage: ResilientStorage = {
    get kind() {
      return full ? full.kind : primary.kind;
    },
    created: primary.created === true,
    get volatile() {
      return full?.volatile ?? false;
    },
    outbox: undefined as never,
    dead: undefined as never,
    meta: undefined as never,
    async transaction(mode, fn) {
      const chained = full ?? (taking && (await taking.catch(() => null)));
      if (chained) return chained.transaction(mode, fn);
      const pending = primary.transaction(mode, fn);
      running.add(pending);
      try {
        return await pending;
      } catch (error) {
        if (!(isConnectionLost(error) || (mode === 'readwrite' && refused(error)))) throw error;
        taking ??= chain({ primary, held: false, running }).then(
          (taken) => (full = taken),
          (notFetched: unknown) => {
            taking = null;
            throw notFetched;
          },
        );
        const taken = await taking.catch(() => {
          throw error;
        });
        return taken.transaction(mode, fn);
      } finally {
        running.delete(pending);
      }
    },
    recover: () => (full ? full.recover() : Promise.resolve(true)),
    close: () => (full ?? primary).close(),
  };
  return Object.assign(storage, {
    outbox: keyValueView(storage, 'outbox'),
    dead: keyValueView(storage, 'dead'),
    meta: keyValueView(storage, 'meta'),
  });
}
