import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { HarkStorage } from '@hark/core/testing';
import { openDurableStorage, type ResilientChain } from '../src/storage/durableStorage';
import { openIdbStorage } from '../src/storage/idbStorage';
import { resilientStorage } from '../src/storage/resilientStorage';
import { createLocalStorageStorage } from '../src/storage/localStorageStorage';
import { createMemoryStorage } from '../src/storage/memoryStorage';
import { readWhole } from '../src/storage/types';
import { fakeLocalStorage } from '../../../tests/delivery/fakeLocalStorage';
import { faultyStorage, newCommitLog, type StorageFaults } from '../../../tests/delivery/faultyStorage';

// The boot code's storage: IndexedDB alone, handing over to the fallback chain (which comes with
// the delivery code) only when IndexedDB fails it. These check the handover itself: what runs on
// IndexedDB meanwhile, a chain that cannot be fetched, and a start without IndexedDB.

const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (timer: unknown) => clearTimeout(timer as never) };
const QUOTA = () => new DOMException('', 'QuotaExceededError');
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const outboxKeys = (local: Storage) => Object.keys(Object.fromEntries((local as unknown as { map: Map<string, string> }).map)).filter((key) => key.startsWith('hark:outbox:'));

/** A chain fetched when the test lets it through; each fetch waits for its own `open()`. */
function gatedChain() {
  const gates: Array<() => void> = [];
  const load = vi.fn(() => new Promise<ResilientChain>((resolve) => gates.push(() => resolve(resilientStorage))));
  return { load, open: () => gates.shift()?.() };
}

async function opened(options: { primary: () => Promise<HarkStorage>; load: () => Promise<ResilientChain>; local?: Storage; timeoutMs?: number }) {
  const errors: unknown[] = [];
  const modes: string[] = [];
  const storage = await openDurableStorage({
    openPrimary: options.primary,
    localStorage: () => options.local,
    clock,
    openTimeoutMs: options.timeoutMs,
    recoverIntervalMs: 0,
    onChange: (mode) => modes.push(mode),
    onError: (error) => errors.push(error),
    loadFallbacks: options.load,
  });
  return { storage, errors, modes };
}

