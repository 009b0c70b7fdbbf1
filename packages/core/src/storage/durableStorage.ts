import type { Clock } from '../platform/platform.js';
import { isConnectionLost } from './idbStorage.js';
import { holdsRecords, lookDue, mayHoldRecords } from './localStorageStorage.js';
import { createMemoryStorage } from './memoryStorage.js';
import { createSyncStorage } from './syncStorage.js';
import { keyValueView, type HarkStorage, type StorageMode } from './types.js';
import { IDB_OPEN_TIMEOUT_MS } from '../defaults.js';

/** What opening durable storage needs. */
export interface StorageOpenOptions {
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
}

/** Storage that survives its backend failing. */
export interface ResilientStorage extends HarkStorage {
  /** In a fallback mode, tries the primary again and moves every record back, same ids. Resolves true when on the primary. */
  recover(): Promise<boolean>;
  /** True while records are kept in memory only because every durable backend refused them: they end with the page. */
  readonly volatile: boolean;
}

/**
 * Where the chain starts: on IndexedDB, opened (`held`: an earlier page left
 * records in localStorage, which move in first; `running`: the transactions
 * under way on it, which a change of backend waits for), or after it failed
 * to open twice.
 */
export type ResilientStart =
  | { readonly primary: HarkStorage; readonly held: boolean; readonly running: Set<Promise<unknown>>; readonly failed?: undefined }
  | { readonly failed: unknown; readonly primary?: undefined; readonly held?: undefined; readonly running?: undefined };

/** The fallback chain (`resilientStorage`, with the delivery code), over the boot code's `createSyncStorage`. */
export type ResilientChain = (
  options: Omit<StorageOpenOptions, 'openTimeoutMs'> & { readonly sync: typeof createSyncStorage },
  start: ResilientStart,
) => Promise<ResilientStorage>;

/** The same, with `loadFallbacks` to bring the fallback chain (localStorage, memory, the way back). */
export interface DurableStorageOptions extends StorageOpenOptions {
  /** The fallback chain's code (it comes with the delivery code): fetched only when IndexedDB fails or localStorage holds records. */
  readonly loadFallbacks: () => Promise<ResilientChain>;
}

/** How a backend refuses a write (a full disk, an aborted or closed transaction): the write goes to the next backend. */
const REFUSED = /^(QuotaExceeded|Abort|Unknown|InvalidState|TransactionInactive)Error$/;
export const refused = (error: unknown): boolean => REFUSED.test(String((error as { name?: unknown } | null)?.name)) || isConnectionLost(error);

/** Opens the primary, failing after `openTimeoutMs` (3 s by default). */
export const timedOpen =
  (options: StorageOpenOptions) =>
  (): Promise<HarkStorage> =>
    withTimeout(options.openPrimary, options.openTimeoutMs ?? IDB_OPEN_TIMEOUT_MS, options.clock);

function withTimeout(open: () => Promise<HarkStorage>, ms: number, clock: Clock): Promise<HarkStorage> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = clock.setTimeout(() => {
      late = true;
      reject(new Error(`IndexedDB did not open within ${ms} ms`));
    }, ms);
    new Promise<HarkStorage>((opened) => opened(open()))
      // A late open still holds a connection that nobody will use.
      .then((storage) => (late ? storage.close() : resolve(storage)), reject)
      .finally(() => clock.clearTimeout(timer));
  });
}

/** Whether an earlier page left records in localStorage (its mark, or the daily walk through every key). */
export function localHoldsRecords(options: StorageOpenOptions): boolean {
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
  const openPrimary = timedOpen(options);
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
