import type { Clock } from '../platform/platform.js';
import { isConnectionLost } from './idbStorage.js';
import { holdsRecords, lookDue, markHeld as mark, mayHoldRecords } from './localStorageStorage.js';
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

/** Where the chain starts: on IndexedDB, opened, or after it failed to open. */
export interface ResilientStart {
  /** IndexedDB, opened; absent when it failed to open twice (`failed`: why). */
  readonly primary?: HarkStorage;
  readonly failed?: unknown;
  /** What kept the page's data since (memory, when the chain could not be fetched at the start): it moves to the chain's backend. */
  readonly from?: HarkStorage;
  /** An earlier page left records in localStorage: they move into IndexedDB first. */
  readonly held?: boolean;
  /** The transactions under way on `primary` or `from`: a change of backend waits for them. */
  readonly running?: Set<Promise<unknown>>;
}

/** The fallback chain (`resilientStorage`, with the delivery code), over the boot code's `createSyncStorage`. */
export type ResilientChain = (
  options: Omit<StorageOpenOptions, 'openTimeoutMs'> & { readonly sync: typeof createSyncStorage },
  start: ResilientStart,
) => Promise<ResilientStorage>;

/** The same, with `loadFallbacks` to bring the fallback chain (localStorage, memory, the way back). */
export interface DurableStorageOptions extends StorageOpenOptions {
  /** Told when the fallbacks' code could not be fetched. */
  readonly onError: (error: unknown) => void;
  /** The fallback chain's code (it comes with the delivery code): fetched only when IndexedDB fails or localStorage holds records. */
  readonly loadFallbacks: () => Promise<ResilientChain>;
}

/** How a backend refuses a write (a full disk, an aborted or closed transaction): the write goes to the next backend. */
const REFUSED = /^(QuotaExceeded|Abort|Unknown|InvalidState|TransactionInactive)Error$/;
export const refused = (error: unknown): boolean => REFUSED.test(String((error as { name?: unknown } | null)?.name)) || isConnectionLost(error);

/** Opens the primary, failing after `openTimeoutMs` (3 s by default). */
export const timedOpen =
  ({ openPrimary, openTimeoutMs: ms = IDB_OPEN_TIMEOUT_MS, clock }: StorageOpenOptions) =>
  (): Promise<HarkStorage> =>
    new Promise((resolve, reject) => {
      let late = false;
      const timer = clock.setTimeout(() => {
        late = true;
        reject(new Error(`IndexedDB did not open within ${ms} ms`));
      }, ms);
      new Promise<HarkStorage>((opened) => opened(openPrimary()))
        // A late open still holds a connection that nobody will use.
        .then((storage) => (late ? storage.close() : resolve(storage)), reject)
        .finally(() => clock.clearTimeout(timer));
    });

/** Marks localStorage as holding records, if it can be written. */
function markHeld(options: StorageOpenOptions): void {
  try {
    const local = options.localStorage();
    if (local) mark(local);
  } catch {
    // Unwritable: the daily walk finds them.
  }
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

/** `promise`, or a rejection once `ms` have passed without it. */
function within<T>(promise: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`${what} did not come within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clock.clearTimeout(timer));
  });
}

/**
 * IndexedDB, with the fallback chain (`resilientStorage`: reopen once, then
 * localStorage, then memory, and the way back) fetched only when it is
 * needed: IndexedDB fails to open, refuses a write or loses its connection,
 * or an earlier page left records in localStorage. Most pages never need it,
 * so it is not in the boot code. The transaction that failed runs again on
 * the chain, which takes over from then on; transactions still running on
 * IndexedDB finish before the chain moves anything.
 *
 * The chain is waited for as long as IndexedDB's open may take. When it
 * cannot be fetched in that time, that is reported and: a refused write
 * fails (the next one fetches it again); an earlier page's records wait in
 * localStorage, marked, for the next page; and where IndexedDB did not open,
 * memory keeps the page's data (reported as a fallback) until `recover()`,
 * which the delivery code calls before each send, fetches the chain and
 * moves it all to localStorage.
 */
export async function openDurableStorage(options: DurableStorageOptions): Promise<ResilientStorage> {
  const { clock } = options;
  const openPrimary = timedOpen(options);
  const chain = (start: ResilientStart) =>
    within(
      new Promise<ResilientChain>((resolve) => resolve(options.loadFallbacks())),
      options.openTimeoutMs ?? IDB_OPEN_TIMEOUT_MS,
      clock,
      'the storage fallbacks',
    ).then(
      (open) => open({ ...options, openPrimary, sync: createSyncStorage }, start),
      (error: unknown) => {
        options.onError(error);
        throw error;
      },
    );
  const running = new Set<Promise<unknown>>();
  let primary: HarkStorage;
  let failed: unknown;
  try {
    primary = await openPrimary().catch(openPrimary);
  } catch (error) {
    const taken = await chain({ failed: error }).catch(() => null);
    if (taken) return taken;
    options.onChange('memory', error, 'indexeddb');
    primary = createMemoryStorage();
    failed = error;
  }
  if (primary.kind === 'indexeddb' && localHoldsRecords(options)) {
    const taken = await chain({ primary, held: true, running }).catch(() => null);
    if (taken) return taken;
    // The records wait in localStorage, marked, so the next page takes them back in one read, where
    // records found by the daily walk would otherwise wait for the next walk.
    markHeld(options);
  }
  let full: ResilientStorage | null = null;
  let taking: Promise<ResilientStorage> | null = null;
  /** Hands over to the chain; concurrent callers share the fetch, and a failed one is forgotten. */
  const takeOver = (start: ResilientStart) =>
    (taking ??= chain(start).then(
      (taken) => (full = taken),
      (notFetched: unknown) => {
        taking = null;
        throw notFetched;
      },
    ));
  const storage: ResilientStorage = {
    get kind() {
      return (full ?? primary).kind;
    },
    created: primary.created === true,
    get volatile() {
      return full ? full.volatile : primary.kind === 'memory';
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
        if (primary.kind !== 'indexeddb' || !(isConnectionLost(error) || (mode === 'readwrite' && refused(error)))) throw error;
        const taken = await takeOver({ primary, held: false, running }).catch(() => {
          throw error;
        });
        return taken.transaction(mode, fn);
      } finally {
        running.delete(pending);
      }
    },
    async recover() {
      if (full) return full.recover();
      if (primary.kind === 'indexeddb') return true;
      // Memory since the start: the chain moves what it holds to localStorage, and tries IndexedDB again from there.
      return takeOver({ failed, from: primary, running }).then(
        (taken) => taken.kind === 'indexeddb',
        () => false,
      );
    },
    close: () => (full ?? primary).close(),
  };
  return Object.assign(storage, {
    outbox: keyValueView(storage, 'outbox'),
    dead: keyValueView(storage, 'dead'),
    meta: keyValueView(storage, 'meta'),
  });
}
