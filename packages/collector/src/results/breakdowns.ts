import type { Scale, SurveyKind } from '@hark/core/schema';
import { attributeKey, BUILT_IN_DIMENSIONS } from '../store/dimensions.js';
import type { DimensionGroup } from '../store/types.js';
import { distributionOf, onScale, scored, type Scored } from './summary.js';

/** One value of a breakdown: its score with its interval, and its response rate. */
export interface BreakdownRow extends Scored {
  /** The value (`pro`, `en-US`, `/checkout`, `event: checkout_completed`), or `Other` for the rest. */
  readonly value: string;
  /** How many values the `Other` row holds (0 for a real value). */
  readonly folded: number;
  readonly shown: number;
  /** Every answer with this value, on any scale. */
  readonly answered: number;
  /** answered / shown, 0..1; `null` without a recorded `shown`. */
  readonly responseRate: number | null;
}

/** A survey's answers split by one dimension. */
export interface Breakdown {
  readonly dim: string;
  readonly rows: readonly BreakdownRow[];
}

/** Values shown one by one; the rest are summed into "Other", so a key with thousands of values stays one screen. */
export const BREAKDOWN_TOP = 8;

/** A dimension in words: `plan (attribute)`, `Locale`, `Page`, `Trigger`. */
export function dimensionLabel(dim: string): string {
  const key = attributeKey(dim);
  if (key !== null) return `${key} (attribute)`;
  return dim === 'path' ? 'Page' : dim === 'locale' ? 'Locale' : dim === 'trigger' ? 'Trigger' : dim;
}

/** Whether `dim` is one a breakdown can be asked for: a built-in one, or an attribute key. */
export const isDimension = (dim: string): boolean => (BUILT_IN_DIMENSIONS as readonly string[]).includes(dim) || (attributeKey(dim) !== null && dim.length <= 69 && dim.length > 5);

function row(value: string, folded: number, groups: readonly DimensionGroup[], kind: SurveyKind, scale: Scale): BreakdownRow {
  const sum = (type: string) => groups.filter((group) => group.type === type).reduce((total, group) => total + group.count, 0);
  const shown = sum('shown');
  const answered = sum('response');
  return { ...scored(kind, distributionOf(groups.filter((group) => onScale(group, kind, scale)), scale), scale), value, folded, shown, answered, responseRate: shown > 0 ? answered / shown : null };
}

/**
 * Scores each value of one dimension for a survey (its kind and usual
 * scale, as its summary has them): the `top` values with the most answers
 * (then the most shown), and the rest as one "Other" row.
 */
export function summarizeBreakdown(survey: { readonly kind: SurveyKind; readonly scale: Scale }, dim: string, groups: readonly DimensionGroup[], top = BREAKDOWN_TOP): Breakdown {
  const byValue = new Map<string, DimensionGroup[]>();
  for (const group of groups) {
    const list = byValue.get(group.value) ?? [];
    list.push(group);
    byValue.set(group.value, list);
  }
  const rows = [...byValue].map(([value, list]) => row(value, 0, list, survey.kind, survey.scale));
  rows.sort((a, b) => b.answered - a.answered || b.shown - a.shown || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (rows.length <= top) return { dim, rows };
  const kept = rows.slice(0, top);
  const rest = new Set(rows.slice(top).map((item) => item.value));
  return { dim, rows: [...kept, row('Other', rest.size, groups.filter((group) => rest.has(group.value)), survey.kind, survey.scale)] };
}
