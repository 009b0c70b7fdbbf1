import * as z from 'zod/mini';
import { DEFAULT_BACKOFF, RETRY_AFTER_MAX_MS, type BackoffOptions } from '../transport/retry';
import { DEFAULT_TIMEOUT_MS } from '../transport/transport';

const positive = () => z.optional(z.number().check(z.positive()));
const count = () => z.optional(z.number().check(z.int(), z.positive()));

/** `init({ delivery })`: every delivery default can be changed here. */
export const DeliveryConfigSchema = z.strictObject({
  /** Records per request. Default 20. */
  batchSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  /** Bytes of records per request; under 64 KB so a batch can go out with `keepalive`. Default 60 000. */
  maxBatchBytes: z.optional(z.number().check(z.int(), z.gte(1024), z.lte(63_000))),
  /** Request timeout. Default 15 s. */
  timeoutMs: positive(),
  /** First retry waits about this long. Default 2 s. */
  backoffBaseMs: positive(),
  /** No backoff wait is longer. Default 5 min. */
  backoffCapMs: positive(),
  /** Records older than this, after at least 3 attempts, are dead-lettered. Default 30 days. */
  expiryDays: positive(),
  /** Live records the queue may hold; a new answer beyond it is refused with `queue_full`. Default 1 000. */
  maxRecords: count(),
  /** Bytes the queue may hold. Default 5 MB. */
  maxBytes: count(),
  /** How long a tab owns the records it is sending; must exceed `timeoutMs`. Default 30 s. */
  leaseMs: positive(),
  /** How long the page-hide send owns its records, long enough for the browser to finish it after the page is gone. Default 60 s. */
  hideLeaseMs: positive(),
});

/** The delivery options as written in config. */
export type DeliveryConfig = z.infer<typeof DeliveryConfigSchema>;

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
}

/** Every delivery setting, defaults filled in. */
export interface DeliverySettings extends OutboxLimits {
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly leaseMs: number;
  /** Lease taken for the send on page hide, long enough for the browser to finish it. */
  readonly hideLeaseMs: number;
}

/** Records per request by default. */
export const DEFAULT_BATCH_SIZE = 20;
/** Bytes per request by default. */
export const DEFAULT_MAX_BATCH_BYTES = 60_000;
const DAY_MS = 86_400_000;

/** Fills in the defaults. `batchSize` may also come from the top-level config, as before. */
export function deliverySettings(config: DeliveryConfig = {}, topLevelBatchSize?: number): DeliverySettings {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backoff = { baseMs: config.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: config.backoffCapMs ?? DEFAULT_BACKOFF.capMs };
  const leaseMs = config.leaseMs ?? Math.max(30_000, timeoutMs + 15_000);
  const hideLeaseMs = config.hideLeaseMs ?? Math.max(60_000, leaseMs);
  return {
    batchSize: config.batchSize ?? topLevelBatchSize ?? DEFAULT_BATCH_SIZE,
    maxBatchBytes: config.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    timeoutMs,
    backoff,
    leaseMs,
    hideLeaseMs,
    maxRecords: config.maxRecords ?? 1000,
    maxBytes: config.maxBytes ?? 5_000_000,
    expiryMs: (config.expiryDays ?? 30) * DAY_MS,
    minAttemptsBeforeExpiry: 3,
    maxLeaseMs: Math.max(hideLeaseMs, leaseMs),
    maxWaitMs: Math.max(backoff.capMs, RETRY_AFTER_MAX_MS, 60_000),
  };
}
