import { STORAGE_NAMES } from '../defaults.js';
import { toJson } from '../toJson.js';
import { createSyncStorage, type SyncBackend } from './syncStorage.js';
import { STORAGE_AREAS, type HarkStorage } from './types.js';

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
const HELD = `${LOCAL_STORAGE_PREFIX}held`;
/** When a start last walked through every key (epoch ms). */
const LOOKED = `${LOCAL_STORAGE_PREFIX}looked`;
const LOOK_EVERY_MS = 24 * 60 * 60 * 1000;

/** The names in `local` that start with `prefix`, without it. */
function namesAfter(local: Storage, prefix: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < local.length; i++) {
    const name = local.key(i);
    if (name?.startsWith(prefix)) names.push(name.slice(prefix.length));
  }
  return names;
}

/** Whether `local` holds a record: a key `hark:<area>:<id>`. */
export const holdsRecords = (local: Storage): boolean =>
  namesAfter(local, LOCAL_STORAGE_PREFIX).some((name) => STORAGE_AREAS.some((area) => name.startsWith(`${area}:`)));

/** Whether an earlier page left records in `local` and marked them: one read, where walking the keys could take milliseconds. */
export const mayHoldRecords = (local: Storage): boolean => local.getItem(HELD) !== null;

/**
 * Whether the daily walk through every key is due (a day since the last, or
 * `now` went back), counting this one as done. It finds records a page left
 * unmarked: a release before the mark, still open in another tab while the
 * site updates, or a mark another tab cleared from a view of localStorage
 * that lacked the record yet (each browser process sees the others' writes a
 * moment late).
 */
export function lookDue(local: Storage, now: number): boolean {
  const last = local.getItem(LOOKED);
  const since = now - Number(last);
  if (last !== null && since >= 0 && since < LOOK_EVERY_MS) return false;
  try {
    local.setItem(LOOKED, String(now));
  } catch {
    // Full: the next look comes sooner, which costs time, not records.
  }
  return true;
}

/** Marks `local` as holding records, so the next page looks with one read. */
export const markHeld = (local: Storage): void => local.setItem(HELD, '1');

/** Clears the mark once no record is left in `local`, so later pages read one key again. */
export function releaseIfEmpty(local: Storage): void {
  if (local.getItem(HELD) !== null && !holdsRecords(local)) local.removeItem(HELD);
}

/**
 * The second line of defence when IndexedDB fails: one localStorage key per
 * record, so a full quota refuses one new record instead of corrupting a list.
 * Transactions are atomic within a tab only; across tabs a record may be sent
 * twice, which a server keyed on `id` absorbs.
 */
export const createLocalStorageStorage = (local: Storage): HarkStorage => createSyncStorage('localstorage', localStorageBackend(local));

/** `createLocalStorageStorage`'s backend, for a `createSyncStorage` lent by the boot code. */
export function localStorageBackend(local: Storage): SyncBackend {
  // Probe: Safari's private mode and disabled storage throw here, not later.
  const probe = `${LOCAL_STORAGE_PREFIX}probe`;
  local.setItem(probe, '1');
  local.removeItem(probe);
  return {
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
      markHeld(local);
      local.setItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`, toJson(value) ?? 'null');
    },
    delete: (area, key) => local.removeItem(`${LOCAL_STORAGE_PREFIX}${area}:${key}`),
    keys: (area) => namesAfter(local, `${LOCAL_STORAGE_PREFIX}${area}:`),
  };
}
