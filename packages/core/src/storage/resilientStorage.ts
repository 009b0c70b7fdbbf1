import { localHoldsRecords, refused, timedOpen, type ResilientChain, type ResilientStart, type ResilientStorage, type StorageOpenOptions } from './durableStorage.js';
import { isConnectionLost } from './idbStorage.js';
import { localStorageBackend, releaseIfEmpty } from './localStorageStorage.js';
import { memoryBackend } from './memoryStorage.js';
import { createSyncStorage } from './syncStorage.js';
import { keyValueView, STORAGE_AREAS as AREAS, type HarkStorage, type StorageArea, type StorageTx } from './types.js';


type Snapshot = Array<[StorageArea, string, unknown]>;

/** Everything a backend holds. */
const snapshotOf = (from: HarkStorage): Promise<Snapshot> =>
  from.transaction('readonly', async (tx) => {
    const all: Snapshot = [];
    for (const area of AREAS) await tx.scan(area, (key, value) => void all.push([area, key, value]));
    return all;
  });

/** Writes a snapshot into `to`, keeping what `to` already holds; counters keep the larger value. */
const putAll = (to: HarkStorage, snapshot: Snapshot) =>
  to.transaction('readwrite', async (tx) => {
    for (const [area, key, value] of snapshot) {
      const existing = await tx.get(area, key);
      // Derived totals are recomputed by their owner.
      if (area === 'meta' && key.endsWith(':totals')) await tx.delete(area, key);
      else if (existing === undefined || (typeof existing === 'number' && typeof value === 'number' && value > existing)) await tx.put(area, key, value);
    }
  });

const deleteAll = (from: HarkStorage, snapshot: Snapshot) =>
  from.transaction('readwrite', async (tx) => {
    for (const [area, key] of snapshot) await tx.delete(area, key);
  });

/** Moves everything from one backend to another, same keys. */
async function migrate(from: HarkStorage, to: HarkStorage) {
  const snapshot = await snapshotOf(from);
  await putAll(to, snapshot);
  await deleteAll(from, snapshot);
}


/**
 * IndexedDB first; when it is missing, throws, hangs or loses its connection,
 * reopen once, then localStorage, then memory. A write a backend refuses (a
 * full disk, an aborted transaction) goes to the next one, and so do the
 * writes after it: what the refusing backend holds moves to localStorage, or
 * is copied to memory (the durable originals stay, and each later write is
 * tried there too, so a record delivered meanwhile is deleted there and not
 * sent again; a delete refused with a put is tried again until it lands). A
 * change of backend waits for the transactions under way on the old one, so
 * none commits there after its records were copied. `recover()` moves
 * everything back to IndexedDB, same ids. Each change of mode goes to `onChange`.
 * The boot code's `openDurableStorage` opens IndexedDB and hands over to this
 * chain (which comes with the delivery code) only when it is needed.
 */
