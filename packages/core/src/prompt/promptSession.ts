import type { Clock } from '../platform/platform.js';
import type { DisplayHistory } from '../eligibility/displayHistory.js';
import type { Impression } from '../eligibility/impression.js';
import type { ActivePrompt } from '../client/state.js';
import type { ResponseDraft } from '../delivery/recordKeeper.js';

/**
 * What core keeps about one prompt beside its state: its display history
 * entry, whether `shown` was recorded, and its answer's record. A floating
 * prompt's session lasts until it closes; an inline survey's, for the page view.
 */
export interface PromptSession {
  readonly id: string;
  readonly placement: ActivePrompt['placement'];
  readonly surveyId: string;
  /** Its display history entry: a floating prompt's from the start (it is the cross-tab lock), an inline one's once on screen. */
  impression: Impression | null;
  /** `shown` was recorded (the UI said the prompt is on screen, or a person answered or closed it). */
  displayed: boolean;
  /** The answer's response record once a score was chosen or sent. */
  draft: ResponseDraft | null;
  /** This answer's writes, chained so that the last one wins. */
  writes: Promise<unknown>;
  /** Lets go of the hold on the chosen score (its timer and presence); null when nothing is held. */
  unhold: (() => void) | null;
  /** The `submit` under way, which a second call joins. */
  submitting: Promise<void> | null;
  /**
   * Answers given that wait for the answer path (the delivery code): settles once they are taken or refused.
   * An inline survey keeps such a prompt through a route change or an unmount, for the answer path to find it.
   */
  waiting: Promise<unknown> | null;
  /** Closed by the person (an inline survey then stays away for the page view). */
  closed: boolean;
  /**
   * Every display is stored: a floating prompt's (its impression is the cross-tab lock, and the rules count
   * it), and an inline survey's when `frequency.maxDisplays` counts them. Otherwise an inline impression is
   * stored once it holds an answer or a dismissal: page content passed by on every page view would fill
   * the history, which every start reads, with entries no rule reads.
   */
  readonly storesDisplays: boolean;
}

/** All sessions of a client, by prompt id. */
export type PromptSessions = Map<string, PromptSession>;

/** A new session for `prompt`. */
export function addSession(sessions: PromptSessions, prompt: ActivePrompt, impression: Impression | null): PromptSession {
  const session: PromptSession = {
    id: prompt.id,
    placement: prompt.placement,
    surveyId: prompt.survey.id,
    impression,
    displayed: false,
    draft: null,
    writes: Promise.resolve(),
    unhold: null,
    submitting: null,
    waiting: null,
    closed: false,
    storesDisplays: prompt.placement === 'floating' || prompt.survey.frequency?.maxDisplays !== undefined,
  };
  sessions.set(prompt.id, session);
  return session;
}

/** Updates the session's impression in the display history (an outcome, or the time a score was chosen). */
export function noteImpression(history: DisplayHistory, session: PromptSession, patch: Partial<Pick<Impression, 'outcome' | 'endedAt' | 'answeredAt'>>): void {
  if (!session.impression || session.impression.outcome !== 'open') return;
  session.impression = { ...session.impression, ...patch };
  storeImpression(history, session);
}

/** Stores the session's impression, when it is worth storing (see `PromptSession.storesDisplays`). */
export function storeImpression(history: DisplayHistory, session: PromptSession): void {
  const impression = session.impression;
  if (!impression) return;
  const telling = impression.answeredAt !== undefined || impression.outcome === 'answered' || impression.outcome === 'dismissed';
  if (session.storesDisplays || telling) history.put(impression);
}

/** Ends the session's impression with `outcome`, unless it has ended already. */
export function endImpression(history: DisplayHistory, clock: Clock, session: PromptSession, outcome: Exclude<Impression['outcome'], 'open'>): void {
  noteImpression(history, session, { outcome, endedAt: clock.now() });
}
