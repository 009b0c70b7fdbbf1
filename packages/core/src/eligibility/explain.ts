import type { Block, Verdict } from './evaluate.js';

/** `explain(surveyId)`'s answer: why a survey did or did not show, right now. */
export interface Explanation {
  readonly surveyId: string;
  /**
   * `on-screen`: showing now. `pending`: a trigger fired and it waits for its
   * delay, or for the user to stop typing or close a dialog (inline: it waits
   * to enter the viewport). `eligible`: no rule blocks it; it shows when a
   * trigger fires. `blocked`: a rule blocks it. `held`: waiting for consent or
   * for Hark to start. `unknown`: no survey has this id.
   */
  readonly status: 'on-screen' | 'pending' | 'eligible' | 'blocked' | 'held' | 'unknown';
  /** Placed inline on the page (`<hark-survey>`, `<Survey inline>`): only its own rules apply, and it blocks no other survey. */
  readonly inline: boolean;
  /** What can make it show, in words. */
  readonly triggers: readonly string[];
  /** The last trigger that fired for it on this page, and when. */
  readonly lastTrigger: { readonly trigger: string; readonly at: number } | null;
  /** What the last firing led to, when it did not show (blocked, dropped, cancelled). */
  readonly lastOutcome: string | null;
  /** Every rule that blocks it now. */
  readonly blocks: readonly Block[];
  /** When it may show next (epoch ms), if a time-bound rule is all that blocks it. */
  readonly nextAt: number | null;
  /** The whole answer in one paragraph, as the debug log prints it (hark.debug.min.js, development builds; production builds: the status). */
  readonly message: string;
}

/** What the client knows about one survey, to explain it. */
export interface ExplainInput {
  readonly surveyId: string;
  readonly known: boolean;
  readonly triggers: readonly string[];
  readonly onScreen: boolean;
  readonly pending: string | null;
  readonly held: string | null;
  readonly verdict: Verdict | null;
  readonly lastTrigger: Explanation['lastTrigger'];
  readonly lastOutcome: string | null;
  /** Set when the survey is placed inline: what that placement shows, in words. */
  readonly inline?: string | null;
}

const iso = (at: number) => new Date(at).toISOString();

// Bundlers replace this for production builds (the script tag's are built so); no Node typings in core.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Builds the explanation and its one-paragraph message. Pure. */
export function explainSurvey(input: ExplainInput): Explanation {
  const { surveyId, verdict } = input;
  const blocks = verdict?.blocks ?? [];
  const nextAt = verdict?.nextAt ?? null;
  const status: Explanation['status'] = !input.known
    ? 'unknown'
    : input.onScreen
      ? 'on-screen'
      : input.pending
        ? 'pending'
        : input.held
          ? 'held'
          : blocks.length > 0
            ? 'blocked'
            : 'eligible';
  // Only development builds call it: production bundles drop its sentences.
  const words = () => {
    const parts: string[] = input.inline ? [input.inline] : [];
    if (status === 'unknown') parts.push(`no survey has the id "${surveyId}"`);
    else if (status === 'on-screen') parts.push('it is on screen now');
    else if (status === 'pending') parts.push(`it is about to show: ${input.pending}`);
    else if (status === 'held') parts.push(`nothing shows yet: ${input.held}`);
    else if (status === 'eligible') parts.push(`no rule blocks it; it shows on ${input.triggers.join(' or ')}`);
    else parts.push(`blocked by ${blocks.map((b) => `${b.rule} (${b.reason}${b.until !== undefined ? `, until ${iso(b.until)}` : ''})`).join('; ')}`);
    if (status === 'blocked') parts.push(nextAt !== null ? `it may show again from ${iso(nextAt)}` : 'it will not show again unless that changes');
    if (input.known) {
      parts.push(input.lastTrigger ? `last trigger: ${input.lastTrigger.trigger} at ${iso(input.lastTrigger.at)}` : `no trigger has fired yet (waiting for ${input.triggers.join(' or ')})`);
    }
    if (input.lastOutcome && status !== 'on-screen') parts.push(`last time: ${input.lastOutcome}`);
    return `${parts.join('. ')}.`;
  };
  return {
    surveyId,
    status,
    inline: !!input.inline,
    triggers: input.triggers,
    lastTrigger: input.lastTrigger,
    lastOutcome: input.lastOutcome,
    blocks,
    nextAt: status === 'blocked' ? nextAt : null,
    // The paragraph is a diagnostic: production builds carry the status alone (the fields above say the rest).
    message: `[hark] survey "${surveyId}": ${process.env.NODE_ENV !== 'production' ? words() : status}`,
  };
}
