import { STORAGE_NAMES } from '../defaults.js';
import { toJson } from '../toJson.js';
import { createSyncStorage } from './syncStorage.js';
import type { HarkStorage } from './types.js';

// Taken when Hark loads, so a page that replaces JSON.parse later cannot change what Hark reads back.
const parseJson: (text: string) => unknown = JSON.parse;

/** Key prefix of every localStorage item Hark writes: `hark:<area>:<id>`. */
export const LOCAL_STORAGE_PREFIX = STORAGE_NAMES.localStoragePrefix;

/**
 * The second line of defence when IndexedDB fails: one localStorage key per
 * record, so a full quota refuses one new record instead of corrupting a list.
 * Transactions are atomic within a tab only; across tabs a record may be sent
 * twice, which a server keyed on `id` absorbs.
 */
export function createLocalStorageStorage(local: Storage): HarkStorage {
  // Probe: Safari's private mode and disabled storage throw here, not later.
  const probe = `${LOCAL_STORAGE_PREFIX}probe`;
  local.setItem(probe, '1');
  local.removeItem(probe);
  return createSyncStorage('localstorage', {
    get(area, key) {
      const raw = local.getItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`);
      if (raw === null) return undefined;
      try {
        return parseJson(raw);
      } catch {
        // Handed on as-is: the outbox moves unreadable entries to the dead-letter store.
        return { unreadable: raw };
      }
    },
    set: (area, key, value) => local.setItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`, toJson(value) ?? 'null'),
    delete: (area, key) => local.removeItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`),
    keys(area) {
      const prefix = `${LOCAL_STORAGE_PREFIX}${area}:`;
      const keys: string[] = [];
      for (let i = 0; i < local.length; i++) {
        const key = local.key(i);
        if (key?.startsWith(prefix)) keys.push(key.slice(prefix.length));
      }
      return keys;
    },
  });
}
