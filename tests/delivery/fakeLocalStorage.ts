/** A localStorage stand-in with a byte quota, for the fallback path in Node. */
export function fakeLocalStorage(
  quotaBytes = 5_000_000,
): Storage & { readonly map: Map<string, string>; onStorage(fn: (key: string | null) => void): () => void; listening(): number } {
  const map = new Map<string, string>();
  // What the browser's storage event tells the other tabs (here every tab, the writer too: it ignores its own keys).
  const listeners = new Set<(key: string | null) => void>();
  const changed = (key: string | null) => [...listeners].forEach((fn) => fn(key));
  const used = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      if (used() - (map.get(k)?.length ?? 0) + v.length + k.length > quotaBytes) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, String(v));
      changed(k);
    },
    removeItem(k) {
      if (map.delete(k)) changed(k);
    },
    clear() {
      map.clear();
      changed(null);
    },
    onStorage(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    /** How many `onStorage` listeners are attached. */
    listening: () => listeners.size,
  };
}
