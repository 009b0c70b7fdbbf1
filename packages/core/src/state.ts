import type { Scale, Survey } from './schema/survey.js';
import type { StorageMode } from './storage/types.js';

/** The prompt on screen, if any. */
export interface ActivePrompt {
  readonly survey: Survey;
  /** The question as shown (the survey's, or the default for its kind and locale). */
  readonly question: string;
  readonly scale: Scale;
  /** `asking` → `saving` (durable write under way) → `thanks`. */
  readonly phase: 'asking' | 'saving' | 'thanks';
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
  readonly activePrompt: ActivePrompt | null;
  /** False while `consent: false` (or Do Not Track, when respected) holds every prompt back. */
  readonly consent: boolean;
  /** Which storage holds the queue, once known. */
  readonly storage: StorageMode | null;
}

/** Every state transition there is. */
export type Action =
  | { readonly type: 'ready'; readonly storage: StorageMode }
  | { readonly type: 'identify'; readonly user: UserState }
  | { readonly type: 'consent'; readonly granted: boolean }
  | { readonly type: 'show'; readonly prompt: ActivePrompt }
  | { readonly type: 'saving' }
  | { readonly type: 'save-failed' }
  | { readonly type: 'answered' }
  | { readonly type: 'close' }
  | { readonly type: 'destroy' };

function withPhase(state: HarkState, phase: ActivePrompt['phase']): HarkState {
  return state.activePrompt ? { ...state, activePrompt: { ...state.activePrompt, phase } } : state;
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
      return state.consent === action.granted ? state : { ...state, consent: action.granted, activePrompt: action.granted ? state.activePrompt : null };
    case 'show':
      return state.activePrompt ? state : { ...state, activePrompt: action.prompt };
    case 'saving':
      return withPhase(state, 'saving');
    case 'save-failed':
      return withPhase(state, 'asking');
    case 'answered':
      return withPhase(state, 'thanks');
    case 'close':
      return state.activePrompt ? { ...state, activePrompt: null } : state;
    case 'destroy':
      return { ...state, status: 'destroyed', activePrompt: null };
  }
}
