import { STORAGE_NAMES } from '../defaults.js';
import { toJson } from '../toJson.js';
import { createSyncStorage } from './syncStorage.js';
import type { HarkStorage } from './types.js';

// Taken when Hark loads, so a page that replaces JSON.parse later cannot change what Hark reads back.
const parseJson: (text: string) => unknown = JSON.parse;

/** Key prefix of every localStorage item Hark writes: `hark:<area>:<id>`. */
export const LOCAL_STORAGE_PREFIX = STORAGE_NAMES.localStoragePrefix;

/**
 * Present while Hark's records may be in localStorage. Every page start asks
 * whether an earlier page left records there, and a host's localStorage can
 * hold thousands of keys: one read answers where walking them all would take
 * the main thread for milliseconds on every page load.
 */
const MARK = 'held';
const HELD = LOCAL_STORAGE_PREFIX + MARK;

/** Whether an earlier page may have left records in `local`: read before anything walks its keys. */
export const mayHoldRecords = (local: Storage): boolean => local.getItem(HELD) !== null;

/** The names in `local` that start with `prefix`, without it. */
function namesAfter(local: Storage, prefix: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < local.length; i++) {
    const name = local.key(i);
    if (name?.startsWith(prefix)) names.push(name.slice(prefix.length));
  }
  return names;
}

/** Clears the mark once no record is left in `local`, so later pages read one key again. */
export function releaseIfEmpty(local: Storage): void {
  // Every other name under the prefix is a record's `<area>:<id>`.
  if (mayHoldRecords(local) && namesAfter(local, LOCAL_STORAGE_PREFIX).every((name) => name === MARK)) local.removeItem(HELD);
}

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
    set(area, key, value) {
      // Marked before every write, not once: another tab may have taken the records back and cleared the mark.
      local.setItem(HELD, '1');
      local.setItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`, toJson(value) ?? 'null');
    },
    delete: (area, key) => local.removeItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`),
    keys: (area) => namesAfter(local, `${LOCAL_STORAGE_PREFIX}${area}:`),
  });
}
