/** One key-value area (an IndexedDB object store, or a Map). Keys sort as strings. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Resolves only once the value is durably written. */
  set(key: string, value: unknown): Promise<void>;
  delMany(keys: readonly string[]): Promise<void>;
  /** Every entry, in ascending key order. */
  entries<T>(): Promise<Array<[string, T]>>;
}

/** Where Hark keeps its data: queued records, dead letters and small metadata. */
export interface HarkStorage {
  /** Which backend is in use, reported through `getDeliveryState()`. */
  readonly kind: 'indexeddb' | 'memory';
  readonly outbox: KeyValueStore;
  readonly dead: KeyValueStore;
  readonly meta: KeyValueStore;
}
