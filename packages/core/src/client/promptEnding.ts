import type { Emitter } from '../emitter.js';
import { HarkError, messageOf } from '../errors.js';
import type { Action, ActivePrompt, HarkState } from '../state.js';
import type { Store } from '../store.js';
import { checkAnswer } from './checkAnswer.js';
import type { PromptEngine } from './promptEngine.js';
import type { RecordKeeper } from './recordKeeper.js';
import type { Answer, HarkEvents } from './types.js';

/** How the prompt on screen ends: answered, dismissed, or left unanswered. */
export interface PromptEnding {
  /** `HarkClient.submit`: one save at a time; a call while one is saving gets that save's promise. */
  submit(answer: Answer): Promise<void>;
  /** `HarkClient.dismiss`, without its guard; records `dismissed` unless the prompt was answered. */
  dismiss(): void;
  /** The page is being left, or the client destroyed: a prompt still asking ends as ignored. */
  leave(): void;
}

/** What `createPromptEnding` needs: the prompt on screen, where its outcome and records go, and who to tell. */
export interface PromptEndingOptions {
  /** The state; its `activePrompt` is the prompt on screen. */
  readonly store: Store<HarkState, Action>;
  /** Told how the prompt ended, for the display history. */
  readonly engine: PromptEngine;
  /** Stores the `response` and `dismissed` records. */
  readonly records: RecordKeeper;
  /** Tells the host's `answered` and `dismissed` listeners. */
  readonly emitter: Emitter<HarkEvents>;
  /** True once `destroy()` ran; `submit` then rejects. */
  readonly destroyed: () => boolean;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
}

/** Ends prompts; an answer counts only once its record is durably stored. */
export function createPromptEnding({ store, engine, records, emitter, destroyed, report }: PromptEndingOptions): PromptEnding {
  let pendingSubmit: Promise<void> | null = null;

  async function save(prompt: ActivePrompt, answer: Answer) {
    try {
      const record = await records.response(prompt, answer.score, answer.comment);
      store.dispatch({ type: 'answered' });
      engine.ended(prompt.survey.id, 'answered');
      emitter.emit('answered', { survey: prompt.survey, record });
    } catch (error) {
      store.dispatch({ type: 'save-failed' });
      const harkError =
        error instanceof HarkError && error.code === 'queue_full'
          ? error
          : new HarkError('storage_failed', `the answer could not be saved: ${messageOf(error)}`, { cause: error });
      report(harkError);
      throw harkError;
    } finally {
      pendingSubmit = null;
    }
  }

  return {
    submit(answer) {
      if (pendingSubmit) return pendingSubmit;
      const prompt = store.getState().activePrompt;
      if (destroyed()) return Promise.reject(new HarkError('destroyed', 'submit() was called after destroy()'));
      if (!prompt || prompt.phase !== 'asking') {
        return Promise.reject(new HarkError('no_active_prompt', 'submit() needs a prompt on screen: call show(surveyId) or track() first'));
      }
      let checked: Answer;
      try {
        checked = checkAnswer(prompt, answer);
      } catch (error) {
        return Promise.reject(error);
      }
      store.dispatch({ type: 'saving' });
      pendingSubmit = save(prompt, checked);
      return pendingSubmit;
    },
    dismiss() {
      const prompt = store.getState().activePrompt;
      if (!prompt || prompt.phase === 'saving') return;
      store.dispatch({ type: 'close' });
      if (prompt.phase === 'thanks') return;
      engine.ended(prompt.survey.id, 'dismissed');
      emitter.emit('dismissed', { survey: prompt.survey });
      records.event('dismissed', prompt).catch(report);
    },
    leave() {
      const prompt = store.getState().activePrompt;
      if (prompt?.phase === 'asking') engine.ended(prompt.survey.id, 'ignored');
    },
  };
}
