import { answeredRule } from './answeredRule.js';
import { attributesRule } from './attributesRule.js';
import { dismissedRule } from './dismissedRule.js';
import { globalRecontactRule } from './globalRecontactRule.js';
import { ignoredRule } from './ignoredRule.js';
import { maxDisplaysRule } from './maxDisplaysRule.js';
import { onScreenRule } from './onScreenRule.js';
import { sampleRule } from './sampleRule.js';
import type { EligibilityInput, EligibilityRule } from './types.js';
import { urlsRule } from './urlsRule.js';

/** Every eligibility rule, in the order `explain()` lists them. */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  attributesRule,
  urlsRule,
  sampleRule,
  onScreenRule,
  answeredRule,
  dismissedRule,
  ignoredRule,
  maxDisplaysRule,
  globalRecontactRule,
];

/**
 * The rules of an inline survey: its own targeting, sampling, answer and
 * dismissal only. What other surveys do never blocks it, and it never blocks them.
 */
export const INLINE_RULES: readonly EligibilityRule[] = [attributesRule, urlsRule, sampleRule, answeredRule, dismissedRule, maxDisplaysRule];

/** A rule that blocks, and why. */
export interface Block {
  readonly rule: string;
  readonly reason: string;
  /** When this rule stops blocking; absent when it never will on its own. */
  readonly until?: number;
}

/** Whether a survey may show, every rule that blocks it, and the earliest time it could. */
export interface Verdict {
  readonly eligible: boolean;
  readonly blocks: readonly Block[];
  /** When every time-bound block has lifted; null when eligible now or some block never lifts by itself. */
  readonly nextAt: number | null;
}

/** Runs every rule (a rule that passes adds nothing). Pure: depends only on `input`. */
export function evaluate(input: EligibilityInput, rules: readonly EligibilityRule[] = ELIGIBILITY_RULES): Verdict {
  const blocks: Block[] = [];
  for (const rule of rules) {
    const result = rule.check(input);
    if (!result.ok) blocks.push({ rule: rule.name, reason: result.reason, ...(result.until !== undefined ? { until: result.until } : {}) });
  }
  const timed = blocks.every((block) => block.until !== undefined);
  const nextAt = blocks.length > 0 && timed ? Math.max(...blocks.map((block) => block.until!)) : null;
  return { eligible: blocks.length === 0, blocks, nextAt };
}
