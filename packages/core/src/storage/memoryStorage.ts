import { createSyncStorage, type SyncBackend } from './syncStorage.js';
import type { StorageArea, HarkStorage } from './types.js';

/** Storage that lives as long as the page. Used when asked for, or when nothing durable works. */
export const createMemoryStorage = (): HarkStorage => createSyncStorage('memory', memoryBackend());

/** `createMemoryStorage`'s backend, for a `createSyncStorage` lent by the boot code. */
export function memoryBackend(): SyncBackend {
  const areas: Record<StorageArea, Map<string, unknown>> = { outbox: new Map(), dead: new Map(), meta: new Map() };
  return {
    get: (area, key) => areas[area].get(key),
    set: (area, key, value) => void areas[area].set(key, value),
    delete: (area, key) => void areas[area].delete(key),
    keys: (area) => [...areas[area].keys()],
  };
}
