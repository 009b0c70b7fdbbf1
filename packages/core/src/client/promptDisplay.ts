import type { Clock } from '../env.js';
import type { DisplayHistory } from '../history/displayHistory.js';
import type { Impression } from '../history/impression.js';
import { defaultQuestion } from '../i18n/questions.js';
import type { Survey } from '../schema/survey.js';
import { DEFAULT_SCALES } from '../scoring.js';
import type { Action, ActivePrompt, HarkState } from '../state.js';
import type { Store } from '../store.js';
import { toJson } from '../toJson.js';

/** The prompt on screen in this tab, and its impression in the display history until it ends. */
export interface PromptDisplay {
  /** Shows `survey` unless a prompt is already on screen or the client was destroyed; `trigger` goes on its records. */
  display(survey: Survey, trigger: Record<string, unknown>): void;
  /** The prompt on screen was answered, dismissed or left unanswered. */
  ended(surveyId: string, outcome: Exclude<Impression['outcome'], 'open'>): void;
  /** Lets go of the impression on screen without ending it in the history. */
  forget(): void;
}

/** What `createPromptDisplay` needs: the state a prompt shows in, the history its impression goes to, and who to tell. */
export interface PromptDisplayOptions {
  /** Stamps `shownAt` and `endedAt`. */
  readonly clock: Clock;
  /** A new impression id. */
  readonly uuid: () => string;
  /** The state: `activePrompt` is the prompt on screen, `locale` picks its default question. */
  readonly store: Store<HarkState, Action>;
  /** Where impressions go, so the frequency rules hold across reloads and tabs. */
  readonly history: DisplayHistory;
  /** The user id, or the anonymous id without one: whose history an impression joins. */
  readonly userKey: () => string;
  /** True once the client is destroyed: nothing shows any more. */
  readonly destroyed: () => boolean;
  /** A prompt has just appeared: tell listeners, store the `shown` record. */
  readonly onShown: (prompt: ActivePrompt) => void;
  /** Logs in debug mode only. */
  readonly debug: (message: string) => void;
}

/** Creates the display; `outcomes` (survey id → how it last ended) is where `explain()` reads it. */
export function createPromptDisplay(options: PromptDisplayOptions, outcomes: Map<string, string>): PromptDisplay {
  const { clock, store, history, userKey } = options;
  let impression: Impression | null = null;
  return {
    display(survey, trigger) {
      if (options.destroyed() || store.getState().activePrompt) return;
      const prompt: ActivePrompt = {
        survey,
        question: survey.question ?? defaultQuestion(survey.kind, store.getState().locale),
        scale: survey.scale ?? DEFAULT_SCALES[survey.kind],
        phase: 'asking',
        trigger,
        shownAt: clock.now(),
      };
      store.dispatch({ type: 'show', prompt });
      if (store.getState().activePrompt !== prompt) return;
      impression = { id: options.uuid(), surveyId: survey.id, user: userKey(), shownAt: prompt.shownAt, outcome: 'open' };
      history.put(impression);
      outcomes.set(survey.id, `shown at ${new Date(prompt.shownAt).toISOString()}`);
      options.debug(`[hark] survey "${survey.id}" shown (${toJson(trigger)})`);
      options.onShown(prompt);
    },
    ended(surveyId, outcome) {
      if (impression) history.put({ ...impression, outcome, endedAt: clock.now() });
      impression = null;
      if (outcome !== 'ignored') outcomes.set(surveyId, `${outcome} at ${new Date(clock.now()).toISOString()}`);
    },
    forget() {
      impression = null;
    },
  };
}
