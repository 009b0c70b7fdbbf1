import { HarkError, messageOf } from '../errors.js';
import type { Emitter } from '../emitter.js';
import type { Platform } from '../platform/platform.js';
import { tabTurns } from '../platform/webLocks.js';
import type { DisplayHistory } from '../eligibility/displayHistory.js';
import type { Hold } from '../delivery/entry.js';
import type { Given, RecordKeeper, ResponseDraft } from '../delivery/recordKeeper.js';
import type { Action, ActivePrompt, HarkState } from '../client/state.js';
import type { Observable } from '../client/observable.js';
import type { Answer, HarkEvents } from '../client/types.js';
import { checkAnswer } from './checkAnswer.js';
import { endImpression, noteImpression, type PromptSession } from './promptSession.js';
import { dev } from '../dev.js';

/**
 * The answer path: `choose`, `submit`, and releasing a held score. It writes
 * the answer's record, so it comes with the delivery code (`@hark/core/delivery`),
 * which a prompt asks for once it is on screen (an answer given before it
 * is there waits for it); the rest of the prompt
 * actions (`displayed`, `dismiss`, a page view ending) are in the boot code.
 */
export interface Answering {
  /**
   * `HarkClient.choose`: stores the chosen score at once, held back for its comment. `given`: when, where and
   * by whom, for a choice made before the answer path came.
   */
  choose(score: number, promptId?: string, given?: Given): Promise<void>;
  /** `HarkClient.submit`: one save at a time; a call while one is saving gets that save's promise. */
  submit(answer: Answer, promptId?: string, given?: Given): Promise<void>;
  /** Close, or a page view ending, after a score was chosen: the held record is released as it is. */
  finalize(session: PromptSession, prompt: ActivePrompt): void;
}

/** What `createAnswering` needs: the client's state, records and history (as the prompt actions have them), and those actions. */
export interface AnsweringOptions {
  readonly store: Observable<HarkState, Action>;
  readonly records: RecordKeeper;
  readonly history: DisplayHistory;
  /** Time, and this tab's presence (Web Locks) while it holds a score back, so other tabs know when it is gone. */
  readonly platform: Pick<Platform, 'now' | 'setTimeout' | 'clearTimeout' | 'lock' | 'presence' | 'locks'>;
  /** Tells the host's `shown`, `answered` and `dismissed` listeners. */
  readonly emitter: Emitter<HarkEvents>;
  /** `delivery.holdMs`: how long a chosen score waits for its comment. */
  readonly holdMs: number;
  /** This tab's delivery owner id, named on held records. */
  readonly owner: string;
  /** True once `destroy()` ran; the verbs then reject. */
  readonly destroyed: () => boolean;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
  /** Tells `explain()` how a survey's prompt ended. */
  readonly note: (surveyId: string, what: string) => void;
  /** The prompt (and its session) `promptId` names, the floating one by default; null when there is none. */
  readonly find: (promptId: string | undefined) => { prompt: ActivePrompt; session: PromptSession } | null;
  /** `PromptActions.displayed`: a person answered, so the prompt was on screen. */
  readonly displayed: (promptId: string) => void;
}

const NO_PROMPT = 'needs a prompt that is asking: show() or track() first, or an inline prompt’s id';

/**
 * A chosen score is written at once as the answer's final response record
 * (its id never changes), held back from delivery while the follow-up may
 * add a comment; Send rewrites it with the comment and releases it, Close
 * releases it as is, and a page that goes away writes nothing: the hold ends
 * with the tab (Web Locks) or after `holdMs`. The thank-you waits for the
 * final write to commit.
 */
