import { v7 as uuidv7 } from 'uuid';
import { createEmitter } from './emitter';
import { explainSurvey, type Explanation } from './eligibility/explain';
import { evaluate, type Verdict } from './eligibility/evaluate';
import { DEFAULT_GLOBAL_RECONTACT_DAYS } from './eligibility/globalRecontactRule';
import { browserPage, systemClock, type ClientEnvironment } from './env';
import { createPromptScheduler } from './engine/promptScheduler';
import { createDisplayHistory } from './history/displayHistory';
import type { Impression } from './history/impression';
import { createBrowserPageView } from './page/browserPageView';
import { createInertPageView } from './page/inertPageView';
import type { PageView } from './page/pageView';
import { HarkError, toHarkError } from './errors';
import { defaultQuestion } from './i18n/questions';
import { browserCoordination } from './outbox/coordination';
import { createDelivery, type DeliveryState, type FlushResult } from './outbox/delivery';
import { deliverySettings } from './outbox/deliveryConfig';
import { createOutbox } from './outbox/outbox';
import { eventRecord, responseRecord, type RecordContext } from './records';
import type { HarkConfig, HarkConfigInput } from './schema/config';
import { parseConfig } from './schema/parse';
import type { Survey, Trigger } from './schema/survey';
import type { ResponseRecord, WireRecord } from './schema/wire';
import { DEFAULT_SCALES } from './scoring';
import { reducer, type ActivePrompt, type HarkState } from './state';
import { openIdbStorage } from './storage/idbStorage';
import { createMemoryStorage } from './storage/memoryStorage';
import { openResilientStorage } from './storage/resilientStorage';
import type { HarkStorage } from './storage/types';
import { createStore } from './store';
import { loadSurveys } from './surveys/loadSurveys';
import { describeTrigger, kindOf, matchTriggers } from './triggers/matchTriggers';
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
  /** Shows a survey now, skipping its triggers and eligibility rules, but not consent. */
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
  /**
   * Grants (true) or withdraws (false) consent. With `consent: false` in the
   * config nothing shows until `consent(true)`; what triggered meanwhile is
   * replayed then. Withdrawing closes the prompt on screen.
   */
  consent(granted: boolean): void;
  /** Why `surveyId` did or did not show, right now: trigger, blocking rules, and when it may show next. */
  explain(surveyId: string): Explanation;
  /** Pending, in-flight and dead-lettered counts, the storage mode and the next retry time, for honest status. */
  getDeliveryState(): Promise<DeliveryState>;
  /** Logout: forgets the user and their display history, and starts a new anonymous id. Unsent records stay queued. */
  reset(): Promise<void>;
  /** Removes every listener, timer and history patch Hark added. Queued records stay stored for the next page. */
  destroy(): void;
}

/** `createClient`'s seams: core's environment plus the page view the engine watches. */
export interface HarkEnvironment extends ClientEnvironment {
  /** URL, route changes, clicks, scrolling, visibility. Default: the browser page, or an inert one outside a browser. */
  readonly view: PageView;
}

