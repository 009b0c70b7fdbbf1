import type { WireRecord } from '@hark/core/schema';

/**
 * Which answers a webhook hears about, one rule per match:
 * `low` (NPS detractors and the low band of CSAT and CES), `comment` (any
 * answer with a comment), `any` (every answer), and `nps<=N`, `csat<=N`,
 * `ces<=N` (that kind, scored at most N). Written loosely (`NPS ≤ 6`) they
 * are read the same.
 */
export type AlertRule = string;

/** What a webhook hears about when no rules are given: detractors and low scores. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = ['low'];

const THRESHOLD = /^(nps|csat|ces)<=(-?\d{1,4})$/;

/** A rule in its one spelling (`NPS ≤ 6` → `nps<=6`), or null when it is not a rule. */
export function normaliseRule(text: string): AlertRule | null {
  const rule = text.toLowerCase().replace(/\s+/g, '').replace(/≤/g, '<=');
  return rule === 'low' || rule === 'comment' || rule === 'any' || THRESHOLD.test(rule) ? rule : null;
}

/** Reads a comma-separated list of rules; throws an error naming the first one that is not a rule. Empty: the default. */
export function parseAlertRules(text: string | readonly string[]): AlertRule[] {
  const items = (typeof text === 'string' ? text.split(',') : text).map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) return [...DEFAULT_ALERT_RULES];
  const rules = items.map((item) => {
    const rule = normaliseRule(item);
    if (!rule) throw new Error(`"${item.slice(0, 40)}" is not a webhook rule: use low, comment, any, or nps<=N, csat<=N, ces<=N`);
    return rule;
  });
  return [...new Set(rules)];
}

/** The rules an answer matches (events match none). */
export function matchingRules(rules: readonly AlertRule[], record: WireRecord): AlertRule[] {
  if (record.type !== 'response') return [];
  return rules.filter((rule) => {
    if (rule === 'any') return true;
    if (rule === 'low') return record.category === 'detractor' || record.category === 'low';
    if (rule === 'comment') return Boolean(record.comment?.trim());
    const [, kind, max] = THRESHOLD.exec(rule) ?? [];
    return record.kind === kind && record.score <= Number(max);
  });
}

/** A rule in words, for pages: `NPS ≤ 6`, `detractors and low scores`. */
export function describeRule(rule: AlertRule): string {
  if (rule === 'low') return 'detractors and low scores';
  if (rule === 'comment') return 'any comment';
  if (rule === 'any') return 'every answer';
  const [, kind, max] = THRESHOLD.exec(rule) ?? [];
  return kind ? `${kind.toUpperCase()} ≤ ${max}` : rule;
}
