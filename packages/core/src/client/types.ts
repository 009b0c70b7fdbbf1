import type { Explanation } from '../eligibility/explain.js';
import type { HarkEnvironment } from './environment.js';
import type { HarkError } from '../errors.js';
import type { DeliveryState, FlushResult } from '../delivery/delivery.js';
import type { HarkConfig } from '../schema/config.js';
import type { Survey } from '../schema/survey.js';
import type { ResponseRecord, WireRecord } from '../schema/wire.js';
import type { HarkState } from './state.js';

/** An answer to the prompt on screen. */
export interface Answer {
  /** An integer on the survey's scale (NPS 0–10, CES 1–7, CSAT 1–5 by default). */
  readonly score: number;
  /** The follow-up text, if any. */
  readonly comment?: string;
}

/** What `on(event, fn)` can listen to. */
export interface HarkEvents extends Record<string, unknown> {
  shown: { readonly survey: Survey };
  dismissed: { readonly survey: Survey };
  answered: { readonly survey: Survey; readonly record: ResponseRecord };
  sent: { readonly records: readonly WireRecord[] };
  error: HarkError;
}

/** The client: one per page (or per React provider). Every method is safe to call at any time. */
export interface HarkClient {
  /** The validated config. */
  readonly config: HarkConfig;
  /** Resolves once storage is open (or the memory fallback is in place). */
  readonly ready: Promise<void>;
  /** Sets who is answering; records from now on carry this id and these attributes. */
  identify(userId: string | null, attributes?: Record<string, unknown>): void;
  /** Reports something that happened in the app, e.g. `track('checkout_completed', { plan: 'pro' })`. */
  track(event: string, props?: Record<string, unknown>): void;
  /** Shows a survey now, floating, skipping its triggers and eligibility rules, but not consent. */
  show(surveyId: string): void;
  /**
   * Closes the floating prompt, or the prompt `promptId` names (an inline one).
   * Records `dismissed` when no score was chosen; after a choice, the chosen
   * score is the answer, sent as it is.
   */
  dismiss(promptId?: string): void;
  /**
   * Answers the floating prompt, or the prompt `promptId` names: one call for a
   * headless UI. After `choose`, it completes that same response record (same
   * id) with the comment. Resolves once the answer is durably stored; only then say thanks.
   */
  submit(answer: Answer, promptId?: string): Promise<void>;
  /**
   * Stores a chosen score at once, as the answer's response record, held back
   * from delivery while the follow-up may still add a comment (`delivery.holdMs`,
   * or until the tab goes away). `submit` completes it, `dismiss` sends it as
   * it is. Resolves once it is durably stored. With `@hark/core/boot` (and
   * the script tag), an answer given before the delivery code is there waits
   * for it, since it carries the answer path.
   */
  choose(score: number, promptId?: string): Promise<void>;
  /**
   * A UI says the prompt `promptId` is on screen (painted; an inline one in the
   * viewport): records `shown` and tells `on('shown')`, once per prompt (an
   * inline survey: once per page view). Choosing, sending or closing counts as
   * on screen too, for UIs that never call this.
   */
  displayed(promptId: string): void;
  /**
   * Places an inline survey in the page (`<hark-survey>`, React `<Survey inline>`):
   * it shows in `getState().inlinePrompts[surveyId]` (asking, its answered
   * state, or nothing) by its own rules only; it never blocks, nor waits for,
   * the floating prompt. Counted per survey; returns the release.
   */
  place(surveyId: string): () => void;
  /** Listens to `shown`, `dismissed`, `answered`, `sent` or `error`; returns the unsubscribe. */
  on<K extends keyof HarkEvents>(event: K, fn: (payload: HarkEvents[K]) => void): () => void;
  /** The current state (stable between changes). */
  getState(): HarkState;
  /** Calls `fn` after every state change; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
  /**
   * Sends what is queued now; resolves when the queue is empty or the next
   * retry is scheduled, saying which. Ends a 401/403 pause: call it once the
   * credentials `headers` gives are fixed.
   */
  flush(): Promise<FlushResult>;
  /**
   * Grants (true) or withdraws (false) consent. With `consent: false` in the
   * config nothing shows until `consent(true)`; what triggered meanwhile is
   * replayed then. Withdrawing closes the prompt on screen.
   */
  consent(granted: boolean): void;
  /** Why `surveyId` did or did not show, right now: trigger, blocking rules, and when it may show next. */
  explain(surveyId: string): Explanation;
  /**
   * Pending, in-flight and dead-lettered counts, the storage mode and the next
   * retry time, for honest status. Fetches the delivery code if it is not
   * there yet, and rejects with the reason when it cannot be fetched.
   */
  getDeliveryState(): Promise<DeliveryState>;
  /** Logout: forgets the user and their display history, and starts a new anonymous id. Unsent records stay queued. */
  reset(): Promise<void>;
  /**
   * An adapter's component mounted (TanStack Query's `mount()`): counted, and
   * the first one starts a client created with `lazy: true`.
   */
  mount(): void;
  /**
   * An adapter's component unmounted. After the last one the client is
   * destroyed, a microtask later, so StrictMode's unmount and remount keeps
   * this client and records nothing twice.
   */
  unmount(): void;
  /**
   * Tells the `on('error')` listeners about a fault outside core (the UI or a
   * language file could not be loaded), as core tells its own; with no
   * listener, the console.
   */
  reportError(error: HarkError): void;
  /** Removes every listener, timer and history patch Hark added. Queued records stay stored for the next page. */
  destroy(): void;
}

/** `createClient`'s second argument: replacements for its seams, and when it starts. */
export interface ClientOptions extends Partial<HarkEnvironment> {
  /**
   * `true`: the client opens nothing and listens to nothing until its first
   * `mount()`, so a framework may create it during render (twice under
   * StrictMode, or on the server) and start it when its component mounts.
   * Calls made before that are held and run once it has started. Default
   * `false`: it starts at once.
   */
  readonly lazy?: boolean;
}
