/** A minimal typed event emitter. A throwing handler never breaks the SDK or the other handlers. */
export interface Emitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(event: K, fn: (payload: Events[K]) => void): () => void;
  /** Tells every handler of `event`; returns whether there was one. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): boolean;
  clear(): void;
}

/** Creates an emitter. */
export function createEmitter<Events extends Record<string, unknown>>(): Emitter<Events> {
  const handlers = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(event, fn) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(fn as (payload: never) => void);
      return () => {
        set.delete(fn as (payload: never) => void);
      };
    },
    emit(event, payload) {
      const heard = [...(handlers.get(event) ?? [])];
      for (const fn of heard) {
        try {
          (fn as (payload: Events[typeof event]) => void)(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
      return heard.length > 0;
    },
    clear: () => handlers.clear(),
  };
}
