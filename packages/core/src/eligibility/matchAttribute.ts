import { hasOwn } from '../schema/check.js';
import { toJson } from '../toJson.js';
const OPERATORS = new Set(['in', 'gt', 'gte', 'lt', 'lte', 'exists']);

function isOperator(matcher: unknown): matcher is Record<string, unknown> {
  if (typeof matcher !== 'object' || matcher === null || Array.isArray(matcher)) return false;
  const keys = Object.keys(matcher);
  return keys.length > 0 && keys.every((key) => OPERATORS.has(key));
}

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return toJson(a) === toJson(b);
}

/**
 * True when `value` satisfies `matcher`: a bare value means equality;
 * `{ in: [...] }` membership; `{ gt, gte, lt, lte }` numeric bounds (all must
 * hold, and the value must be a number); `{ exists: boolean }` presence.
 */
export function matchAttribute(matcher: unknown, value: unknown): boolean {
  if (!isOperator(matcher)) return equal(matcher, value);
  if (hasOwn(matcher, 'exists') && (value !== undefined && value !== null) !== matcher.exists) return false;
  if (hasOwn(matcher, 'in') && !(Array.isArray(matcher.in) && matcher.in.some((candidate) => equal(candidate, value)))) return false;
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (!hasOwn(matcher, op)) continue;
    const bound = matcher[op];
    if (typeof value !== 'number' || typeof bound !== 'number' || Number.isNaN(value)) return false;
    if (op === 'gt' && !(value > bound)) return false;
    if (op === 'gte' && !(value >= bound)) return false;
    if (op === 'lt' && !(value < bound)) return false;
    if (op === 'lte' && !(value <= bound)) return false;
  }
  return true;
}
