import type { DeliveryConfig } from '../schema/config.js';
import { DEFAULT_BACKOFF, RETRY_AFTER_MAX_MS, type BackoffOptions } from './retry.js';
import { DEFAULT_TIMEOUT_MS } from './transport.js';

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

/** The longest a send waits for an answer by default, however slow the endpoint has been. */
export const DEFAULT_TIMEOUT_CAP_MS = 60_000;
/** How long `surveysUrl` may take by default. */
export const DEFAULT_SURVEYS_TIMEOUT_MS = 5000;
/** Records per request by default. */
export const DEFAULT_BATCH_SIZE = 20;
/** Default `delivery.holdMs`: how long a chosen score waits for its follow-up comment. */
export const DEFAULT_HOLD_MS = 5 * 60_000;
/** Bytes per request by default. */
export const DEFAULT_MAX_BATCH_BYTES = 60_000;
const DAY_MS = 86_400_000;

/** Fills in the defaults. `batchSize` may also come from the top-level config. */
export function deliverySettings(config: DeliveryConfig = {}, topLevelBatchSize?: number): DeliverySettings {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutCapMs = Math.max(timeoutMs, config.timeoutCapMs ?? DEFAULT_TIMEOUT_CAP_MS);
  const backoff = { baseMs: config.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: config.backoffCapMs ?? DEFAULT_BACKOFF.capMs };
  const leaseMs = config.leaseMs ?? Math.max(30_000, timeoutMs + 15_000);
  const hideLeaseMs = config.hideLeaseMs ?? Math.max(60_000, leaseMs);
  return {
    batchSize: config.batchSize ?? topLevelBatchSize ?? DEFAULT_BATCH_SIZE,
    maxBatchBytes: config.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    timeoutMs,
    timeoutCapMs,
    surveysTimeoutMs: config.surveysTimeoutMs ?? DEFAULT_SURVEYS_TIMEOUT_MS,
    backoff,
    leaseMs,
    hideLeaseMs,
    maxRecords: config.maxRecords ?? 1000,
    maxBytes: config.maxBytes ?? 5_000_000,
    expiryMs: (config.expiryDays ?? 30) * DAY_MS,
    minAttemptsBeforeExpiry: 3,
    maxLeaseMs: Math.max(hideLeaseMs, Math.max(leaseMs, timeoutMs) + timeoutCapMs - timeoutMs),
    maxWaitMs: Math.max(backoff.capMs, RETRY_AFTER_MAX_MS, 60_000),
    holdMs: config.holdMs ?? DEFAULT_HOLD_MS,
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
