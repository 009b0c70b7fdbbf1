import { v7 as uuidv7 } from 'uuid';
import { createEmitter } from './emitter';
import { browserPage, systemClock, type ClientEnvironment } from './env';
import { HarkError, toHarkError } from './errors';
import { defaultQuestion } from './i18n/questions';
import { browserCoordination } from './outbox/coordination';
import { createDelivery, type DeliveryState, type FlushResult } from './outbox/delivery';
import { deliverySettings } from './outbox/deliveryConfig';
import { createOutbox } from './outbox/outbox';
import { eventRecord, responseRecord, type RecordContext } from './records';
import { parseConfig, type HarkConfig, type HarkConfigInput } from './schema/config';
import type { Survey } from './schema/survey';
import type { ResponseRecord, WireRecord } from './schema/wire';
import { DEFAULT_SCALES } from './scoring';
import { reducer, type ActivePrompt, type HarkState } from './state';
import { openIdbStorage } from './storage/idbStorage';
import { createMemoryStorage } from './storage/memoryStorage';
import { openResilientStorage } from './storage/resilientStorage';
import type { HarkStorage } from './storage/types';
import { createStore } from './store';
import { matchTriggers } from './triggers/matchTriggers';
import type { Signal } from './triggers/types';

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
  /** Shows a survey now, skipping its triggers. */
  show(surveyId: string): void;
  /** Closes the prompt. Records `dismissed` unless it was answered. */
  dismiss(): void;
  /** Answers the prompt on screen. Resolves once the answer is durably stored; only then say thanks. */
  submit(answer: Answer): Promise<void>;
  /** Listens to `shown`, `dismissed`, `answered`, `sent` or `error`; returns the unsubscribe. */
  on<K extends keyof HarkEvents>(event: K, fn: (payload: HarkEvents[K]) => void): () => void;
  /** The current state (stable between changes). */
  getState(): HarkState;
  /** Calls `fn` after every state change; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
  /** Sends what is queued now; resolves when the queue is empty or the next retry is scheduled, saying which. */
  flush(): Promise<FlushResult>;
  /** Pending, in-flight and dead-lettered counts, the storage mode and the next retry time, for honest status. */
  getDeliveryState(): Promise<DeliveryState>;
  /** Logout: forgets the user and starts a new anonymous id. Unsent records stay queued. */
  reset(): Promise<void>;
  /** Removes every listener and timer. Queued records stay stored for the next page. */
  destroy(): void;
}

const defaultEnvironment: ClientEnvironment = {
  clock: systemClock,
  fetch: (...args) => globalThis.fetch(...args),
  random: Math.random,
  uuid: uuidv7,
  openStorage: () => openIdbStorage(),
  page: browserPage,
  tabs: browserCoordination,
};

function checkAnswer(prompt: ActivePrompt, answer: unknown): Answer {
  const { score, comment } = (answer ?? {}) as Partial<Answer>;
  const { min, max } = prompt.scale;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < min || score > max) {
    throw new HarkError('invalid_answer', `submit({ score }): score must be an integer from ${min} to ${max}, got ${JSON.stringify(score)}`, { field: 'score' });
  }
  const limit = prompt.survey.followUp?.maxLength ?? 1000;
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > limit)) {
    throw new HarkError('invalid_answer', `submit({ comment }): comment must be a string of at most ${limit} characters`, { field: 'comment' });
  }
  return comment === undefined ? { score } : { score, comment };
}

/**
 * Creates a client. Throws a HarkError naming the field when the config is
 * invalid; after that, no method throws into the host page.
 */
