import type { KeyValueStore } from '../storage/types.js';
import type { Impression } from './impression.js';

const IMPRESSION = 'history:imp:';
const COUNT = 'history:n:';

/** A change one tab tells the others about. */
type HistoryMessage =
  | { readonly kind: 'impression'; readonly impression: Impression }
  | { readonly kind: 'count'; readonly key: string; readonly value: number }
  | { readonly kind: 'clear'; readonly user: string }
  | { readonly kind: 'drop'; readonly id: string };

/**
 * The display history: every impression and every `nth` counter, kept in the
 * `meta` store under `history:` keys so the rules hold across reloads, and
 * mirrored to other tabs over a channel so they hold across tabs without
 * waiting for a reload. Reads are synchronous, from memory; writes go to
 * storage in the background and report failures through `onError`.
 */
export interface DisplayHistory {
  /**
   * Loads (or reloads) everything stored; `stored`, the `meta` store's entries
   * when the caller has just read them, saves a transaction of its own.
   */
  load(stored?: ReadonlyArray<readonly [string, unknown]>): Promise<void>;
  /** This user's impressions, oldest first. */
  impressions(user: string): readonly Impression[];
  /** Adds or updates an impression, here, on disk and in other tabs. */
  put(impression: Impression): void;
  /**
   * Forgets an impression whose prompt never reached the screen (its UI could not load), here, on disk and in
   * other tabs: a prompt nobody saw was not ignored, and opens no recontact window.
   */
  drop(impression: Impression): void;
  /** Adds one to a counter and returns the new total. */
  increment(user: string, key: string): number;
  /** Forgets this user's impressions and counters. */
  clear(user: string): Promise<void>;
  /** Calls `fn` with each impression another tab adds or updates, once merged here; returns the unsubscribe. */
  onHeard(fn: (impression: Impression) => void): () => void;
  /** Stops listening to other tabs. */
  close(): void;
}

/** The transport between tabs: `Platform.channel`. */
export type HistoryChannel = (fn: (message: unknown) => void) => { post(message: unknown): void; close(): void };

/** Creates the display history over `meta` (storage may still be opening). */
export function createDisplayHistory(meta: Promise<KeyValueStore>, channel: HistoryChannel, onError: (error: unknown) => void): DisplayHistory {
  const impressions = new Map<string, Impression>();
  const counts = new Map<string, number>();
  const merge = (impression: Impression) => {
    const known = impressions.get(impression.id);
    // An ended impression never reopens, whatever order the messages arrive in.
    if (known && known.outcome !== 'open' && impression.outcome === 'open') return;
    impressions.set(impression.id, impression);
  };
  const forget = (user: string) => {
    for (const [id, impression] of impressions) if (impression.user === user) impressions.delete(id);
    for (const key of counts.keys()) if (key.startsWith(`${user}:`)) counts.delete(key);
  };
  // Opened by the first load, so a client that never starts opens no channel; what other tabs
  // wrote before then is in storage, which the load reads after the channel is open.
  let link: ReturnType<HistoryChannel> | undefined;
  const listeners = new Set<(impression: Impression) => void>();
  const hear = (message: unknown) => {
    const m = message as HistoryMessage;
    if (m?.kind === 'impression') {
      merge(m.impression);
      for (const fn of listeners) fn(m.impression);
    }
    else if (m?.kind === 'count') counts.set(m.key, Math.max(counts.get(m.key) ?? 0, m.value));
    else if (m?.kind === 'clear') forget(m.user);
    else if (m?.kind === 'drop') impressions.delete(m.id);
  };
  const write = (key: string, value: unknown) => {
    meta.then((store) => store.set(key, value)).catch(onError);
  };

  return {
    async load(stored) {
      link ??= channel(hear);
      for (const [key, value] of stored ?? (await (await meta).entries<unknown>())) {
        if (key.startsWith(IMPRESSION)) merge(value as Impression);
        else if (key.startsWith(COUNT)) counts.set(key.slice(COUNT.length), Math.max(counts.get(key.slice(COUNT.length)) ?? 0, value as number));
      }
    },
    impressions: (user) => [...impressions.values()].filter((i) => i.user === user).sort((a, b) => a.shownAt - b.shownAt),
    put(impression) {
      merge(impression);
      write(IMPRESSION + impression.id, impression);
      link?.post({ kind: 'impression', impression } satisfies HistoryMessage);
    },
    drop({ id }) {
      impressions.delete(id);
      meta.then((store) => store.delMany([IMPRESSION + id])).catch(onError);
      link?.post({ kind: 'drop', id } satisfies HistoryMessage);
    },
    increment(user, key) {
      const full = `${user}:${key}`;
      const value = (counts.get(full) ?? 0) + 1;
      counts.set(full, value);
      write(COUNT + full, value);
      link?.post({ kind: 'count', key: full, value } satisfies HistoryMessage);
      return value;
    },
    async clear(user) {
      forget(user);
      link?.post({ kind: 'clear', user } satisfies HistoryMessage);
      const store = await meta;
      const keys = (await store.entries<{ user?: string }>())
        .filter(([key, value]) => (key.startsWith(IMPRESSION) && value?.user === user) || key.startsWith(`${COUNT}${user}:`))
        .map(([key]) => key);
      await store.delMany(keys);
    },
    onHeard(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    close: () => link?.close(),
  };
}
