import type { Scale, Survey } from '../schema/survey.js';
import type { StorageMode } from '../storage/types.js';

/** A prompt on the page: the one floating prompt, or an inline survey placed in the page. */
export interface ActivePrompt {
  /**
   * Names this display of the survey. A UI passes it back to `choose`,
   * `submit`, `dismiss` and `displayed`; without it they act on the floating prompt.
   */
  readonly id: string;
  /** `floating`: over the page, one at a time. `inline`: page content, placed with `place(surveyId)`. */
  readonly placement: 'floating' | 'inline';
  readonly survey: Survey;
  /** The question as shown (the survey's, or the default for its kind and locale). */
  readonly question: string;
  readonly scale: Scale;
  /**
   * `asking` → `saving` (durable write under way) → `thanks`. `answered`: an
   * inline survey answered on an earlier page view, showing its answered state.
   */
  readonly phase: 'asking' | 'saving' | 'thanks' | 'answered';
  /** The score chosen and already stored (held for its follow-up comment), or null. */
  readonly chosen: number | null;
  /** What made it show, stored on the records. */
  readonly trigger: Readonly<Record<string, unknown>>;
  readonly shownAt: number;
}

/** Who is answering. */
export interface UserState {
  readonly id: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Everything adapters render from. */
export interface HarkState {
  readonly status: 'starting' | 'ready' | 'destroyed';
  readonly locale: string;
  readonly user: UserState;
  /** The floating prompt, if any: at most one, across tabs. */
  readonly activePrompt: ActivePrompt | null;
  /** Inline surveys with something to show, by survey id. They never block, nor are blocked by, the floating prompt. */
  readonly inlinePrompts: Readonly<Record<string, ActivePrompt>>;
  /** False while `consent: false` (or Do Not Track, when respected) holds every prompt back. */
  readonly consent: boolean;
  /** Which storage holds the queue, once known. */
  readonly storage: StorageMode | null;
}

/** Every state transition there is. `id` names the prompt (floating or inline) a transition applies to. */
export type Action =
  | { readonly type: 'ready'; readonly storage: StorageMode }
  | { readonly type: 'identify'; readonly user: UserState }
  | { readonly type: 'consent'; readonly granted: boolean }
  | { readonly type: 'show'; readonly prompt: ActivePrompt }
  | { readonly type: 'place'; readonly prompt: ActivePrompt }
  | { readonly type: 'unplace'; readonly surveyId: string }
  | { readonly type: 'chosen'; readonly id: string; readonly score: number }
  | { readonly type: 'saving'; readonly id: string }
  | { readonly type: 'save-failed'; readonly id: string }
  | { readonly type: 'answered'; readonly id: string }
  | { readonly type: 'close'; readonly id?: string }
  | { readonly type: 'destroy' };

const NONE: HarkState['inlinePrompts'] = {};

/** `state` with the prompt named `id` changed by `patch`; the same state when no prompt has that id. */
function update(state: HarkState, id: string, patch: Partial<Pick<ActivePrompt, 'phase' | 'chosen'>>): HarkState {
  if (state.activePrompt?.id === id) return { ...state, activePrompt: { ...state.activePrompt, ...patch } };
  const inline = Object.values(state.inlinePrompts).find((prompt) => prompt.id === id);
  return inline ? { ...state, inlinePrompts: { ...state.inlinePrompts, [inline.survey.id]: { ...inline, ...patch } } } : state;
}

function withoutInline(state: HarkState, surveyId: string): HarkState {
  if (!(surveyId in state.inlinePrompts)) return state;
  const { [surveyId]: _removed, ...rest } = state.inlinePrompts;
  return { ...state, inlinePrompts: rest };
}

/** The one place state changes. */
export function reducer(state: HarkState, action: Action): HarkState {
  if (state.status === 'destroyed') return state;
  switch (action.type) {
    case 'ready':
      return { ...state, status: 'ready', storage: action.storage };
    case 'identify':
      return { ...state, user: action.user };
    case 'consent':
      if (state.consent === action.granted) return state;
      return action.granted ? { ...state, consent: true } : { ...state, consent: false, activePrompt: null, inlinePrompts: NONE };
    case 'show':
      return state.activePrompt ? state : { ...state, activePrompt: action.prompt };
    case 'place':
      return { ...state, inlinePrompts: { ...state.inlinePrompts, [action.prompt.survey.id]: action.prompt } };
    case 'unplace':
      return withoutInline(state, action.surveyId);
    case 'chosen':
      return update(state, action.id, { chosen: action.score });
    case 'saving':
      return update(state, action.id, { phase: 'saving' });
    case 'save-failed':
      return update(state, action.id, { phase: 'asking' });
    case 'answered':
      return update(state, action.id, { phase: 'thanks' });
    case 'close': {
      const floating = state.activePrompt;
      if (floating && (action.id === undefined || floating.id === action.id)) return { ...state, activePrompt: null };
      const inline = Object.values(state.inlinePrompts).find((prompt) => prompt.id === action.id);
      return inline ? withoutInline(state, inline.survey.id) : state;
    }
    case 'destroy':
      return { ...state, status: 'destroyed', activePrompt: null, inlinePrompts: NONE };
  }
}
