import type { Platform } from '../platform/platform.js';
import type { HarkStorage } from '../storage/types.js';

/** The code that stores and sends records (`@hark/core/delivery`): loaded when a prompt or a send first needs it. */
export type DeliveryModule = typeof import('../delivery/index.js');

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
  /**
   * Fetches the delivery code when the first record is written or a send is
   * asked for, or at start when an earlier page may have left records. A
   * rejection is reported and the next need asks again. `@hark/core` wires
   * the module it bundles at once; the script tag fetches `hark-delivery.min.js`
   * beside its UI chunk, which waits for it.
   */
  readonly loadDelivery: () => Promise<DeliveryModule>;
}
