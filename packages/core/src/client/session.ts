import type { DeadLetter } from '../delivery/entry.js';
import type { HarkEnvironment } from './environment.js';
import { HarkError, messageOf } from '../errors.js';
import { createDisplayHistory, type DisplayHistory } from '../eligibility/displayHistory.js';
import type { HarkConfig } from '../schema/config.js';
import { createMemoryStorage } from '../storage/memoryStorage.js';
import type { StorageOpenOptions } from '../storage/durableStorage.js';
import { readWhole, type HarkStorage, type StorageMode } from '../storage/types.js';

/**
 * The storage a client uses, with the way back to IndexedDB when it fell back;
 * `volatile` while answers are kept in memory only because every durable store refused them.
 */
export type ClientStorage = HarkStorage & { recover?(): Promise<boolean>; readonly volatile?: boolean };

/** What a client opens before it starts: storage, the anonymous id and the display history. */
export interface Session {
  readonly storage: Promise<ClientStorage>;
  readonly history: DisplayHistory;
  /** Resolves once the anonymous id and the history are loaded (or given up on, reported). */
  readonly ready: Promise<void>;
  /** The device's anonymous id; empty until `ready`. */
  anonymousId(): string;
  /**
   * From `ready` on: true when the start found work for the delivery code:
   * records in the outbox (an earlier page's, or another open tab's) or dead
   * letters no page has reported yet; false on a first visit and when there
   * were none. True when storage could not be read.
   */
  queued(): boolean;
  /** Logout: forgets `previousKey`'s display history and starts a new anonymous id. */
  renew(previousKey: string): Promise<void>;
}

/** What `openSession` needs: the validated config, the environment, the page and where faults go. */
export interface SessionOptions {
  /** `storage: 'memory'` skips IndexedDB and localStorage. */
  readonly config: HarkConfig;
  /** Opens IndexedDB; also the clock, localStorage and new ids. */
  readonly env: HarkEnvironment;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
  /** Called once, when `ready` is about to resolve. */
  readonly onReady: (storage: StorageMode) => void;
  /** Runs `open` once the client starts: until then nothing is opened (a lazy client before its first mount). */
  readonly afterStart: (open: () => void) => void;
  /** Opens IndexedDB and its fallbacks: the boot code's, which fetches them on need, or a bundled client's. */
  readonly openDurable: StorageOpener;
}

/** How a client opens durable storage: the boot code's fetches the fallbacks on need (and reports a failed fetch), a bundled client's has them. */
export type StorageOpener = (options: StorageOpenOptions, report: (error: unknown) => void) => Promise<ClientStorage>;

const ANONYMOUS_ID = 'anonymousId';

/** IndexedDB, else localStorage, else memory (each step reported); `storage: 'memory'` skips the first two. */
function openStorage({ config, env, report, openDurable }: SessionOptions): Promise<ClientStorage> {
  if (config.storage === 'memory') return Promise.resolve(createMemoryStorage());
  const options: StorageOpenOptions = {
    openPrimary: env.openStorage,
    localStorage: env.platform.localStorage,
    clock: env.platform,
    onChange: (mode, cause, from) => {
      if (mode === 'indexeddb') return;
      const where = mode === 'localstorage' ? 'localStorage until IndexedDB works again' : 'memory for this page only, and an answer is sent at once';
      report(new HarkError('storage_unavailable', `${from === 'localstorage' ? 'localStorage' : 'IndexedDB'} failed (${messageOf(cause)}); answers are kept in ${where}`, { cause }));
    },
  };
  return openDurable(options, report);
}

/**
 * The meta area's entries, and whether the delivery code has work (queued records, or a dead letter
 * whose page died or was destroyed before reporting it: `reported: false`), in one read-only transaction.
 */
const readStart = (storage: HarkStorage) =>
  storage.transaction('readonly', (tx) =>
    Promise.all([
      readWhole(tx, 'meta'),
      tx.count('outbox'),
      readWhole<DeadLetter | null>(tx, 'dead').then((dead) => dead.some(([, letter]) => letter?.reported === false)),
    ]),
  );

/** Opens the session; nothing in it rejects: failures are reported and a fallback is used. */
export function openSession(options: SessionOptions): Session {
  const { env, report, afterStart } = options;
  const storage = new Promise<ClientStorage>((resolve) => afterStart(() => resolve(openStorage(options))));
  const meta = () => storage.then((opened) => opened.meta);
  const history = createDisplayHistory(meta(), (fn) => env.platform.channel('hark-history', fn), report);
  let anonymousId = '';
  let queued = true;
  const ready = storage.then(async (opened) => {
    const created = opened.created === true;
    try {
      // One read for everything the start needs: the anonymous id, the display history and whether an earlier
      // page left records to send; none when the database was just created, as on a first visit, where it can only be empty.
      const [stored, waiting, unreported] = created ? [[], 0, false] : await readStart(opened);
      queued = waiting > 0 || unreported;
      anonymousId = (stored.find(([key]) => key === ANONYMOUS_ID)?.[1] as string | undefined) ?? '';
      if (!anonymousId) {
        anonymousId = env.uuid();
        // Not awaited: the id is in memory from now on, and the prompt need not wait for a write.
        opened.meta.set(ANONYMOUS_ID, anonymousId).catch(report);
      }
      await history.load(stored);
    } catch (error) {
      anonymousId ||= env.uuid();
      report(error);
    }
    options.onReady(opened.kind);
  });
  return {
    storage,
    history,
    ready,
    anonymousId: () => anonymousId,
    queued: () => queued,
    async renew(previousKey) {
      anonymousId = env.uuid();
      try {
        await history.clear(previousKey);
        await (await meta()).set(ANONYMOUS_ID, anonymousId);
      } catch (error) {
        report(error);
      }
    },
  };
}
