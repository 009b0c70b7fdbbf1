import { any, arr, bool, custom, nullable, num, obj, oneOf, opt, rec, str, union, type Check } from './check.js';
import { BEFORE_SEND_MESSAGE, ENDPOINT_MESSAGE, HEADERS_MESSAGE, SURVEYS_URL_MESSAGE, isEndpoint, isFunction } from './refinements.js';

// The browser's mirror of ConfigSchema (config.ts) and DeliveryConfigSchema; a test holds them equal.

const positive = opt(num(false, 0, undefined, true));
const count = opt(num(true, 0, undefined, true));

/** Checks `init`'s config (surveys are checked one by one afterwards) as ConfigSchema does. */
export const CONFIG_CHECK: Check = obj({
  endpoint: str([], [isEndpoint, ENDPOINT_MESSAGE]),
  headers: opt(union([rec(str()), custom(isFunction, HEADERS_MESSAGE)])),
  surveys: opt(arr(any)),
  surveysUrl: opt(str([], [isEndpoint, SURVEYS_URL_MESSAGE])),
  recontactDays: opt(num(false, 0)),
  consent: opt(bool),
  respectDoNotTrack: opt(bool),
  beforeSend: opt(custom(isFunction, BEFORE_SEND_MESSAGE)),
  user: opt(obj({ id: opt(nullable(str([1, 512]))), attributes: opt(rec(any)) })),
  locale: opt(str([2, 35])),
  position: opt(oneOf(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'])),
  theme: opt(rec(str())),
  storage: opt(oneOf(['indexeddb', 'memory'])),
  batchSize: opt(num(true, 1, 100)),
  delivery: opt(
    obj({
      batchSize: opt(num(true, 1, 100)),
      maxBatchBytes: opt(num(true, 1024, 63_000)),
      timeoutMs: positive,
      timeoutCapMs: positive,
      surveysTimeoutMs: positive,
      backoffBaseMs: positive,
      backoffCapMs: positive,
      expiryDays: positive,
      maxRecords: count,
      maxBytes: count,
      leaseMs: positive,
      hideLeaseMs: positive,
      holdMs: positive,
    }),
  ),
  debug: opt(bool),
});
