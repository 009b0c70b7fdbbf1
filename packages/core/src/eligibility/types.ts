import type { Impression } from './impression.js';
import type { Survey } from '../schema/survey.js';

/** Everything an eligibility rule may look at. Rules are pure: same input, same answer. */
export interface EligibilityInput {
  readonly survey: Survey;
  /** The user id, or the anonymous id when none is known: the sampling and history key. */
  readonly userKey: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** This user's impressions of every survey, oldest first. */
  readonly history: readonly Impression[];
  readonly now: number;
  /** The page's URL right now. */
  readonly href: string;
  /** Days between two different surveys (config `recontactDays`). */
  readonly globalRecontactDays: number;
}

/** A rule's answer: pass, or block with a reason and, when known, the time it lifts. */
export type RuleResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly until?: number };

/** One eligibility rule: a plain object in the `ELIGIBILITY_RULES` array. */
export interface EligibilityRule {
  readonly name: string;
  check(input: EligibilityInput): RuleResult;
}

/** Shorthand for a passing rule. */
export const PASS: RuleResult = { ok: true };
