import * as z from 'zod/mini';
import { BEFORE_SEND_MESSAGE, ENDPOINT_MESSAGE, HEADERS_MESSAGE, SURVEYS_URL_MESSAGE, isEndpoint, isFunction } from './refinements.js';
import type { DELIVERY_DEFAULTS } from '../defaults.js';
import type { Survey } from './survey.js';
import type { WireRecord } from './wire.js';

// The config's contract. `init()` checks it with CONFIG_CHECK, derived from it (checks.generated.ts).

const positive = () => z.optional(z.number().check(z.positive()));
const count = () => z.optional(z.number().check(z.int(), z.positive()));

/** `init({ delivery })`: every delivery default ({@link DELIVERY_DEFAULTS}) can be changed here. */
export const DeliveryConfigSchema = z.strictObject({
  /** Records per request. Default: {@link DELIVERY_DEFAULTS}. */
  batchSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  /** Bytes of records per request; under 64 KB so a batch can go out with `keepalive`. Default: {@link DELIVERY_DEFAULTS}. */
  maxBatchBytes: z.optional(z.number().check(z.int(), z.gte(1024), z.lte(63_000))),
  /** The first request's timeout; each request that times out doubles it, up to `timeoutCapMs`. Default: {@link DELIVERY_DEFAULTS}. */
  timeoutMs: positive(),
  /** The longest a request waits for an answer, however slow the endpoint has been. Default: {@link DELIVERY_DEFAULTS}. */
  timeoutCapMs: positive(),
  /** How long `surveysUrl` may take; then the surveys in `surveys` start without it (cached ones, if any, are used). Default: {@link DELIVERY_DEFAULTS}. */
  surveysTimeoutMs: positive(),
  /** First retry waits about this long. Default: {@link DELIVERY_DEFAULTS}. */
  backoffBaseMs: positive(),
  /** No backoff wait is longer. Default: {@link DELIVERY_DEFAULTS}. */
  backoffCapMs: positive(),
  /** Records older than this, after at least 3 attempts, are dead-lettered. Default: {@link DELIVERY_DEFAULTS}. */
  expiryDays: positive(),
  /** Live records the queue may hold; a new answer beyond it is refused with `queue_full`. Default: {@link DELIVERY_DEFAULTS}. */
  maxRecords: count(),
  /** Bytes the queue may hold. Default: {@link DELIVERY_DEFAULTS}. */
  maxBytes: count(),
  /** How long a tab owns the records it is sending; must exceed `timeoutMs`, and grows by as much as the timeout has. Default: {@link DELIVERY_DEFAULTS}. */
  leaseMs: positive(),
  /** How long the page-hide send owns its records, long enough for the browser to finish it after the page is gone. Default: {@link DELIVERY_DEFAULTS}. */
  hideLeaseMs: positive(),
  /**
   * How long a chosen score is held back from delivery while the follow-up
   * may still add a comment; a tab that closes or navigates away releases it
   * at once where Web Locks exist. Default: {@link DELIVERY_DEFAULTS}.
   */
  holdMs: positive(),
});

/** The delivery options as written in config. */
export type DeliveryConfig = z.infer<typeof DeliveryConfigSchema>;

/** Request headers for the endpoint, such as an API key. */
export type RequestHeaders = Readonly<Record<string, string>>;

/**
 * `init({ headers })`: fixed headers, or a function Hark calls before each
 * send, so a rotated token is picked up without a reload. Return the headers
 * synchronously when you can: the send as the page closes starts at once and
 * cannot wait for a promise (its records then stay queued for the next page).
 */
export type HeadersOption = RequestHeaders | (() => RequestHeaders | PromiseLike<RequestHeaders>);

const UserSchema = z.strictObject({
  id: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(512)))),
  attributes: z.optional(z.record(z.string(), z.unknown())),
});

/** Where the prompt sits on the page. */
export const PositionSchema = z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center']);

/** `init(config)`'s options. Surveys are validated one by one so an error names the survey. */
export const ConfigSchema = z.strictObject({
  endpoint: z.string().check(z.refine(isEndpoint, ENDPOINT_MESSAGE)),
  headers: z.optional(z.union([z.record(z.string(), z.string()), z.custom<() => RequestHeaders | PromiseLike<RequestHeaders>>(isFunction, HEADERS_MESSAGE)])),
  surveys: z.optional(z.array(z.unknown())),
  surveysUrl: z.optional(z.string().check(z.refine(isEndpoint, SURVEYS_URL_MESSAGE))),
  recontactDays: z.optional(z.number().check(z.nonnegative())),
  consent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  beforeSend: z.optional(
    z.custom<(record: WireRecord) => WireRecord | null | undefined>(isFunction, BEFORE_SEND_MESSAGE),
  ),
  user: z.optional(UserSchema),
  locale: z.optional(z.string().check(z.minLength(2), z.maxLength(35))),
  position: z.optional(PositionSchema),
  theme: z.optional(z.record(z.string(), z.string())),
  storage: z.optional(z.enum(['indexeddb', 'memory'])),
  batchSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  delivery: z.optional(DeliveryConfigSchema),
  debug: z.optional(z.boolean()),
});

type RawConfig = z.infer<typeof ConfigSchema>;

/** A validated config, surveys included. */
export type HarkConfig = Omit<RawConfig, 'surveys'> & { readonly surveys: readonly Survey[] };

/**
 * What `createClient` accepts at runtime: the same shape, with surveys not yet
 * validated (each is checked on its own, so an error names the survey).
 */
export type HarkConfigInput = Omit<RawConfig, 'surveys'> & { surveys?: readonly unknown[] };

/**
 * The config as an app writes it (`hark.init`, `<HarkProvider config>`):
 * {@link HarkConfigInput} with its surveys typed, so a wrong `kind`, trigger
 * or field is a compile error. They are still checked at runtime.
 */
export type HarkInitConfig = Omit<HarkConfigInput, 'surveys'> & { readonly surveys?: readonly Survey[] };

