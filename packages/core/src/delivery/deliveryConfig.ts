import type { DeliveryConfig } from '../schema/config.js';
import { DAY_MS, DELIVERY_DEFAULTS as D, LEASE_MARGIN_MS, MIN_ATTEMPTS_BEFORE_EXPIRY, RETRY_AFTER_MAX_MS } from '../defaults.js';
import type { BackoffOptions } from './retry.js';

/** The outbox's limits. */
export interface OutboxLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxBatchBytes: number;
  readonly expiryMs: number;
  readonly minAttemptsBeforeExpiry: number;
  /** The longest lease any tab takes; a longer one means the clock went back. */
  readonly maxLeaseMs: number;
  /** The longest wait Hark ever sets; a later `nextAttemptAt` means the clock went back. */
  readonly maxWaitMs: number;
  /** How long a chosen score is held for its comment; a later `heldUntil` means the clock went back. */
  readonly holdMs: number;
}

/** Every delivery setting, defaults filled in. */
export interface DeliverySettings extends OutboxLimits {
  readonly batchSize: number;
  /** The first send's timeout; each send that times out doubles it, up to `timeoutCapMs`. */
  readonly timeoutMs: number;
  readonly timeoutCapMs: number;
  /** How long `surveysUrl` may take before the config's surveys start without it. */
  readonly surveysTimeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly leaseMs: number;
  /** Lease taken for the send on page hide, long enough for the browser to finish it (and never shorter than the send's own lease). */
  readonly hideLeaseMs: number;
}

/** Fills in the defaults ({@link DELIVERY_DEFAULTS}). `batchSize` may also come from the top-level config. */
export function deliverySettings(config: DeliveryConfig = {}, topLevelBatchSize?: number): DeliverySettings {
  const timeoutMs = config.timeoutMs ?? D.timeoutMs;
  const timeoutCapMs = Math.max(timeoutMs, config.timeoutCapMs ?? D.timeoutCapMs);
  const backoff = { baseMs: config.backoffBaseMs ?? D.backoffBaseMs, capMs: config.backoffCapMs ?? D.backoffCapMs };
  const leaseMs = config.leaseMs ?? Math.max(D.leaseMs, timeoutMs + LEASE_MARGIN_MS);
  const hideLeaseMs = config.hideLeaseMs ?? Math.max(D.hideLeaseMs, leaseMs);
  return {
    batchSize: config.batchSize ?? topLevelBatchSize ?? D.batchSize,
    maxBatchBytes: config.maxBatchBytes ?? D.maxBatchBytes,
    timeoutMs,
    timeoutCapMs,
    surveysTimeoutMs: config.surveysTimeoutMs ?? D.surveysTimeoutMs,
    backoff,
    leaseMs,
    hideLeaseMs,
    maxRecords: config.maxRecords ?? D.maxRecords,
    maxBytes: config.maxBytes ?? D.maxBytes,
    expiryMs: (config.expiryDays ?? D.expiryDays) * DAY_MS,
    minAttemptsBeforeExpiry: MIN_ATTEMPTS_BEFORE_EXPIRY,
    maxLeaseMs: Math.max(hideLeaseMs, Math.max(leaseMs, timeoutMs) + timeoutCapMs - timeoutMs),
    maxWaitMs: Math.max(backoff.capMs, RETRY_AFTER_MAX_MS, 60_000),
    holdMs: config.holdMs ?? D.holdMs,
  };
}

/**
 * The lease for a send that may wait `timeoutMs` for its answer: `leaseMs`
 * (never shorter than the first timeout), lengthened by as much as the
 * timeout has grown, so a slow send still holds its records when another tab
 * looks. The page-hide send takes at least `hideLeaseMs`.
 */
export const leaseFor = (settings: DeliverySettings, timeoutMs: number, hide?: boolean): number =>
  Math.max(hide ? settings.hideLeaseMs : 0, Math.max(settings.leaseMs, settings.timeoutMs) + timeoutMs - settings.timeoutMs);