export const resilientStorage: ResilientChain = async (options, start) => {
  // The boot code lends its transactions over a synchronous backend, so this file carries no second copy.
  const { clock, openPrimary, sync } = options;
  const recoverInterval = options.recoverIntervalMs ?? 60_000;
  let lastRecoverAt = clock.now();
  // Backends that refused writes but still hold records: they get every write again, so nothing delivered comes back.
  const behind: HarkStorage[] = [];

  async function fallback(from: HarkStorage | null, cause: unknown): Promise<HarkStorage> {
    const held = from ? await snapshotOf(from).catch((): Snapshot => []) : [];
    let next: HarkStorage | null = null;
    try {
      const local = from?.kind === 'localstorage' ? undefined : options.localStorage();
      if (local) {
        next = sync('localstorage', localStorageBackend(local));
        await putAll(next, held);
      }
    } catch {
      // The refused copy was taken back; its mark need not send the next pages through the host's keys.
      if (next) release();
      next = null;
    }
    if (next) {
      // Moved, so no second copy is sent later; a backend that will not even delete is tried with every later write.
      if (from && held.length > 0) await deleteAll(from, held).catch(() => behind.push(from));
    } else if (from?.kind === 'memory') {
      // Memory already (the boot code's, while this chain could not be fetched): it stays, and was reported.
      return from;
    } else {
      // Memory takes copies only: the originals stay where they are durable.
      next = sync('memory', memoryBackend());
      await putAll(next, held);
      if (from) behind.push(from);
    }
    lastRecoverAt = clock.now();
    options.onChange(next.kind, cause, from?.kind ?? 'indexeddb');
    return next;
  }

  /** Clears localStorage's mark once it holds no record (after they moved to IndexedDB, or a refused copy). */
  function release() {
    try {
      const local = options.localStorage();
      if (local) releaseIfEmpty(local);
    } catch {
      // Unreadable now: the mark stays, and only costs the next page a walk through the keys.
    }
  }

  let current = start.primary ?? (await fallback(start.from ?? null, start.failed));
  // Empty by construction only if nothing from an earlier page moves in below.
  const created = !start.held && start.primary?.created === true;
  if (start.held) {
    // An earlier page that fell back left records in localStorage: IndexedDB takes them back, or, if it
    // refuses writes, everything goes where they are.
    let local: Storage | undefined;
    try {
      local = options.localStorage();
      if (local) {
        await migrate(sync('localstorage', localStorageBackend(local)), current);
        release();
      }
    } catch (error) {
      if (local && refused(error)) current = await fallback(current, error);
    }
  }
  let replacing: Promise<HarkStorage> | null = null;
  // True from a reopen after a lost connection until a transaction succeeds on it.
  let reopened = false;
  // Transactions under way on `current`. A change of backend waits for them: one that commits on the old
  // backend after its records were copied would be left behind, unsent by this page.
  const running = start.running ?? new Set<Promise<unknown>>();
  // Deletes a backend left behind refused (with a write in their transaction): tried again with every later
  // write and before `recover()` moves records back, so a record sent meanwhile is not sent again from there.
  const owed = new Map<HarkStorage, Map<string, readonly [StorageArea, string]>>();

  /** Makes `next()` the backend once what runs on the current one has settled; concurrent callers share it. */
  function replace(next: () => Promise<HarkStorage>): Promise<HarkStorage> {
    replacing ??= Promise.allSettled([...running])
      .then(next)
      .then((storage) => {
        current = storage;
        replacing = null;
        return storage;
      });
    return replacing;
  }

  /**
   * Writes `writes` to a backend left behind, with the deletes it still owes; all land or none does.
   * Refused, the deletes are owed, except those of a key the same writes put elsewhere: a record moving
   * to the dead-letter store stays where it was rather than vanish from both.
   */
  async function mirror(old: HarkStorage, writes: ReadonlyArray<(tx: StorageTx) => Promise<void>>, deletes: ReadonlyArray<readonly [StorageArea, string]>, puts: ReadonlySet<string>) {
    const debt = owed.get(old) ?? new Map<string, readonly [StorageArea, string]>();
    try {
      await old.transaction('readwrite', async (tx) => {
        for (const [area, key] of debt.values()) await tx.delete(area, key);
        for (const write of writes) await write(tx);
      });
      owed.delete(old);
    } catch {
      for (const [area, key] of deletes) if (!puts.has(key)) debt.set(`${area}\u0000${key}`, [area, key]);
      if (debt.size === 0) return;
      // Deletes alone free space, so they land where a put is refused.
      await old
        .transaction('readwrite', async (tx) => {
          for (const [area, key] of debt.values()) await tx.delete(area, key);
        })
        .then(
          () => owed.delete(old),
          () => owed.set(old, debt),
        );
    }
  }

  /**
   * Runs `fn` on `used`, then its writes again on each backend left behind, in one transaction
   * there: all of them land (a delivered record is deleted there too) or, refused, its deletes do.
   */
  async function run<T>(used: HarkStorage, mode: 'readonly' | 'readwrite', fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    if (behind.length === 0) return used.transaction(mode, fn);
    const writes: Array<(tx: StorageTx) => Promise<void>> = [];
    const deletes: Array<readonly [StorageArea, string]> = [];
    const puts = new Set<string>();
    const result = await used.transaction(mode, (tx) =>
      fn({
        ...tx,
        put: (area, key, value) => (writes.push((old) => old.put(area, key, value)), puts.add(key), tx.put(area, key, value)),
        delete: (area, key) => (writes.push((old) => old.delete(area, key)), deletes.push([area, key]), tx.delete(area, key)),
      }),
    );
    for (const old of writes.length > 0 ? behind : []) await mirror(old, writes, deletes, puts);
    return result;
  }

  const storage: ResilientStorage = {
    get kind() {
      return current.kind;
    },
    // Read once, at the start; a later fallback or reopen does not make the records held so far disappear.
    created,
    // Only ever a fallback here: `storage: 'memory'` does not use this chain.
    get volatile() {
      return current.kind === 'memory';
    },
    outbox: undefined as never,
    dead: undefined as never,
    meta: undefined as never,
    async transaction(mode, fn) {
      for (let tries = 0; ; tries++) {
        // Nothing starts on a backend being replaced.
        if (replacing) await replacing;
        const used = current;
        const pending = run(used, mode, fn);
        running.add(pending);
        try {
          const result = await pending;
          if (used === current) reopened = false;
          return result;
        } catch (error) {
          if (tries >= 3) throw error;
          // Another caller moved on meanwhile: run again there.
          if (used !== current) continue;
          const lost = used.kind === 'indexeddb' && isConnectionLost(error);
          if (used.kind === 'memory' || !(lost || (mode === 'readwrite' && refused(error)))) throw error;
          // Lost mid-session: reopen once (shared by concurrent callers); lost again, or a refused write: the next backend.
          await replace(() =>
            (lost && !reopened ? openPrimary().catch((reopenError: unknown) => fallback(used, reopenError)) : fallback(used, error)).then((next) => {
              reopened = lost && next.kind === 'indexeddb';
              return next;
            }),
          );
        } finally {
          running.delete(pending);
        }
      }
    },
    async recover() {
      if (current.kind === 'indexeddb') return true;
      if (replacing || clock.now() - lastRecoverAt < recoverInterval) return false;
      lastRecoverAt = clock.now();
      let primary: HarkStorage;
      try {
        primary = await openPrimary();
      } catch {
        return false;
      }
      if (replacing) {
        primary.close();
        return false;
      }
      const from = current;
      const next = await replace(async () => {
        try {
          // Sent while IndexedDB was left behind: its copies go before anything moves back.
          const debt = owed.get(behind.find((old) => old.kind === 'indexeddb') as HarkStorage);
          if (debt) await primary.transaction('readwrite', async (tx) => {
            for (const [area, key] of debt.values()) await tx.delete(area, key);
          });
          // What a refusing localStorage still holds comes back too; IndexedDB's own records never left.
          for (const old of [...behind.filter((old) => old.kind !== 'indexeddb'), from]) await migrate(old, primary);
        } catch {
          primary.close();
          return from;
        }
        for (const old of behind.splice(0)) old.close();
        owed.clear();
        release();
        return primary;
      });
      if (next !== primary) return false;
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
};

/**
 * The whole chain from the start, for a client that bundles it (`@hark/core`):
 * IndexedDB, opened as the boot code's `openDurableStorage` opens it, then
 * the chain at once, with no wrapper to hand over from.
 */
export async function openResilientStorage(options: StorageOpenOptions): Promise<ResilientStorage> {
  const openPrimary = timedOpen(options);
  const chain = (start: ResilientStart) => resilientStorage({ ...options, openPrimary, sync: createSyncStorage }, start);
  let primary: HarkStorage;
  try {
    primary = await openPrimary().catch(openPrimary);
  } catch (failed) {
    return chain({ failed });
  }
  return chain({ primary, held: localHoldsRecords(options) });
}
