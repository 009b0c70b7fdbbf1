// Every default value Hark uses, in one place: the code reads them from here, JSDoc links here, and
// the README's tables of defaults are checked against this file (packages/core/test/defaults.test.ts).

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** One day in milliseconds: the unit of every `…Days` setting. */
export const DAY_MS = 86_400_000;

/** `init({ delivery })`: each value is what an unset option means. */
export const DELIVERY_DEFAULTS = {
  /** Records per request. */
  batchSize: 20,
  /** Bytes per request, so a batch also fits `fetch(…, { keepalive: true })`. */
  maxBatchBytes: 60_000,
  /** The first send's timeout; each send that times out doubles it, up to `timeoutCapMs`. */
  timeoutMs: 15 * SECOND,
  /** The longest a send waits for an answer, however slow the endpoint has been. */
  timeoutCapMs: 60 * SECOND,
  /** How long `surveysUrl` may take before the config's surveys start without it. */
  surveysTimeoutMs: 5 * SECOND,
  /** The first retry's wait; each failure doubles it (with jitter), up to `backoffCapMs`. */
  backoffBaseMs: 2 * SECOND,
  backoffCapMs: 5 * MINUTE,
  /** A send's lease on its records; at least `timeoutMs` + `LEASE_MARGIN_MS`. */
  leaseMs: 30 * SECOND,
  /** The page-hide send's lease; never shorter than a send's own. */
  hideLeaseMs: 60 * SECOND,
  /** How long a chosen score waits for its follow-up comment. */
  holdMs: 5 * MINUTE,
  /** A record still unsent after this many days (and `MIN_ATTEMPTS_BEFORE_EXPIRY` attempts online) is dead-lettered. */
  expiryDays: 30,
  /** Queue limits: a new answer beyond them is refused with `queue_full`. */
  maxRecords: 1000,
  maxBytes: 5_000_000,
} as const;

/** How much longer than its timeout a send's lease lasts by default. */
export const LEASE_MARGIN_MS = 15 * SECOND;
/** Attempts (made online) a record gets before it can expire. */
export const MIN_ATTEMPTS_BEFORE_EXPIRY = 3;
/** A 429 without Retry-After waits at least this long. */
export const MIN_429_WAIT_MS = 60_000;
/** Retry-After is obeyed within these bounds. */
export const RETRY_AFTER_MIN_MS = SECOND;
export const RETRY_AFTER_MAX_MS = 60 * MINUTE;
/** Record bytes a page may have in flight with `keepalive` (browsers allow 64 KiB of bodies; the rest is for envelopes). */
export const KEEPALIVE_BYTES = 63_000;
/** A tab refused the drain lock checks again after this long, in case the holder's nudge is lost. */
export const LOCK_RETRY_MS = 2 * SECOND;

/** A survey's `frequency` and the config's `recontactDays`: each value is what an unset option means. */
export const FREQUENCY_DEFAULTS = {
  /** Days after "Close" before a survey may show again. */
  dismissCooldownDays: 30,
  /** Days after an ignored prompt before it may show again… */
  ignoredCooldownDays: 1,
  /** …until it has been ignored this many times. */
  maxIgnored: 3,
  /** `recontactDays`: days after any floating prompt before another may show. */
  recontactDays: 14,
} as const;

/**
 * An `open` impression older than this is treated as ignored: its tab was
 * closed or crashed before it could say so. Until then it counts as on screen,
 * which keeps a second tab from showing a prompt at the same time.
 */
export const OPEN_IMPRESSION_TTL_MS = 10 * MINUTE;

/** Storage: IndexedDB's database and the prefix of every localStorage key Hark writes (`hark:<area>:<id>`). */
export const STORAGE_NAMES = { database: 'hark', localStoragePrefix: 'hark:' } as const;
/** IndexedDB that takes longer than this to open counts as failed (it is tried once more, then the fallbacks). */
export const IDB_OPEN_TIMEOUT_MS = 3 * SECOND;
/** `surveysUrl`'s answer is kept this long unless the server says `no-cache`. */
export const SURVEYS_SESSION_MS = 30 * MINUTE;

/** While the user types or a host dialog is open, a due prompt re-checks this often. */
export const BUSY_POLL_MS = 500;
/** A key press this recent, in a focused text field, means the user is still typing. */
export const TYPING_IDLE_MS = 1500;
/** `time` triggers count time on the page in steps of this length. */
export const TIME_TICK_MS = SECOND;
/** Signals kept while Hark starts or waits for consent; older ones are dropped. */
export const MAX_HELD_SIGNALS = 100;
