import { withViews, type HarkStorage, type StorageArea, type StorageMode, type StorageTx } from './types.js';

/** A synchronous key-value backend (a Map, or localStorage). */
export interface SyncBackend {
  get(area: StorageArea, key: string): unknown;
  /** May throw (a full localStorage); the transaction then fails. */
  set(area: StorageArea, key: string, value: unknown): void;
  delete(area: StorageArea, key: string): void;
  keys(area: StorageArea): string[];
}

const DELETED = Symbol('deleted');

/**
 * Gives a synchronous backend all-or-nothing transactions: writes are staged and
 * applied only when the body succeeds, and transactions run one at a time. A
 * put refused half-way (a full localStorage) takes back the puts before it, and
 * deletes come last, so a failed transaction changes nothing and loses no record.
 */
export function createSyncStorage(kind: StorageMode, backend: SyncBackend): HarkStorage {
  let queue: Promise<unknown> = Promise.resolve();
  const key = (area: StorageArea, id: string) => `${area}\u0000${id}`;

  function run<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    const staged = new Map<string, { area: StorageArea; id: string; value: unknown }>();
    const read = (area: StorageArea, id: string) => {
      const hit = staged.get(key(area, id));
      if (hit) return hit.value === DELETED ? undefined : hit.value;
      return backend.get(area, id);
    };
    const visible = (area: StorageArea) => {
      const ids = new Set(backend.keys(area));
      for (const item of staged.values()) {
        if (item.area !== area) continue;
        if (item.value === DELETED) ids.delete(item.id);
        else ids.add(item.id);
      }
      return [...ids].sort();
    };
    const tx: StorageTx = {
      get: async <V>(area: StorageArea, id: string) => structuredClone(read(area, id)) as V | undefined,
      put: async (area, id, value) => {
        staged.set(key(area, id), { area, id, value: structuredClone(value) });
      },
      delete: async (area, id) => {
        staged.set(key(area, id), { area, id, value: DELETED });
      },
      count: async (area) => visible(area).length,
      scan: async (area, visit) => {
        for (const id of visible(area)) if (visit(id, structuredClone(read(area, id))) === false) return;
      },
    };
    return fn(tx).then((result) => {
      const writes = [...staged.values()];
      const undo: Array<() => void> = [];
      try {
        for (const w of writes) {
          if (w.value === DELETED) continue;
          const old = backend.get(w.area, w.id);
          backend.set(w.area, w.id, w.value);
          undo.unshift(() => (old === undefined ? backend.delete(w.area, w.id) : backend.set(w.area, w.id, old)));
        }
      } catch (error) {
        // A full localStorage refused one: take the others back, so the write can go elsewhere whole.
        for (const step of undo) {
          try {
            step();
          } catch {
            // Putting an old value back failed: the new one stays, a copy rather than a loss.
          }
        }
        throw error;
      }
      for (const w of writes) if (w.value === DELETED) backend.delete(w.area, w.id);
      return result;
    });
  }

  return withViews({
    kind,
    transaction(_mode, fn) {
      const result = queue.then(() => run(fn));
      queue = result.catch(() => undefined);
      return result;
    },
    close: () => undefined,
  });
}
