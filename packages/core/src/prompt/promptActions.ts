import type { ActivePrompt } from '../client/state.js';
import { endImpression, storeImpression, type PromptSession, type PromptSessions } from './promptSession.js';
import type { Answer } from '../client/types.js';
import type { Answering, AnsweringOptions } from './answering.js';
import type { Given } from '../delivery/recordKeeper.js';
import type { Platform } from '../platform/platform.js';
import { dev } from '../dev.js';

/** What a person (or a headless UI) does to a prompt, floating or inline, named by its id (default: the floating one). */
export interface PromptActions {
  /** `HarkClient.displayed`: the prompt is on screen; records `shown` once (once per page view for an inline survey). */
  displayed(promptId: string): void;
  /** `HarkClient.choose`: stores the chosen score at once, held back for its comment. */
  choose(score: number, promptId?: string): Promise<void>;
  /** `HarkClient.submit`: one save at a time; a call while one is saving gets that save's promise. */
  submit(answer: Answer, promptId?: string): Promise<void>;
  /** `HarkClient.dismiss`, without its guard. */
  dismiss(promptId?: string): void;
  /** The page is being left, or the client destroyed: open impressions end; nothing is written to the outbox. */
  leave(): void;
  /**
   * The client is destroyed while the page lives on: this tab stops holding
   * its chosen scores, so the next client or another tab sends them at once.
   */
  stop(): void;
  /** An inline survey's page view ended while the page lives on (`prompt` as it last was): a held score is finalized, its impression ends. */
  retire(session: PromptSession, prompt: ActivePrompt | null): void;
}

/** What `createPromptActions` needs: what the answer path needs (it is handed the same), and the sessions. */
export interface PromptActionsOptions extends Omit<AnsweringOptions, 'find' | 'displayed' | 'platform'> {
  /** As the answer path's, and the page's URL: an answer that waits for the answer path keeps the page it was given on. */
  readonly platform: AnsweringOptions['platform'] & Pick<Platform, 'href'>;
  readonly sessions: PromptSessions;
  /** The user id, or the anonymous id: whose history an inline impression joins. */
  readonly userKey: () => string;
  /**
   * The answer path (`createAnswering`), which comes with the delivery code:
   * at once when that code is there, else once it is fetched; rejects when it cannot be.
   */
  readonly answering: (options: AnsweringOptions) => Answering | Promise<Answering>;
}

/**
 * What happens to a prompt: on screen, closed, its page view ended. Answering
 * it (`choose`, `submit`, a held score released) is in `answering.ts`, which
 * comes with the delivery code: at once when it is there; an answer given
 * before it has come (the script tag fetches it after the prompt's first
 * frame, a headless client on its first answer) waits for it, and so does a
 * close that follows such an answer.
 */
