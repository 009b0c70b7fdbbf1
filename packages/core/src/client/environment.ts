import type { Questions } from '../i18n/english.js';
import type { Language } from '../i18n/languages.js';
import type { Platform } from '../platform/platform.js';
import type { HarkStorage } from '../storage/types.js';

/** The code that stores and sends records (`@hark/core/delivery`): loaded when a prompt or a send first needs it. */
export type DeliveryModule = typeof import('../delivery/index.js');

/** That code without the default questions, for a client whose `loadQuestions` brings them (the script tag's language files do). */
export type DeliveryCode = Omit<DeliveryModule, 'questionsIn'>;

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
   * Fetches the delivery code when the first record is written (a prompt's
   * `shown`, once it is on screen) or a send is asked for, or at start when
   * the outbox holds records an earlier page left. A rejection is reported
   * and the next need asks again. `@hark/core` wires the module it bundles at
   * once; the script tag injects `hark-delivery.min.js` (also once its UI
   * chunk's first frame is painted).
   */
  readonly loadDelivery: () => Promise<DeliveryModule>;
  /**
   * Fetches the default questions in a language other than English, for a
   * prompt without a question of its own; the prompt waits for them. A
   * rejection makes that prompt ask in English, unreported here: whatever
   * fetched the file reports it. Default: the delivery code's `questionsIn`.
   * The script tag reads them from its language files, which a prompt in that
   * language loads for its strings anyway.
   */
  readonly loadQuestions?: (language: Language) => Promise<Questions>;
}
