import { STORAGE_NAMES } from '../defaults.js';
import { promisifyRequest } from 'idb-keyval';
import { STORAGE_AREAS as AREAS, withViews, type HarkStorage, type StorageArea, type StorageTx } from './types.js';

const DB_VERSION = 1;

// idb-keyval's per-key helpers cannot claim leases across stores in one transaction; its request helper is all we need.
const request = promisifyRequest;

function openDatabase(factory: IDBFactory, name: string): Promise<{ db: IDBDatabase; created: boolean }> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, DB_VERSION);
    let created = false;
    // Only ever add stores on upgrade: deleting one would drop queued answers.
    open.onupgradeneeded = (event) => {
      created = event.oldVersion === 0;
      for (const area of AREAS) {
        if (!open.result.objectStoreNames.contains(area)) open.result.createObjectStore(area);
      }
    };
    open.onsuccess = () => resolve({ db: open.result, created });
    open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'));
    open.onblocked = () => reject(new Error('IndexedDB open is blocked by another connection'));
  });
}

function wrap(tx: IDBTransaction): StorageTx {
  return {
    get: <T>(area: StorageArea, key: string) => request(tx.objectStore(area).get(key)) as Promise<T | undefined>,
    put: async (area, key, value) => {
      await request(tx.objectStore(area).put(value, key));
    },
    delete: async (area, key) => {
      await request(tx.objectStore(area).delete(key));
    },
    count: (area) => request(tx.objectStore(area).count()),
    scan: (area, visit) =>
      new Promise((resolve, reject) => {
        const cursor = tx.objectStore(area).openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at || visit(String(at.key), at.value) === false) resolve();
          else at.continue();
        };
        cursor.onerror = () => reject(cursor.error ?? new Error('IndexedDB cursor failed'));
      }),
    // Both requests read the transaction's one snapshot, ordered by key: the nth key names the nth value.
    entries: async <T>(area: StorageArea) => {
      const store = tx.objectStore(area);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      return keys.map((key, index): [string, T] => [String(key), values[index] as T]);
    },
  };
}

/** Error names that mean the connection is gone, not that one write was refused. */
export function isConnectionLost(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'InvalidStateError' || name === 'UnknownError' || (error instanceof Error && error.message.includes('connection lost'));
}

/**
 * Opens Hark's IndexedDB database: one database, one object store per area.
 * Writes use `durability: 'strict'` so "saved" means on disk, not in a cache.
 * Rejects when IndexedDB is missing or throws; the caller owns the timeout.
 */
export async function openIdbStorage(options: { name?: string; factory?: IDBFactory } = {}): Promise<HarkStorage> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('IndexedDB is not available in this environment');
  const { db, created } = await openDatabase(factory, options.name ?? STORAGE_NAMES.database);
  let lost = false;
  // The browser closes the connection when the disk goes away or the user clears data.
  db.onclose = () => {
    lost = true;
  };
  // Another tab is upgrading: step aside rather than block it; Hark reopens on next use.
  db.onversionchange = () => {
    lost = true;
    db.close();
  };
  return withViews({
    kind: 'indexeddb',
    created,
    async transaction(mode, fn) {
      if (lost) throw new DOMException('IndexedDB connection lost', 'InvalidStateError');
      const tx = db.transaction([...AREAS], mode, { durability: 'strict' });
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
      });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(wrap(tx));
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // Already finished or aborted: the original error is the one to report.
        }
        await done.catch(() => undefined);
        throw error;
      }
      await done;
      return result;
    },
    close: () => db.close(),
  });
}
