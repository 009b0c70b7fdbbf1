/** A minimal typed event emitter. A throwing handler never breaks the SDK or the other handlers. */
export interface Emitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(event: K, fn: (payload: Events[K]) => void): () => void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
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
      for (const fn of [...(handlers.get(event) ?? [])]) {
        try {
          (fn as (payload: Events[typeof event]) => void)(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
    clear: () => handlers.clear(),
  };
}