export function createClient(input: HarkConfigInput, environment: Partial<ClientEnvironment> = {}): HarkClient {
  const config = parseConfig(input);
  const env: ClientEnvironment = { ...defaultEnvironment, ...environment };
  const { clock, page } = env;
  const emitter = createEmitter<HarkEvents>();
  const store = createStore<HarkState, Parameters<typeof reducer>[1]>(
    {
      status: 'starting',
      locale: config.locale ?? page.language() ?? 'en',
      user: { id: config.user?.id ?? null, attributes: { ...config.user?.attributes } },
      activePrompt: null,
      storage: null,
    },
    reducer,
  );
  const report = (error: unknown) => {
    const harkError = toHarkError(error);
    if (config.debug) console.warn(harkError);
    emitter.emit('error', harkError);
  };

  const storagePromise: Promise<HarkStorage & { recover?(): Promise<boolean> }> =
    config.storage === 'memory'
      ? Promise.resolve(createMemoryStorage())
      : openResilientStorage({
          openPrimary: env.openStorage,
          localStorage: env.tabs.localStorage,
          clock,
          onChange: (mode, cause) => {
            if (mode === 'indexeddb') return;
            const why = cause instanceof Error ? cause.message : String(cause);
            const where = mode === 'localstorage' ? 'localStorage until it works again' : 'memory for this page only';
            report(new HarkError('storage_unavailable', `IndexedDB is unavailable (${why}); answers are kept in ${where}`, { cause }));
          },
        });

  let anonymousId = '';
  const ready = storagePromise.then(async (storage) => {
    try {
      anonymousId = (await storage.meta.get<string>('anonymousId')) ?? '';
      if (!anonymousId) {
        anonymousId = env.uuid();
        await storage.meta.set('anonymousId', anonymousId);
      }
    } catch (error) {
      anonymousId ||= env.uuid();
      report(error);
    }
    store.dispatch({ type: 'ready', storage: storage.kind });
  });

  const settings = deliverySettings(config.delivery, config.batchSize);
  const outboxPromise = storagePromise.then((storage) => createOutbox(storage, settings));
  const deliveryPromise = Promise.all([storagePromise, outboxPromise]).then(([storage, outbox]) =>
    createDelivery({
      outbox,
      storage,
      endpoint: config.endpoint,
      headers: config.headers ?? {},
      fetch: env.fetch,
      clock,
      random: env.random,
      isOnline: page.isOnline,
      settings,
      coordination: env.tabs,
      owner: env.uuid(),
      onSent: (records) => emitter.emit('sent', { records }),
      onError: report,
    }),
  );

  const timers = new Set<unknown>();
  const cleanups: Array<() => void> = [];
  let destroyed = false;
  let pendingSubmit: Promise<void> | null = null;

  const flush = (): Promise<FlushResult> => deliveryPromise.then((delivery) => delivery.flush());

  async function context(): Promise<RecordContext> {
    await ready;
    const state = store.getState();
    // seq 0 is a placeholder: the outbox stamps the per-device number inside the write transaction.
    return { id: env.uuid(), seq: 0, now: clock.now(), anonymousId, user: state.user, url: page.url(), locale: state.locale };
  }

  /** Resolves with the record as stored, once the write is durable; only then may the UI say thanks. */
  async function save<R extends WireRecord>(record: R): Promise<R> {
    const outbox = await outboxPromise;
    const entry = await outbox.add(record, clock.now());
    void flush();
    return entry.record as R;
  }

  function display(survey: Survey, trigger: Record<string, unknown>) {
    if (destroyed || store.getState().activePrompt) return;
    const prompt: ActivePrompt = {
      survey,
      question: survey.question ?? defaultQuestion(survey.kind, store.getState().locale),
      scale: survey.scale ?? DEFAULT_SCALES[survey.kind],
      phase: 'asking',
      trigger,
      shownAt: clock.now(),
    };
    store.dispatch({ type: 'show', prompt });
    if (store.getState().activePrompt !== prompt) return;
    emitter.emit('shown', { survey });
    context()
      .then((ctx) => save(eventRecord('shown', prompt, ctx)))
      .catch(report);
  }

  function schedule(survey: Survey, trigger: Record<string, unknown>) {
    const delay = survey.delayMs ?? 0;
    if (delay === 0) return display(survey, trigger);
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      display(survey, trigger);
    }, delay);
    timers.add(handle);
  }

  function onSignal(signal: Signal, trigger: Record<string, unknown>) {
    if (destroyed || store.getState().activePrompt) return;
    for (const survey of config.surveys) {
      if (matchTriggers(survey, signal)) {
        schedule(survey, trigger);
        return;
      }
    }
  }

  /** Runs `fn`, reporting instead of throwing: the host page never sees our faults. */
  function guard(name: string, fn: () => void) {
    if (destroyed) {
      report(new HarkError('destroyed', `${name}() was called after destroy()`));
      return;
    }
    try {
      fn();
    } catch (error) {
      report(error);
    }
  }

  cleanups.push(
    page.onOnline(() => void deliveryPromise.then((delivery) => delivery.wake()).catch(report)),
    page.onHide(() => {
      void deliveryPromise.then((delivery) => delivery.flushOnHide()).catch(report);
    }),
    // Back from the back/forward cache: other tabs may have changed the store meanwhile.
    env.tabs.onRestore(() => void flush()),
  );
  void ready.then(() => flush());

  const client: HarkClient = {
    config,
    ready,
    identify: (userId, attributes) =>
      guard('identify', () => {
        if (userId !== null && (typeof userId !== 'string' || userId.length === 0)) {
          throw new HarkError('invalid_argument', 'identify(userId): userId must be a non-empty string or null', { field: 'userId' });
        }
        store.dispatch({ type: 'identify', user: { id: userId, attributes: { ...attributes } } });
      }),
    track: (event, props = {}) =>
      guard('track', () => {
        if (typeof event !== 'string' || event.length === 0) {
          throw new HarkError('invalid_argument', `track(event): event must be a non-empty string, got ${JSON.stringify(event)}`, { field: 'event' });
        }
        onSignal({ type: 'event', name: event, props: props ?? {} }, { event });
      }),
    show: (surveyId) =>
      guard('show', () => {
        const survey = config.surveys.find((candidate) => candidate.id === surveyId);
        if (!survey) {
          throw new HarkError('unknown_survey', `show("${String(surveyId)}"): no survey with that id; known ids: ${config.surveys.map((s) => s.id).join(', ') || '(none)'}`, { field: 'surveyId' });
        }
        display(survey, { manual: true });
      }),
    dismiss: () =>
      guard('dismiss', () => {
        const prompt = store.getState().activePrompt;
        if (!prompt || prompt.phase === 'saving') return;
        store.dispatch({ type: 'close' });
        if (prompt.phase === 'thanks') return;
        emitter.emit('dismissed', { survey: prompt.survey });
        context()
          .then((ctx) => save(eventRecord('dismissed', prompt, ctx)))
          .catch(report);
      }),
    submit(answer) {
      if (pendingSubmit) return pendingSubmit;
      const prompt = store.getState().activePrompt;
      if (destroyed) return Promise.reject(new HarkError('destroyed', 'submit() was called after destroy()'));
      if (!prompt || prompt.phase !== 'asking') {
        return Promise.reject(new HarkError('no_active_prompt', 'submit() needs a prompt on screen: call show(surveyId) or track() first'));
      }
      let checked: Answer;
      try {
        checked = checkAnswer(prompt, answer);
      } catch (error) {
        return Promise.reject(error);
      }
      store.dispatch({ type: 'saving' });
      pendingSubmit = (async () => {
        try {
          const record = await save(responseRecord(prompt, checked.score, checked.comment, await context()));
          store.dispatch({ type: 'answered' });
          emitter.emit('answered', { survey: prompt.survey, record });
        } catch (error) {
          store.dispatch({ type: 'save-failed' });
          const harkError =
            error instanceof HarkError && error.code === 'queue_full'
              ? error
              : new HarkError('storage_failed', `the answer could not be saved: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
          report(harkError);
          throw harkError;
        } finally {
          pendingSubmit = null;
        }
      })();
      return pendingSubmit;
    },
    on: (event, fn) => emitter.on(event, fn),
    getState: store.getState,
    subscribe: store.subscribe,
    flush,
    getDeliveryState: () => deliveryPromise.then((delivery) => delivery.state()),
    async reset() {
      store.dispatch({ type: 'close' });
      store.dispatch({ type: 'identify', user: { id: null, attributes: {} } });
      await ready;
      anonymousId = env.uuid();
      try {
        await (await storagePromise).meta.set('anonymousId', anonymousId);
      } catch (error) {
        report(error);
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const handle of timers) clock.clearTimeout(handle);
      timers.clear();
      for (const cleanup of cleanups.splice(0)) cleanup();
      void deliveryPromise.then((delivery) => delivery.stop());
      store.dispatch({ type: 'destroy' });
      store.clear();
      emitter.clear();
    },
  };
  return client;
}
