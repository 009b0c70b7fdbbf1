import type { HarkStorage, KeyValueStore } from './types';

function createMemoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => structuredClone(map.get(key)) as T | undefined,
    set: async (key, value) => {
      map.set(key, structuredClone(value));
    },
    delMany: async (keys) => {
      for (const key of keys) map.delete(key);
    },
    entries: async <T>() =>
      [...map.keys()].sort().map((key): [string, T] => [key, structuredClone(map.get(key)) as T]),
  };
}

/** Storage that lives as long as the page. Used when asked for, or when IndexedDB is unusable. */
export function createMemoryStorage(): HarkStorage {
  return { kind: 'memory', outbox: createMemoryStore(), dead: createMemoryStore(), meta: createMemoryStore() };
}
