import type { WireRecord } from '@hark/core/schema';

/** The breakdowns every record is counted under, besides one per user attribute (`attr:<key>`). */
export const BUILT_IN_DIMENSIONS = ['locale', 'path', 'trigger'] as const;
/** A dimension: a built-in one or `attr:<key>`. */
export type Dimension = string;
/** Attribute keys counted per record, in the record's order: enough for plan, role, region…, bounded whatever a client sends. */
export const MAX_ATTRIBUTE_DIMENSIONS = 10;
/** Longest value kept (longer ones are cut), so a key's values stay a short list. */
export const MAX_DIMENSION_VALUE = 100;
/** What a record without the value is counted under. */
export const NONE = '(none)';

const MAX_KEY = 64;

/** Whether `dim` names a user attribute, and which. */
export const attributeKey = (dim: string): string | null => (dim.startsWith('attr:') ? dim.slice(5) : null);

/**
 * A page path with its ids folded (`/orders/8812/edit` → `/orders/:id/edit`),
 * so a breakdown by page lists pages, not one row per order. A segment is an
 * id when it is all digits, a UUID, or a long run of letters and digits with a
 * digit in it. The query string and fragment are left out (they can carry
 * personal data, and they would split pages).
 */
export function pagePath(url: string | undefined): string {
  if (!url) return NONE;
  let path: string;
  try {
    path = new URL(url, 'http://x.invalid').pathname;
  } catch {
    return NONE;
  }
  const segments = path
    .split('/')
    .slice(1, 9)
    .map((segment) => (/^\d+$/.test(segment) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || (segment.length >= 12 && /\d/.test(segment) && /^[\w-]+$/.test(segment)) ? ':id' : segment));
  return `/${segments.join('/')}`.slice(0, MAX_DIMENSION_VALUE);
}

/** A record's `trigger` in words: `event: checkout_completed`, `pageview`, `click: #export`, `scroll: 70%`, `time: 15 s`, `show()`, `inline`. */
export function triggerName(trigger: Record<string, unknown> | undefined): string {
  if (!trigger) return NONE;
  const text = (value: unknown) => String(value).slice(0, MAX_DIMENSION_VALUE - 10);
  if (typeof trigger.event === 'string') return `event: ${text(trigger.event)}`;
  if (trigger.manual === true) return 'show()';
  if (trigger.inline === true) return 'inline';
  switch (trigger.on) {
    case 'click':
      return `click: ${text(trigger.selector)}`;
    case 'scroll':
      return `scroll: ${text(trigger.percent)}%`;
    case 'time':
      return `time: ${text(trigger.seconds)} s`;
    case undefined:
      return NONE;
    default:
      return text(trigger.on);
  }
}

/** Every dimension a record is counted under, with its value: locale, page path, trigger, and up to ten scalar attributes. */
export function dimensionsOf(record: WireRecord): Array<[Dimension, string]> {
  const found: Array<[Dimension, string]> = [
    ['locale', (record.context?.locale ?? NONE).slice(0, MAX_DIMENSION_VALUE)],
    ['path', pagePath(record.context?.url)],
    ['trigger', triggerName(record.trigger)],
  ];
  let attributes = 0;
  for (const [key, value] of Object.entries(record.attributes ?? {})) {
    if (attributes >= MAX_ATTRIBUTE_DIMENSIONS) break;
    if (key.length > MAX_KEY || !['string', 'number', 'boolean'].includes(typeof value)) continue;
    found.push([`attr:${key}`, String(value).slice(0, MAX_DIMENSION_VALUE)]);
    attributes++;
  }
  return found;
}
