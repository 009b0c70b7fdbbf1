/** A listener told after every state change. */
export type Listener = () => void;

/** The client's state as adapters read it (`useSyncExternalStore(subscribe, getState)`), changed only by its reducer. */
export interface Observable<S, A> {
  /** The current state; the same object until something changes. */
  getState(): S;
  dispatch(action: A): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /** Drops every listener. */
  clear(): void;
}

/** Creates an observable state whose only way to change is `reducer`. */
export function createObservable<S, A>(initial: S, reducer: (state: S, action: A) => S): Observable<S, A> {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          // A subscriber's bug must not stop the others or the SDK.
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
