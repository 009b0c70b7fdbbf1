import type { Platform } from '../platform/platform.js';
import type { DisplayHistory } from '../eligibility/displayHistory.js';
import type { Survey } from '../schema/survey.js';
import { DEFAULT_SCALES } from '../schema/scoring.js';
import type { Action, ActivePrompt, HarkState } from '../client/state.js';
import type { Observable } from '../client/observable.js';
import { toJson } from '../toJson.js';
import { addSession, type PromptSessions } from './promptSession.js';
import { dev } from '../dev.js';

/** The floating prompt of this tab, and its impression in the display history until it ends. */
export interface PromptDisplay {
  /** Shows `survey` floating unless a prompt is already on screen, the survey is placed inline, or the client was destroyed. */
  display(survey: Survey, trigger: Record<string, unknown>): void;
  /** Lets go of the floating prompt's impression without ending it in the history. */
  forget(): void;
}

/** What `createPromptDisplay` needs: the state a prompt shows in, the history its impression goes to, and who to tell. */
export interface PromptDisplayOptions {
  /** The page; its clock stamps `shownAt` and `endedAt`. */
  readonly platform: Platform;
  /** A new prompt (and impression) id. */
  readonly uuid: () => string;
  /** The state: `activePrompt` is the floating prompt. */
  readonly store: Observable<HarkState, Action>;
  /** The question a survey's prompt asks: its own, or the default for its kind in the client's language. */
  readonly question: (survey: Survey) => string;
  /** Where impressions go, so the frequency rules hold across reloads and tabs. */
  readonly history: DisplayHistory;
  /** Every prompt's session, by prompt id. */
  readonly sessions: PromptSessions;
  /** The user id, or the anonymous id without one: whose history an impression joins. */
  readonly userKey: () => string;
  /** True once the client is destroyed: nothing shows any more. */
  readonly destroyed: () => boolean;
  /** True while the survey is placed inline on the page: it shows there, not floating. */
  readonly placedInline: (surveyId: string) => boolean;
  /** Logs in debug mode only. */
  readonly debug: (message: string) => void;
}

/** A prompt for `survey`, not yet answered. */
export function newPrompt(
  id: string,
  placement: ActivePrompt['placement'],
  survey: Survey,
  trigger: Record<string, unknown>,
  question: string,
  shownAt: number,
): ActivePrompt {
  return {
    id,
    placement,
    survey,
    question,
    scale: survey.scale ?? DEFAULT_SCALES[survey.kind],
    phase: 'asking',
    chosen: null,
    trigger,
    shownAt,
  };
}

/**
 * Creates the floating display; `outcomes` (survey id → how it last ended) is
 * where `explain()` reads it. The impression goes into the history at once,
 * where it holds the cross-tab lock; the `shown` record waits for the UI to
 * say the prompt is on screen (`displayed`).
 */
export function createPromptDisplay(options: PromptDisplayOptions, outcomes: Map<string, string>): PromptDisplay {
  const { platform, store, history, userKey, sessions } = options;
  let floating: string | null = null;
  return {
    display(survey, trigger) {
      if (options.destroyed() || store.getState().activePrompt) return;
      if (options.placedInline(survey.id)) {
        outcomes.set(survey.id, dev(() => 'triggered, but it is placed inline on this page: it shows there, not floating'));
        return;
      }
      const prompt = newPrompt(options.uuid(), 'floating', survey, trigger, options.question(survey), platform.now());
      if (floating) sessions.delete(floating);
      floating = prompt.id;
      const impression = { id: prompt.id, surveyId: survey.id, user: userKey(), shownAt: prompt.shownAt, outcome: 'open' } as const;
      history.put(impression);
      // The session exists before subscribers hear of the prompt, so a headless UI may answer it from its subscriber.
      addSession(sessions, prompt, impression);
      store.dispatch({ type: 'show', prompt });
      outcomes.set(survey.id, dev(() => `shown at ${new Date(prompt.shownAt).toISOString()}`));
      options.debug(dev(() => `[hark] survey "${survey.id}" shown (${toJson(trigger)})`));
    },
    forget() {
      const session = floating ? sessions.get(floating) : undefined;
      if (session) session.impression = null;
    },
  };
}
