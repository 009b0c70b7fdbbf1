import { delMany, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { HarkStorage, KeyValueStore } from './types';

const STORES = ['outbox', 'dead', 'meta'] as const;
const DB_VERSION = 1;

/** How long opening the database may take before Hark falls back to memory. */
export const IDB_OPEN_TIMEOUT_MS = 3000;

function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IndexedDB "${name}" did not open within ${timeoutMs} ms`)), timeoutMs);
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, DB_VERSION);
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    // Only ever add stores on upgrade: deleting one would drop queued answers.
    request.onupgradeneeded = () => {
      for (const store of STORES) {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      }
    };
    promisifyRequest(request).then(
      (db) => {
        clearTimeout(timer);
        resolve(db);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error ?? new Error('IndexedDB open failed'));
      },
    );
  });
}

function keyValue(useStore: UseStore): KeyValueStore {
  return {
    get: <T>(key: string) => get<T>(key, useStore),
    set: (key, value) => set(key, value, useStore),
    delMany: (keys) => delMany([...keys], useStore),
    entries: <T>() => entries<string, T>(useStore),
  };
}

/**
 * Opens Hark's IndexedDB database (one database, one object store per area).
 * Writes use `durability: 'strict'` so "saved" means on disk, not in a cache.
 * Rejects when IndexedDB is missing, throws, or hangs past the timeout.
 */
export async function openIdbStorage(
  options: { name?: string; factory?: IDBFactory; timeoutMs?: number } = {},
): Promise<HarkStorage> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('IndexedDB is not available in this environment');
  const db = await openDatabase(factory, options.name ?? 'hark', options.timeoutMs ?? IDB_OPEN_TIMEOUT_MS);
  const useStore = (storeName: string): UseStore => (mode, callback) =>
    Promise.resolve().then(() => callback(db.transaction(storeName, mode, { durability: 'strict' }).objectStore(storeName)));
  return {
    kind: 'indexeddb',
    outbox: keyValue(useStore('outbox')),
    dead: keyValue(useStore('dead')),
    meta: keyValue(useStore('meta')),
  };
}