describe('the boot code’s storage, handing over to the fallback chain', () => {
  it('a write under way on IndexedDB when another is refused commits before anything moves, and every write ends in localStorage', async () => {
    const local = fakeLocalStorage();
    const faults: StorageFaults = {};
    const primary = faultyStorage(await openIdbStorage({ factory: new IDBFactory() }), faults, newCommitLog());
    const chain = gatedChain();
    const { storage } = await opened({ primary: async () => primary, load: chain.load, local });
    let release!: () => void;
    faults.holdWrites = new Promise<void>((resolve) => (release = resolve));
    const slow = storage.outbox.set('slow', 1);
    faults.holdWrites = undefined;
    faults.failPut = (_, key) => (key === 'refused' ? QUOTA() : null);
    const refused = storage.outbox.set('refused', 2);
    await tick();
    expect(chain.load).toHaveBeenCalledTimes(1);
    // Begun while the chain is on its way: it waits for the chain, and does not run on IndexedDB.
    const later = storage.outbox.set('later', 3);
    chain.open();
    await tick();
    release();
    await Promise.all([slow, refused, later]);
    expect(storage.kind).toBe('localstorage');
    expect(outboxKeys(local).sort()).toEqual(['hark:outbox:later', 'hark:outbox:refused', 'hark:outbox:slow']);
  });

  it('a chain that cannot be fetched fails the refused write with its own error, reported; the next refused write fetches it again and lands', async () => {
    const local = fakeLocalStorage();
    let refusals = 1;
    const load = vi.fn(() => (refusals-- > 0 ? Promise.reject(new Error('the file could not be fetched')) : Promise.resolve(resilientStorage)));
    const primary = faultyStorage(await openIdbStorage({ factory: new IDBFactory() }), { failPut: QUOTA }, newCommitLog());
    const { storage, errors } = await opened({ primary: async () => primary, load, local });
    await expect(storage.outbox.set('first', 1)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(errors).toEqual([expect.objectContaining({ message: 'the file could not be fetched' })]);
    expect(storage.kind).toBe('indexeddb');
    await storage.outbox.set('second', 2);
    expect(load).toHaveBeenCalledTimes(2);
    expect(storage.kind).toBe('localstorage');
    expect(outboxKeys(local)).toEqual(['hark:outbox:second']);
  });

  it('no IndexedDB and no chain at the start: memory, volatile and reported; once the chain comes, recover() moves what memory holds to localStorage', async () => {
    const local = fakeLocalStorage();
    let refusals = 1;
    const load = vi.fn(() => (refusals-- > 0 ? Promise.reject(new Error('offline')) : Promise.resolve(resilientStorage)));
    const { storage, errors, modes } = await opened({ primary: () => Promise.reject(new DOMException('blocked', 'UnknownError')), load, local });
    expect([storage.kind, storage.volatile]).toEqual(['memory', true]);
    expect(modes).toEqual(['memory']);
    expect(errors).toHaveLength(1);
    await storage.outbox.set('kept', 1);
    expect(await storage.recover()).toBe(false);
    expect([storage.kind, storage.volatile]).toEqual(['localstorage', false]);
    expect(outboxKeys(local)).toEqual(['hark:outbox:kept']);
    expect(await storage.outbox.get('kept')).toBe(1);
  });

  it('an earlier page’s records and no chain: reported, and marked, so the next page takes them back in one read', async () => {
    const local = fakeLocalStorage();
    // Left unmarked: only the daily walk finds them, and this start's walk counts as done.
    local.setItem('hark:outbox:left', JSON.stringify({ record: { id: 'left' } }));
    const factory = new IDBFactory();
    const first = await opened({ primary: () => openIdbStorage({ factory }), load: () => Promise.reject(new Error('offline')), local });
    expect(first.errors).toHaveLength(1);
    expect(outboxKeys(local)).toEqual(['hark:outbox:left']);
    first.storage.close();

    const load = vi.fn(() => Promise.resolve(resilientStorage));
    const next = await opened({ primary: () => openIdbStorage({ factory }), load, local });
    expect(load).toHaveBeenCalledTimes(1);
    expect(outboxKeys(local)).toEqual([]);
    expect(await next.storage.outbox.get('left')).toEqual({ record: { id: 'left' } });
    next.storage.close();
  });

  it('a chain that never comes holds the start no longer than an open may take', async () => {
    const { storage, errors } = await opened({ primary: () => Promise.reject(new DOMException('blocked', 'UnknownError')), load: () => new Promise<never>(() => undefined), local: fakeLocalStorage(), timeoutMs: 50 });
    expect(storage.kind).toBe('memory');
    expect(errors).toEqual([expect.objectContaining({ message: 'the storage fallbacks did not come within 50 ms' })]);
  });
});

describe('reading an area whole (readWhole)', () => {
  it('IndexedDB reads it in two requests, with no cursor', async () => {
    const storage = await openIdbStorage({ factory: new IDBFactory() });
    for (const key of ['b', 'a']) await storage.meta.set(key, key);
    const cursors = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    expect(await storage.meta.entries()).toEqual([['a', 'a'], ['b', 'b']]);
    expect(cursors).not.toHaveBeenCalled();
    storage.close();
  });

  const backends: Array<[string, () => Promise<HarkStorage>]> = [
    ['IndexedDB', () => openIdbStorage({ factory: new IDBFactory() })],
    ['localStorage', async () => createLocalStorageStorage(fakeLocalStorage())],
    ['memory', async () => createMemoryStorage()],
  ];
  it.each(backends)('%s: every entry in key order, as a scan visits them, with the same transaction’s own writes and deletes', async (_name, open) => {
    const storage = await open();
    for (const key of ['b', 'a', 'c', 'd']) await storage.meta.set(key, { key });
    const [scanned, read] = await storage.transaction('readwrite', async (tx) => {
      await tx.put('meta', 'aa', { key: 'aa' });
      await tx.delete('meta', 'c');
      const visited: Array<[string, unknown]> = [];
      await tx.scan('meta', (key, value) => void visited.push([key, value]));
      return [visited, await readWhole(tx, 'meta')];
    });
    expect(read).toEqual([
      ['a', { key: 'a' }],
      ['aa', { key: 'aa' }],
      ['b', { key: 'b' }],
      ['d', { key: 'd' }],
    ]);
    expect(read).toEqual(scanned);
    expect(await storage.meta.entries()).toEqual(read);
    expect(await storage.transaction('readonly', (tx) => readWhole(tx, 'dead'))).toEqual([]);
    storage.close();
  });
});
