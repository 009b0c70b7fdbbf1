/** One call made before the bundle loaded, as the snippet queues it. */
export interface SnippetCall {
  /** The method name. */
  readonly m: string;
  /** Its arguments. */
  readonly a: unknown[];
  /** Set when the caller cancelled it (called the returned unsubscribe) before replay. */
  x?: 1;
  /** The real unsubscribe, once the bundle has replayed an `on`/`subscribe` call. */
  u?: () => void;
}

/** `window.hark` as the snippet leaves it: placeholder methods plus the queue `q`. */
export interface SnippetPlaceholder {
  /** Calls waiting for the bundle, in call order. */
  q: SnippetCall[];
  [method: string]: unknown;
}
