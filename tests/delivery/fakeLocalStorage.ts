/** A localStorage stand-in with a byte quota, for the fallback path in Node. */
export function fakeLocalStorage(quotaBytes = 5_000_000): Storage & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
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
    },
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}
