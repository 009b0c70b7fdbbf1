/** Which backend holds the queue right now, reported by `getDeliveryState()`. */
export type StorageMode = 'indexeddb' | 'localstorage' | 'memory';

/** The three areas every backend has: queued records, dead letters, small metadata. */
export type StorageArea = 'outbox' | 'dead' | 'meta';
export const STORAGE_AREAS: readonly StorageArea[] = ['outbox', 'dead', 'meta'];

/** One key-value area (an IndexedDB object store, or a Map). Keys sort as strings. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Resolves only once the value is durably written. */
  set(key: string, value: unknown): Promise<void>;
  delMany(keys: readonly string[]): Promise<void>;
  /** Every entry, in ascending key order. */
  entries<T>(): Promise<Array<[string, T]>>;
}

/**
 * Operations inside one transaction. In IndexedDB the transaction stays open
 * only while its own requests are pending, so a transaction body must await
 * nothing but these methods.
 */
export interface StorageTx {
  get<T>(area: StorageArea, key: string): Promise<T | undefined>;
  put(area: StorageArea, key: string, value: unknown): Promise<void>;
  delete(area: StorageArea, key: string): Promise<void>;
  count(area: StorageArea): Promise<number>;
  /** Visits entries in ascending key order until `visit` returns false. */
  scan(area: StorageArea, visit: (key: string, value: unknown) => boolean | void): Promise<void>;
  /**
   * Every entry, in ascending key order: in IndexedDB two requests however many there are, where a
   * scan takes a round trip to the browser per entry. Optional: where a backend has none (the synchronous
   * ones, whose scan costs the same; a host's own `openStorage`), `readWhole` scans.
   */
  entries?<T>(area: StorageArea): Promise<Array<[string, T]>>;
}

/** Every entry of `area`, in ascending key order: the backend's `entries`, or a scan where it has none. */
export async function readWhole<T>(tx: StorageTx, area: StorageArea): Promise<Array<[string, T]>> {
  if (tx.entries) return tx.entries<T>(area);
  const all: Array<[string, T]> = [];
  await tx.scan(area, (key, value) => void all.push([key, value as T]));
  return all;
}

/** Where Hark keeps its data. All of a transaction's writes commit together, or none do. */
export interface HarkStorage {
  /** Which backend is in use; may change during a session when storage fails or recovers. */
  readonly kind: StorageMode;
  /**
   * True when opening it created it (a first visit): every area is known to be
   * empty without reading, so the start skips its read transaction.
   */
  readonly created?: boolean;
  readonly outbox: KeyValueStore;
  readonly dead: KeyValueStore;
  readonly meta: KeyValueStore;
  /** Runs `fn` in one transaction over every area. Readwrite commits are durable (`strict`). */
  transaction<T>(mode: 'readonly' | 'readwrite', fn: (tx: StorageTx) => Promise<T>): Promise<T>;
  /** Releases the connection. */
  close(): void;
}

/** Adds the key-value views of each area to a backend that only knows transactions. */
export function withViews(base: Omit<HarkStorage, 'outbox' | 'dead' | 'meta'>): HarkStorage {
  return { ...base, outbox: keyValueView(base, 'outbox'), dead: keyValueView(base, 'dead'), meta: keyValueView(base, 'meta') };
}

/** Builds the simple key-value view of one area on top of transactions. */
export function keyValueView(storage: Pick<HarkStorage, 'transaction'>, area: StorageArea): KeyValueStore {
  return {
    get: <T>(key: string) => storage.transaction('readonly', (tx) => tx.get<T>(area, key)),
    set: (key, value) => storage.transaction('readwrite', (tx) => tx.put(area, key, value)),
    delMany: (keys) =>
      storage.transaction('readwrite', async (tx) => {
        for (const key of keys) await tx.delete(area, key);
      }),
    entries: <T>() => storage.transaction('readonly', (tx) => readWhole<T>(tx, area)),
  };
}
