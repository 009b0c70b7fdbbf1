import type { Platform } from '../platform/platform.js';
import type { HarkStorage } from '../storage/types.js';

/** Every seam core reaches the outside world through. Each has a browser default. */
export interface HarkEnvironment {
  /** The page: URL and history, events, visibility, network, other tabs, time. Default: `browserPlatform()`. */
  readonly platform: Platform;
  readonly fetch: typeof fetch;
  /** Uniform in [0, 1): jitter and sampling. */
  readonly random: () => number;
  /** A new record id (UUIDv7: sorts by creation time). */
  readonly uuid: () => string;
  /** Opens IndexedDB; a rejection or hang (twice) makes Hark fall back to localStorage, then memory, and report it. */
  readonly openStorage: () => Promise<HarkStorage>;
}
