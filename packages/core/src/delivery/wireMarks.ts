import type { Clock, Platform } from '../platform/platform.js';
import { toJson } from '../toJson.js';

// Taken when Hark loads, so a page that replaces JSON.parse later cannot change what Hark reads back.
const parseJson: (text: string) => unknown = JSON.parse;

/** localStorage key prefix of each tab's marks: `hark~wire:<owner>` (not an area, so no storage backend reads it). */
export const WIRE_MARKS_PREFIX = 'hark~wire:';

/** The longest the other tabs' mark keys are trusted to the storage events before a walk finds them again. */
const OTHERS_MAX_AGE_MS = 5000;

/** Records some send has on the wire, with when its mark ends: what a claim or a count leaves alone. */
export type Marks = Pick<ReadonlyMap<string, number>, 'has' | 'get'>;

/**
 * Which records a send has on the wire, and until when: this tab's sends in
 * memory, and every tab's (the page-hide send of a closing page included)
 * through localStorage, whose writes are synchronous and outlive the page.
 * A closing page cannot commit a lease to IndexedDB; its mark is what keeps
 * the next page and the other tabs from sending its records again before the
 * mark ends. A mark ends at its send's lease: the send failed or timed out by
 * then, and the records go again.
 */
export interface WireMarks {
  /** Marks records as on the wire until `until` (epoch ms), before their request starts. */
  hold(ids: readonly string[], until: number): void;
  /** Ends marks early: the send failed, so the records may go again (delivered ones keep their marks). */
  free(ids: readonly string[]): void;
  /** Every record some send holds now, with when its mark ends. */
  held(): Map<string, number>;
  /** `held()`, read when first asked about a record: an empty queue reads no marks. */
  heldOnNeed(): Marks;
  /** Stops listening for other tabs' marks. */
  close(): void;
}

/**
 * Creates this tab's marks. `maxMs` is the longest mark any send takes; one
 * further ahead means the clock went back and is ignored. Where localStorage
 * throws or is full, the marks stay in memory: this tab still never sends a
 * record twice, and other tabs fall back on IndexedDB leases. Where the
 * page tells of keys other tabs change (`onStorage`), the other tabs' mark
 * keys are found by a walk through localStorage and then kept up to date,
 * walked again only once the list is a few seconds old, since a host's
 * localStorage may hold thousands of keys and a send reads the marks several
 * times; otherwise every read walks.
 */
export function createWireMarks(owner: string, clock: Clock, page: Pick<Platform, 'localStorage' | 'onStorage' | 'onRestore'>, maxMs: number): WireMarks {
  const local = () => page.localStorage();
  const mine = new Map<string, number>();
  const key = WIRE_MARKS_PREFIX + owner;
  const live = (until: unknown, now: number): until is number => typeof until === 'number' && until > now && until - now <= maxMs;
  const isOther = (name: string | null): name is string => !!name?.startsWith(WIRE_MARKS_PREFIX) && name !== key;
  // Other tabs' mark keys, while the storage events keep them current (a removed one is dropped when it
  // reads empty); null until the next walk. An event can come a moment after the key is there, or never
  // (another client in this document, a host's stand-in for localStorage), so the list is also walked
  // again once it is OTHERS_MAX_AGE_MS old.
  let others: Set<string> | null = null;
  let walkedAt = 0;
  let offs: Array<() => void> | undefined;
  let closed = false;
  function otherKeys(store: Storage): Set<string> {
    if (others && clock.now() - walkedAt < OTHERS_MAX_AGE_MS && clock.now() >= walkedAt) return others;
    // A clear takes every key, and a page frozen in the back/forward cache heard nothing: both walk again.
    if (!closed) offs ??= page.onStorage && [page.onStorage((name) => (name === null ? (others = null) : isOther(name) && others?.add(name))), page.onRestore(() => (others = null))];
    const found = new Set<string>();
    for (let i = 0; i < store.length; i++) {
      const name = store.key(i);
      if (isOther(name)) found.add(name);
    }
    if (offs) {
      others = found;
      walkedAt = clock.now();
    }
    return found;
  }

  function save() {
    const now = clock.now();
    for (const [id, until] of mine) if (!live(until, now)) mine.delete(id);
    try {
      const store = local();
      if (mine.size > 0) store?.setItem(key, toJson(Object.fromEntries(mine)) ?? '{}');
      else store?.removeItem(key);
    } catch {
      // Full or forbidden: this tab's own marks still hold.
    }
  }

  const marks: WireMarks = {
    hold(ids, until) {
      for (const id of ids) mine.set(id, until);
      save();
    },
    free(ids) {
      for (const id of ids) mine.delete(id);
      save();
    },
    held() {
      const now = clock.now();
      const all = new Map<string, number>();
      const add = (marks: Record<string, unknown>) => {
        let any = false;
        for (const id of Object.keys(marks)) {
          const until = marks[id];
          if (live(until, now)) {
            any = true;
            all.set(id, Math.max(all.get(id) ?? 0, until));
          }
        }
        return any;
      };
      add(Object.fromEntries(mine));
      try {
        const store = local();
        const keys = store ? otherKeys(store) : new Set<string>();
        for (const other of [...keys]) {
          const text = store!.getItem(other);
          let marks: unknown;
          try {
            marks = parseJson(text ?? '{}');
          } catch {
            marks = null;
          }
          // A closed page's marks that have all ended are nobody's: tidy them away.
          if (typeof marks !== 'object' || marks === null || !add(marks as Record<string, unknown>)) {
            keys.delete(other);
            if (text !== null) store!.removeItem(other);
          }
        }
      } catch {
        // Unreadable localStorage: this tab's own marks and IndexedDB leases remain.
      }
      return all;
    },
    heldOnNeed() {
      let all: Map<string, number> | undefined;
      return { has: (id) => (all ??= marks.held()).has(id), get: (id) => (all ??= marks.held()).get(id) };
    },
    close() {
      closed = true;
      offs?.forEach((off) => off());
      offs = undefined;
      others = null;
    },
  };
  return marks;
}
