import type { Verdict } from '../eligibility/evaluate.js';
import type { Platform } from '../platform/platform.js';
import { HarkError } from '../errors.js';
import type { Survey } from '../schema/survey.js';
import type { Action, ActivePrompt, HarkState } from '../client/state.js';
import type { Observable } from '../client/observable.js';
import { newPrompt } from './promptDisplay.js';
import { addSession, type PromptSession, type PromptSessions } from './promptSession.js';
import { dev } from '../dev.js';

/** Inline surveys placed in the page: page content with rules of their own, beside the one floating prompt. */
export interface InlineSurveys {
  /** Places `surveyId` in the page (counted: several elements may place one survey); returns the release. */
  place(surveyId: string): () => void;
  /** True while some element places `surveyId`. */
  placed(surveyId: string): boolean;
  /** Decides what every placed survey shows that has no prompt for this page view yet (Hark started, consent granted). */
  decide(): void;
  /** A new page view (a route change): every placed survey is decided again; a prompt mid-answer stays. */
  refresh(): void;
  /**
   * `identify()`: surveys decided for someone else, and those showing nothing
   * (new attributes may match now), are decided again; what this user already
   * sees stays, so identifying again records no second `shown`.
   */
  userChanged(): void;
  /**
   * Another tab stored an answer to `surveyId` from this user: a placed survey still asking here, with
   * no score chosen, is decided again (its answered state, or nothing), so the person is not asked twice.
   */
  answeredElsewhere(surveyId: string): void;
  /** Forgets every page view (consent withdrawn, logout); placed surveys are decided again on `refresh`. */
  reset(): void;
  /** What `explain()` says about a placed survey, or null when it is not placed. */
  describe(surveyId: string): InlineDescription | null;
  /** Stops listening to route changes. */
  stop(): void;
}

/** A placed survey as `explain()` sees it. */
export interface InlineDescription {
  readonly prompt: ActivePrompt | null;
  readonly displayed: boolean;
  readonly closed: boolean;
}

/** What `createInlineSurveys` needs from the client. */
export interface InlineSurveysOptions {
  readonly store: Observable<HarkState, Action>;
  readonly sessions: PromptSessions;
  readonly uuid: () => string;
  /** The user id, or the anonymous id: whose rules a decision followed. */
  readonly userKey: () => string;
  /** Route changes start a new page view; its clock stamps each prompt. */
  readonly platform: Platform;
  /** False until Hark has started and while consent is withheld: placements wait. */
  readonly active: () => boolean;
  readonly survey: (surveyId: string) => Survey | undefined;
  /** The survey's own rules (`INLINE_RULES`). */
  readonly verdict: (survey: Survey) => Verdict;
  /** The question a survey's prompt asks (see `PromptDisplayOptions.question`). */
  readonly question: (survey: Survey) => string;
  /** Null when the survey's question is at hand, else a promise that settles once it is (see `PromptEngineOptions.wording`). */
  readonly wording: (survey: Survey) => Promise<void> | null;
  /** A page view ended for this session: a held score is finalized, an open impression ends. */
  readonly retire: (session: PromptSession, prompt: ActivePrompt | null) => void;
  /** Tells `explain()` and the debug log. */
  readonly note: (survey: Survey, why: string) => void;
  readonly report: (error: unknown) => void;
}

/** The trigger stored on an inline survey's records. */
export const INLINE_TRIGGER = Object.freeze({ inline: true });

/**
 * Each placed survey gets one prompt per page view: asking, its answered
 * state, or nothing, by its own rules. The prompt (and its session: `shown`,
 * the chosen score) outlives an unmount and remount within the page view, so
 * a remount neither asks again nor records a second `shown`.
 */
