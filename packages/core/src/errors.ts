/**
 * Every fault Hark reports has one of these codes, so a host app can branch on
 * `error.code` instead of parsing messages.
 */
export type HarkErrorCode =
  | 'invalid_config'
  | 'invalid_survey'
  | 'invalid_answer'
  | 'invalid_argument'
  | 'unknown_survey'
  | 'no_active_prompt'
  | 'not_initialized'
  | 'destroyed'
  | 'storage_unavailable'
  | 'surveys_unavailable'
  | 'ui_unavailable'
  | 'storage_failed'
  | 'delivery_failed'
  | 'delivery_rejected'
  | 'delivery_paused'
  | 'slow_endpoint'
  | 'queue_full'
  | 'comment_dropped'
  | 'internal';

/** What every HarkError carries, from whichever copy of the class: a shared registry symbol. */
const BRAND: unique symbol = Symbol.for('hark.error') as never;

/** A typed, actionable error. `field` names the offending input when there is one. */
export class HarkError extends Error {
  /**
   * True for a HarkError made by any copy of this class: the script tag's
   * boot file and UI chunk each carry one, and an app's bundle may hold a third.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (value as { [BRAND]?: unknown } | null | undefined)?.[BRAND] === true;
  }

  get [BRAND](): true {
    return true;
  }

  /** Machine-readable reason. */
  readonly code: HarkErrorCode;
  /** Dotted path of the offending input, e.g. `surveys[0].triggers[0].on`. */
  readonly field: string | undefined;
  /** Extra data: the records concerned, the HTTP status, the zod issues. */
  readonly details: unknown;

  /**
   * Production builds pass an empty `message` (their diagnostics are left
   * out, see build/rollupConfig.mjs); the message is then the code and the field.
   */
  constructor(code: HarkErrorCode, message: string, options: { field?: string; details?: unknown; cause?: unknown } = {}) {
    super(`[hark] ${message || code + (options.field ? ` (${options.field})` : '')}`);
    this.name = 'HarkError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/**
 * What was thrown, in words, never empty. A DOMException is named
 * (`QuotaExceededError: …`): browsers often give storage failures an empty
 * message, and the name is what says the disk is full.
 */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const name = typeof DOMException === 'function' && error instanceof DOMException ? error.name : '';
  return (name && !text.includes(name) ? (text ? `${name}: ${text}` : name) : text) || `${(error as Error | null)?.name || 'an error'} without a message`;
}

/**
 * Wraps anything thrown into a HarkError, keeping the original as `cause`. A
 * DOMException that gets this far came from storage (IndexedDB or localStorage
 * refusing a write): `storage_failed`.
 */
export function toHarkError(error: unknown, code: HarkErrorCode = 'internal'): HarkError {
  if (error instanceof HarkError) return error;
  const storage = typeof DOMException === 'function' && error instanceof DOMException;
  return new HarkError(storage ? 'storage_failed' : code, storage ? `storage failed: ${messageOf(error)}` : messageOf(error), { cause: error });
}