export function createPromptActions(options: PromptActionsOptions): PromptActions {
  const { store, sessions, records, history, platform, emitter, report } = options;
  let answering: Answering | null = null;
  // Answers given before the answer path came, settled or not: a close waits for them, so a score chosen a moment
  // before it is released as the answer when the code comes, not dropped for a dismissal.
  let waiting = 0;
  let answered: Promise<unknown> = Promise.resolve();

  function find(promptId: string | undefined): { prompt: ActivePrompt; session: PromptSession } | null {
    const { activePrompt, inlinePrompts } = store.getState();
    const prompt = promptId === undefined || activePrompt?.id === promptId ? activePrompt : Object.values(inlinePrompts).find((p) => p.id === promptId);
    const session = prompt && sessions.get(prompt.id);
    return prompt && session ? { prompt, session } : null;
  }

  /**
   * Runs `use` with the answer path, fetched with the delivery code the first time, for the prompt `promptId`
   * names; an answer that waits for it keeps when, where and by whom it was given.
   */
  function answer<T>(use: (answering: Answering, given?: Given) => T | Promise<T>, promptId?: string): Promise<T> {
    if (answering) return Promise.resolve(use(answering));
    try {
      const path = options.answering({ ...options, find, displayed: (promptId) => actions.displayed(promptId) });
      if (!('then' in path)) return Promise.resolve(use((answering = path)));
      const given: Given = { now: platform.now(), url: platform.href() || undefined, user: store.getState().user };
      // A person answered, so the prompt was on screen, whatever the UI said: a page left meanwhile does not drop it.
      const target = find(promptId);
      if (target) actions.displayed(target.prompt.id);
      const result = path.then((fetched) => use((answering ??= fetched), given));
      waiting += 1;
      const settled = result.then(
        () => void (waiting -= 1),
        () => void (waiting -= 1),
      );
      answered = Promise.all([answered, settled]);
      const session = target?.session;
      if (session) {
        const all = Promise.all([session.waiting, settled]);
        session.waiting = all;
        void all.then(() => session.waiting === all && (session.waiting = null));
      }
      return result;
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /** A held score is released: at once when the answer path is here, as it is once a score was chosen. */
  const finalize = (session: PromptSession, prompt: ActivePrompt) => void answer((answering) => answering.finalize(session, prompt), prompt.id).catch(report);

  const actions: PromptActions = {
    displayed(promptId) {
      const found = find(promptId);
      if (!found || found.session.displayed || found.prompt.phase !== 'asking') return;
      const { prompt, session } = found;
      session.displayed = true;
      if (!session.impression) {
        // An inline survey's first display, or a floating prompt whose impression was dropped at a page hide before
        // it was ever on screen, now shown after a restore from the back/forward cache (it takes the lock again).
        const inline = session.placement === 'inline' ? { inline: true as const } : {};
        session.impression = { id: session.id, surveyId: session.surveyId, user: options.userKey(), shownAt: platform.now(), outcome: 'open', ...inline };
        storeImpression(history, session);
      }
      emitter.emit('shown', { survey: prompt.survey });
      records.event('shown', prompt).catch(report);
    },

    choose: (score, promptId) => answer((answering, given) => answering.choose(score, promptId, given), promptId),
    submit: (answered, promptId) => answer((answering, given) => answering.submit(answered, promptId, given), promptId),

    dismiss(promptId) {
      if (waiting > 0) return void answered.then(() => actions.dismiss(promptId));
      const found = find(promptId);
      if (!found || found.prompt.phase === 'saving') return;
      const { prompt, session } = found;
      if (prompt.phase === 'asking' && prompt.chosen === null) actions.displayed(prompt.id);
      store.dispatch({ type: 'close', id: prompt.id });
      session.closed = true;
      if (prompt.placement === 'floating') sessions.delete(prompt.id);
      if (prompt.phase !== 'asking') return;
      if (prompt.chosen !== null) return finalize(session, prompt);
      endImpression(history, platform, session, 'dismissed');
      options.note(prompt.survey.id, dev(() => `dismissed at ${new Date(platform.now()).toISOString()}`));
      emitter.emit('dismissed', { survey: prompt.survey });
      records.event('dismissed', prompt).catch(report);
    },

    leave() {
      for (const session of sessions.values()) {
        // A floating prompt the UI never put on screen (it could not load) was not ignored: its impression, written
        // as the cross-tab lock before the first frame, goes.
        if (!session.displayed && session.impression?.outcome === 'open' && session.impression.answeredAt === undefined) {
          history.drop(session.impression);
          session.impression = null;
        } else endImpression(history, platform, session, session.impression?.answeredAt === undefined ? 'ignored' : 'answered');
      }
    },

    stop() {
      for (const session of sessions.values()) session.unhold?.();
    },

    retire(session, prompt) {
      if (prompt?.phase === 'asking' && prompt.chosen !== null) return finalize(session, prompt);
      endImpression(history, platform, session, session.impression?.answeredAt === undefined ? 'ignored' : 'answered');
    },
  };
  return actions;
}