export function createInlineSurveys(options: InlineSurveysOptions): InlineSurveys {
  const { store, sessions } = options;
  const counts = new Map<string, number>();
  /** The page view's prompt of each survey (null: it shows nothing); kept while unplaced. */
  const views = new Map<string, ActivePrompt | null>();
  /** Whose rules each view followed. */
  const decidedFor = new Map<string, string>();
  let stopNavigate: (() => void) | null = null;

  const latest = (surveyId: string) => store.getState().inlinePrompts[surveyId] ?? views.get(surveyId) ?? null;
  const waited = (prompt: ActivePrompt | null) => (prompt && sessions.get(prompt.id)?.waiting) || null;
  // Mid-answer (a score chosen, or saving) survives a new page view or user, so a typed comment is not lost.
  const busy = (prompt: ActivePrompt | null) =>
    prompt !== null && prompt.phase !== 'answered' && (prompt.chosen !== null || prompt.phase === 'saving' || waited(prompt) !== null);
  // An answer still waiting for the code keeps its prompt even unplaced: the answer path finds the prompt to take it.
  const kept = (surveyId: string) => {
    const prompt = latest(surveyId);
    return busy(prompt) && (counts.has(surveyId) || waited(prompt) !== null);
  };

  function decide(surveyId: string) {
    if (!options.active() || !counts.has(surveyId)) return;
    if (views.has(surveyId)) {
      const prompt = latest(surveyId);
      const session = prompt && sessions.get(prompt.id);
      if (prompt && !session?.closed) store.dispatch({ type: 'place', prompt });
      return;
    }
    const survey = options.survey(surveyId);
    if (!survey) {
      options.report(new HarkError('unknown_survey', `place("${surveyId}"): no survey with that id`, { field: 'surveyId' }));
      return;
    }
    // Decided once its question is at hand, by the rules as they are then.
    const wording = options.wording(survey);
    if (wording) return void wording.then(() => decide(surveyId));
    const verdict = options.verdict(survey);
    decidedFor.set(surveyId, options.userKey());
    const answered = !verdict.eligible && verdict.blocks.every((block) => block.rule === 'recontact');
    const phase = verdict.eligible ? 'asking' : answered && survey.inline?.answered !== 'hidden' ? 'answered' : null;
    if (!phase) {
      views.set(surveyId, null);
      options.note(survey, dev(() => `placed inline, showing nothing: ${verdict.blocks.map((b) => `${b.rule}: ${b.reason}`).join('; ')}`));
      return;
    }
    const prompt: ActivePrompt = { ...newPrompt(options.uuid(), 'inline', survey, INLINE_TRIGGER, options.question(survey), options.platform.now()), phase };
    addSession(sessions, prompt, null);
    views.set(surveyId, prompt);
    store.dispatch({ type: 'place', prompt });
  }

  function drop(surveyId: string) {
    const prompt = latest(surveyId);
    const session = prompt && sessions.get(prompt.id);
    if (session) {
      options.retire(session, prompt);
      sessions.delete(session.id);
    }
    views.delete(surveyId);
    decidedFor.delete(surveyId);
    store.dispatch({ type: 'unplace', surveyId });
  }

  function decideAll() {
    for (const surveyId of counts.keys()) decide(surveyId);
  }

  const inline: InlineSurveys = {
    place(surveyId) {
      counts.set(surveyId, (counts.get(surveyId) ?? 0) + 1);
      stopNavigate ??= options.platform.onNavigate(() => inline.refresh());
      if (counts.get(surveyId) === 1) decide(surveyId);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(surveyId) ?? 1) - 1;
        if (left > 0) return void counts.set(surveyId, left);
        counts.delete(surveyId);
        // An answer waiting for the code is taken from the placed prompt: it is unplaced once that answer is.
        const wait = waited(latest(surveyId));
        const unplace = () => {
          // Placed again meanwhile, or dropped while the answer waited (which unplaced it).
          if (counts.has(surveyId) || (wait && !views.has(surveyId))) return;
          // Kept for the page view, as it was last: a remount shows it the same, and records no second `shown`.
          if (views.has(surveyId)) views.set(surveyId, latest(surveyId));
          store.dispatch({ type: 'unplace', surveyId });
        };
        if (wait) return void wait.then(unplace);
        unplace();
      };
    },
    placed: (surveyId) => counts.has(surveyId),
    decide: decideAll,
    refresh() {
      for (const surveyId of [...views.keys()]) if (!kept(surveyId)) drop(surveyId);
      decideAll();
    },
    userChanged() {
      const user = options.userKey();
      for (const surveyId of [...views.keys()]) {
        const stale = decidedFor.get(surveyId) !== user || latest(surveyId) === null;
        if (stale && !kept(surveyId)) drop(surveyId);
      }
      decideAll();
    },
    answeredElsewhere(surveyId) {
      const prompt = latest(surveyId);
      if (!counts.has(surveyId) || prompt?.phase !== 'asking' || busy(prompt)) return;
      drop(surveyId);
      decide(surveyId);
    },
    reset() {
      for (const surveyId of [...views.keys()]) drop(surveyId);
    },
    describe(surveyId) {
      if (!counts.has(surveyId)) return null;
      const prompt = latest(surveyId);
      const session = prompt ? sessions.get(prompt.id) : undefined;
      return { prompt: session?.closed ? null : prompt, displayed: session?.displayed ?? false, closed: session?.closed ?? false };
    },
    stop() {
      stopNavigate?.();
      stopNavigate = null;
    },
  };
  return inline;
}
