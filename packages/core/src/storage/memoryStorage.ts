import { createSyncStorage } from './syncStorage.js';
import type { HarkStorage, StorageArea } from './types.js';

/** Storage that lives as long as the page. Used when asked for, or when nothing durable works. */
export function createMemoryStorage(): HarkStorage {
  const areas: Record<StorageArea, Map<string, unknown>> = { outbox: new Map(), dead: new Map(), meta: new Map() };
  return createSyncStorage('memory', {
    get: (area, key) => areas[area].get(key),
    set: (area, key, value) => void areas[area].set(key, value),
    delete: (area, key) => void areas[area].delete(key),
    keys: (area) => [...areas[area].keys()],
  });
}