export function createAnswering(options: AnsweringOptions): Answering {
  const { store, records, history, platform, emitter, report, find } = options;
  const tab = tabTurns(platform);
  let presenceUsers = 0;
  let presence: Promise<(() => void) | null> | null = null;
  /** Keeps a score back: marks the tab alive (once for all its held scores) and ends the hold after `holdMs`. */
  async function hold(session: PromptSession): Promise<Hold> {
    if (!session.unhold) {
      presenceUsers += 1;
      presence ??= tab.presence?.hold(options.owner).catch(() => null) ?? Promise.resolve(null);
      let timer: unknown = null;
      session.unhold = () => {
        platform.clearTimeout(timer);
        session.unhold = null;
        if (--presenceUsers > 0 || !presence) return;
        const release = presence;
        presence = null;
        void release.then((fn) => fn?.());
      };
      timer = platform.setTimeout(() => session.unhold?.(), options.holdMs);
    }
    const alive = await presence;
    return { until: platform.now() + options.holdMs, ...(alive ? { holder: options.owner } : {}) };
  }

  /** Writes the answer after the session's earlier writes, so the last one wins. */
  function write(session: PromptSession, prompt: ActivePrompt, answer: Answer, held: boolean, given?: Given): Promise<ResponseDraft> {
    const run = async () => {
      const draft = await records.response(prompt, answer, session.draft, held ? await hold(session) : null, given);
      // Kept even when unsent, so that trying again rewrites the same record (one id per answer).
      session.draft = draft;
      if (!held) session.unhold?.();
      if (draft.unsent) throw new HarkError('storage_failed', `the answer could not be saved: no storage on this device would keep it, and it could not be sent (${draft.unsent})`);
      return draft;
    };
    const result = session.writes.then(run, run);
    session.writes = result.catch(() => undefined);
    return result;
  }

  function answered(prompt: ActivePrompt, draft: ResponseDraft, comment: string | undefined) {
    if (draft.late && (comment?.trim() || draft.record.score !== prompt.chosen)) {
      report(
        new HarkError('comment_dropped', `survey "${prompt.survey.id}": the answer was sent (delivery.holdMs ran out) before its follow-up came; it stays as sent: one response per answer`, {
          field: 'comment',
          details: { records: [draft.record] },
        }),
      );
    }
    options.note(prompt.survey.id, dev(() => `answered at ${new Date(platform.now()).toISOString()}`));
    emitter.emit('answered', { survey: prompt.survey, record: draft.record });
  }

  /** Close, or a page view ending, after a score was chosen: the held record is released as it is. */
  function finalize(session: PromptSession, prompt: ActivePrompt) {
    endImpression(history, platform, session, 'answered');
    write(session, prompt, { score: prompt.chosen! }, false).then((draft) => answered(prompt, draft, undefined), report);
  }

  return {
    choose(score, promptId, given) {
      if (options.destroyed()) return Promise.reject(new HarkError('destroyed', 'choose() was called after destroy()'));
      const found = find(promptId);
      if (!found || found.prompt.phase !== 'asking') return Promise.reject(new HarkError('no_active_prompt', `choose() ${NO_PROMPT}`));
      const { prompt, session } = found;
      let answer: Answer;
      try {
        answer = checkAnswer(prompt, { score });
      } catch (error) {
        return Promise.reject(error);
      }
      // A person chose a score: the prompt was on screen, whatever the UI said.
      options.displayed(prompt.id);
      if (prompt.chosen === null) noteImpression(history, session, { answeredAt: platform.now() });
      store.dispatch({ type: 'chosen', id: prompt.id, score: answer.score });
      return write(session, prompt, answer, true, given).then(
        () => undefined,
        (error: unknown) => {
          const failure = new HarkError('storage_failed', `the chosen score could not be saved: ${messageOf(error)}`, { cause: error });
          report(failure);
          throw failure;
        },
      );
    },

    submit(answer, promptId, given) {
      const found = find(promptId);
      if (found?.session.submitting) return found.session.submitting;
      if (options.destroyed()) return Promise.reject(new HarkError('destroyed', 'submit() was called after destroy()'));
      if (!found || found.prompt.phase !== 'asking') return Promise.reject(new HarkError('no_active_prompt', `submit() ${NO_PROMPT}`));
      const { prompt, session } = found;
      let checked: Answer;
      try {
        checked = checkAnswer(prompt, answer);
      } catch (error) {
        return Promise.reject(error);
      }
      options.displayed(prompt.id);
      store.dispatch({ type: 'saving', id: prompt.id });
      const save = async () => {
        try {
          const draft = await write(session, prompt, checked, false, given);
          store.dispatch({ type: 'answered', id: prompt.id });
          endImpression(history, platform, session, 'answered');
          answered({ ...prompt, chosen: checked.score }, draft, checked.comment);
        } catch (error) {
          store.dispatch({ type: 'save-failed', id: prompt.id });
          const harkError =
            error instanceof HarkError && (error.code === 'queue_full' || error.code === 'storage_failed')
              ? error
              : new HarkError('storage_failed', `the answer could not be saved: ${messageOf(error)}`, { cause: error });
          report(harkError);
          throw harkError;
        } finally {
          session.submitting = null;
        }
      };
      session.submitting = save();
      return session.submitting;
    },

    finalize,
  };
}
