import type { HarkStorage, StorageArea, StorageTx } from '@hark/core/testing';
import { readWhole } from '../../packages/core/src/storage/types';

/** Faults a test can switch on at any moment. Each is checked at the point it names. */
export interface StorageFaults {
  /** Thrown from a put into this area (QuotaExceededError, say); the transaction aborts. */
  failPut?: (area: StorageArea, key: string, value: unknown) => Error | null;
  /** When true, every transaction fails as if the browser closed the connection. */
  connectionLost?: boolean;
  /** A read-write transaction begun while this is set starts only once it resolves (a slow disk). */
  holdWrites?: Promise<void>;
}

/** What actually committed: the ground truth the invariants are checked against. */
export interface CommitLog {
  /** Every id ever committed to the outbox. */
  readonly accepted: Set<string>;
  /** Ids committed as deleted from the outbox. */
  readonly deleted: string[];
  /** Largest outbox size seen after a commit. */
  peak: number;
  live: Set<string>;
}

export function newCommitLog(): CommitLog {
  return { accepted: new Set(), deleted: [], peak: 0, live: new Set() };
}

/**
 * Wraps a real (fake-indexeddb) storage: injects faults into its transactions
 * and logs what committed, so a test knows what was accepted and what deleted.
 */
export function faultyStorage(inner: HarkStorage, faults: StorageFaults, log: CommitLog): HarkStorage {
  const transaction: HarkStorage['transaction'] = async (mode, fn) => {
    if (faults.connectionLost) throw new DOMException('The database connection is closing.', 'InvalidStateError');
    if (mode === 'readwrite' && faults.holdWrites) await faults.holdWrites;
    const puts: string[] = [];
    const deletes: string[] = [];
    const result = await inner.transaction(mode, (tx) => {
      const wrapped: StorageTx = {
        get: (area, key) => tx.get(area, key),
        count: (area) => tx.count(area),
        scan: (area, visit) => tx.scan(area, visit),
        entries: (area) => readWhole(tx, area),

        put(area, key, value) {
          const error = faults.failPut?.(area, key, value);
          if (error) return Promise.reject(error);
          if (area === 'outbox') puts.push(key);
          return tx.put(area, key, value);
        },
        delete(area, key) {
          if (area === 'outbox') deletes.push(key);
          return tx.delete(area, key);
        },
      };
      return fn(wrapped);
    });
    for (const id of puts) {
      log.accepted.add(id);
      log.live.add(id);
    }
    for (const id of deletes) {
      if (log.live.delete(id)) log.deleted.push(id);
    }
    log.peak = Math.max(log.peak, log.live.size);
    return result;
  };
  const view = (area: StorageArea) => ({
    get: <T>(key: string) => transaction('readonly', (tx) => tx.get<T>(area, key)),
    set: (key: string, value: unknown) => transaction('readwrite', (tx) => tx.put(area, key, value)),
    delMany: (keys: readonly string[]) =>
      transaction('readwrite', async (tx) => {
        for (const key of keys) await tx.delete(area, key);
      }),
    entries: <T>() =>
      transaction('readonly', async (tx) => {
        const all: Array<[string, T]> = [];
        await tx.scan(area, (key, value) => void all.push([key, value as T]));
        return all;
      }),
  });
  return {
    get kind() {
      return inner.kind;
    },
    outbox: view('outbox'),
    dead: view('dead'),
    meta: view('meta'),
    transaction,
    close: () => inner.close(),
  };
}