/** Signals kept while Hark starts or waits for consent; older ones are dropped. */
const MAX_HELD = 100;

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
export function createClient(input: HarkConfigInput, environment: Partial<HarkEnvironment> = {}): HarkClient {
  const config = parseConfig(input);
  const env: ClientEnvironment = { ...defaultEnvironment, ...environment };
  const { clock, page } = env;
  const view: PageView =
    environment.view ?? (globalThis.document ? createBrowserPageView() : createInertPageView(() => page.url() ?? ''));
  const initialConsent = config.consent !== false && !(config.respectDoNotTrack && view.doNotTrack());
  const emitter = createEmitter<HarkEvents>();
  const store = createStore<HarkState, Parameters<typeof reducer>[1]>(
    {
      status: 'starting',
      locale: config.locale ?? page.language() ?? 'en',
      user: { id: config.user?.id ?? null, attributes: { ...config.user?.attributes } },
      activePrompt: null,
      consent: initialConsent,
      storage: null,
    },
    reducer,
  );
  const report = (error: unknown) => {
    const harkError = toHarkError(error);
    if (config.debug) console.warn(harkError);
    emitter.emit('error', harkError);
  };
  const debug = (message: string) => {
    if (config.debug) console.info(message);
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
  const history = createDisplayHistory(
    storagePromise.then((storage) => storage.meta),
    (fn) => view.channel('hark-history', fn),
    report,
  );
  const ready = storagePromise.then(async (storage) => {
    try {
      anonymousId = (await storage.meta.get<string>('anonymousId')) ?? '';
      if (!anonymousId) {
        anonymousId = env.uuid();
        await storage.meta.set('anonymousId', anonymousId);
      }
      await history.load();
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
      // consent: false holds everything, records queued by an earlier page included.
      mayDeliver: () => consented,
      onSent: (records) => emitter.emit('sent', { records }),
      onError: report,
    }),
  );

  const cleanups: Array<() => void> = [];
  let destroyed = false;
  let pendingSubmit: Promise<void> | null = null;
  let surveys: readonly Survey[] = config.surveys;
  let started = false;
  let consented = initialConsent;
  /** Work that waits for Hark to start, or for consent. */
  const held: Array<() => void> = [];
  /** The impression on screen in this tab. */
  let impression: Impression | null = null;
  const lastTrigger = new Map<string, { trigger: string; at: number }>();
  const lastOutcome = new Map<string, string>();
  const stopSources: Array<() => void> = [];

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

  /** `beforeSend` may scrub or drop a record before it is stored; a hook that throws drops it. */
  async function keep<R extends WireRecord>(record: R): Promise<R> {
    if (!config.beforeSend) return save(record);
    let kept: WireRecord | null | undefined;
    try {
      kept = config.beforeSend(structuredClone(record));
    } catch (error) {
      report(new HarkError('invalid_argument', `beforeSend threw, so record ${record.id} was dropped: ${error instanceof Error ? error.message : String(error)}`, { field: 'beforeSend', cause: error }));
      return record;
    }
    if (!kept) {
      debug(`[hark] beforeSend dropped the ${record.type} record of survey "${record.surveyId}"`);
      return record;
    }
    return save(kept as R);
  }

  const userKey = () => store.getState().user.id ?? anonymousId;

  function verdictFor(survey: Survey): Verdict {
    const { user } = store.getState();
    return evaluate({
      survey,
      userKey: userKey(),
      attributes: user.attributes,
      history: history.impressions(userKey()),
      now: clock.now(),
      href: view.href(),
      globalRecontactDays: config.recontactDays ?? DEFAULT_GLOBAL_RECONTACT_DAYS,
    });
  }

  function endImpression(outcome: Impression['outcome']) {
    if (!impression) return;
    history.put({ ...impression, outcome, endedAt: clock.now() });
    impression = null;
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
    impression = { id: env.uuid(), surveyId: survey.id, user: userKey(), shownAt: prompt.shownAt, outcome: 'open' };
    history.put(impression);
    lastOutcome.set(survey.id, `shown at ${new Date(prompt.shownAt).toISOString()}`);
    debug(`[hark] survey "${survey.id}" shown (${JSON.stringify(trigger)})`);
    emitter.emit('shown', { survey });
    context()
      .then((ctx) => keep(eventRecord('shown', prompt, ctx)))
      .catch(report);
  }

  const scheduler = createPromptScheduler({
    view,
    clock,
    verdict: verdictFor,
    display,
    note(survey, why) {
      lastOutcome.set(survey.id, why);
      debug(`[hark] survey "${survey.id}" ${why}`);
    },
  });

  function triggerInfo(trigger: Trigger, signal: Signal): Record<string, unknown> {
    if (trigger.on === 'event') return { event: trigger.event };
    if (signal.type === 'pageview') return { on: 'pageview', url: signal.href };
    const { on, ...rest } = trigger;
    return { on, ...rest };
  }

  function onSignal(signal: Signal) {
    if (destroyed) return;
    if (!started || !consented) {
      // Keep only signals that could fire something, so time ticks cannot push a held event out.
      if (started && !surveys.some((survey) => matchTriggers(survey, signal, () => Number.MAX_SAFE_INTEGER))) return;
      held.push(() => onSignal(signal));
      if (held.length > MAX_HELD) held.shift();
      return;
    }
    let chosen = false;
    for (const survey of surveys) {
      const hit = matchTriggers(survey, signal, (index) => history.increment(userKey(), `${survey.id}:${index}`));
      if (!hit) continue;
      lastTrigger.set(survey.id, { trigger: describeTrigger(hit.trigger), at: clock.now() });
      const verdict = verdictFor(survey);
      if (!verdict.eligible) {
        const why = `triggered but blocked by ${verdict.blocks.map((b) => `${b.rule}: ${b.reason}`).join('; ')}`;
        lastOutcome.set(survey.id, why);
        debug(`[hark] survey "${survey.id}" ${why}`);
        continue;
      }
      // One prompt at a time: the first eligible candidate wins, later ones are dropped, not queued.
      if (chosen || store.getState().activePrompt || scheduler.pending()) {
        lastOutcome.set(survey.id, 'triggered but dropped: another prompt was showing or about to show');
        debug(`[hark] survey "${survey.id}" dropped: another prompt is showing or pending`);
        continue;
      }
      chosen = true;
      scheduler.schedule(survey, triggerInfo(hit.trigger, signal));
    }
  }

  function startSources() {
    const used = new Set(surveys.flatMap((survey) => survey.triggers.map((trigger) => trigger.on)));
    for (const on of used) {
      const listen = kindOf({ on } as Trigger).listen;
      if (listen) stopSources.push(listen(view, clock, onSignal));
    }
  }

  function replayHeld() {
    for (const task of held.splice(0)) task();
  }

  function start(extra: readonly Survey[]) {
    if (destroyed) return;
    const own = new Set(surveys.map((survey) => survey.id));
    surveys = [...surveys, ...extra.filter((survey) => !own.has(survey.id))];
    started = true;
    startSources();
    if (consented) replayHeld();
  }

  const remoteSurveys: Promise<readonly Survey[]> = config.surveysUrl
    ? ready.then(async () =>
        loadSurveys({ url: config.surveysUrl!, fetch: env.fetch, meta: (await storagePromise).meta, now: clock.now(), onError: report }),
      )
    : Promise.resolve([]);
  // Registered before anyone can await `ready`, so with inline surveys the engine runs by the time `ready` resolves.
  void ready.then(() => (config.surveysUrl ? remoteSurveys.then(start) : start([]))).catch(report);

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

  function findSurvey(surveyId: string): Survey {
    const survey = surveys.find((candidate) => candidate.id === surveyId);
    if (!survey) {
      throw new HarkError('unknown_survey', `show("${String(surveyId)}"): no survey with that id; known ids: ${surveys.map((s) => s.id).join(', ') || '(none)'}`, { field: 'surveyId' });
    }
    return survey;
  }

  function forceShow(surveyId: string) {
    const survey = findSurvey(surveyId);
    if (!consented) {
      held.push(() => guard('show', () => forceShow(surveyId)));
      return;
    }
    scheduler.cancel(`replaced by show("${surveyId}")`);
    display(survey, { manual: true });
  }

  cleanups.push(
    page.onOnline(() => void deliveryPromise.then((delivery) => delivery.wake()).catch(report)),
    page.onHide(() => {
      void deliveryPromise.then((delivery) => delivery.flushOnHide()).catch(report);
    }),
    view.onLeave(() => {
      if (store.getState().activePrompt?.phase === 'asking') endImpression('ignored');
    }),
    () => history.close(),
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
        if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) {
          throw new HarkError('invalid_argument', 'identify(userId, attributes): attributes must be a plain object', { field: 'attributes' });
        }
        store.dispatch({ type: 'identify', user: { id: userId, attributes: { ...attributes } } });
      }),
    track: (event, props = {}) =>
      guard('track', () => {
        if (typeof event !== 'string' || event.length === 0) {
          throw new HarkError('invalid_argument', `track(event): event must be a non-empty string, got ${JSON.stringify(event)}`, { field: 'event' });
        }
        if (props !== null && typeof props !== 'object') {
          throw new HarkError('invalid_argument', `track("${event}", props): props must be an object`, { field: 'props' });
        }
        onSignal({ type: 'event', name: event, props: props ?? {} });
      }),
    show: (surveyId) =>
      guard('show', () => {
        if (started) forceShow(surveyId);
        // Until history (and surveysUrl) have loaded, hold it in call order with track(): calls made
        // before the bundle loaded replay in the order the host made them.
        else held.push(() => guard('show', () => forceShow(surveyId)));
      }),
    dismiss: () =>
      guard('dismiss', () => {
        const prompt = store.getState().activePrompt;
        if (!prompt || prompt.phase === 'saving') return;
        store.dispatch({ type: 'close' });
        if (prompt.phase === 'thanks') return;
        endImpression('dismissed');
        lastOutcome.set(prompt.survey.id, `dismissed at ${new Date(clock.now()).toISOString()}`);
        emitter.emit('dismissed', { survey: prompt.survey });
        context()
          .then((ctx) => keep(eventRecord('dismissed', prompt, ctx)))
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
          const record = await keep(responseRecord(prompt, checked.score, checked.comment, await context()));
          store.dispatch({ type: 'answered' });
          endImpression('answered');
          lastOutcome.set(prompt.survey.id, `answered at ${new Date(clock.now()).toISOString()}`);
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
    consent: (granted) =>
      guard('consent', () => {
        if (typeof granted !== 'boolean') {
          throw new HarkError('invalid_argument', `consent(granted): granted must be true or false, got ${JSON.stringify(granted)}`, { field: 'granted' });
        }
        consented = granted;
        if (!granted) {
          scheduler.cancel('consent was withdrawn');
          impression = null;
        }
        store.dispatch({ type: 'consent', granted });
        if (granted && started) replayHeld();
        if (granted) void flush();
      }),
    explain(surveyId) {
      const survey = surveys.find((candidate) => candidate.id === surveyId);
      const held = destroyed
        ? 'the client was destroyed'
        : !consented
          ? 'waiting for consent: call consent(true)'
          : !started
            ? `Hark is still starting${config.surveysUrl ? ' (loading surveysUrl)' : ''}`
            : null;
      const explanation = explainSurvey({
        surveyId,
        known: survey !== undefined || (!started && !!config.surveysUrl),
        triggers: survey?.triggers.map(describeTrigger) ?? [],
        onScreen: store.getState().activePrompt?.survey.id === surveyId,
        pending: scheduler.pending()?.survey.id === surveyId ? scheduler.pending()!.why : null,
        held,
        verdict: survey && started ? verdictFor(survey) : null,
        lastTrigger: lastTrigger.get(surveyId) ?? null,
        lastOutcome: lastOutcome.get(surveyId) ?? null,
      });
      debug(explanation.message);
      return explanation;
    },
    getDeliveryState: () => deliveryPromise.then((delivery) => delivery.state()),
    async reset() {
      scheduler.cancel('reset() was called');
      store.dispatch({ type: 'close' });
      impression = null;
      const previousId = store.getState().user.id;
      store.dispatch({ type: 'identify', user: { id: null, attributes: {} } });
      await ready;
      const previous = previousId ?? anonymousId;
      lastTrigger.clear();
      lastOutcome.clear();
      anonymousId = env.uuid();
      try {
        await history.clear(previous);
        await (await storagePromise).meta.set('anonymousId', anonymousId);
      } catch (error) {
        report(error);
      }
    },
    destroy() {
      if (destroyed) return;
      if (store.getState().activePrompt?.phase === 'asking') endImpression('ignored');
      scheduler.cancel('destroy() was called');
      destroyed = true;
      for (const stop of stopSources.splice(0)) stop();
      for (const cleanup of cleanups.splice(0)) cleanup();
      held.length = 0;
      void deliveryPromise.then((delivery) => delivery.stop());
      store.dispatch({ type: 'destroy' });
      store.clear();
      emitter.clear();
    },
  };
  return client;
}
