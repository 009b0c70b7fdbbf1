import { uuidv7 } from '../uuidv7.js';
import { createEmitter } from '../emitter.js';
import type { DeliveryCode, DeliveryModule, HarkEnvironment } from './environment.js';
import { HarkError, messageOf, toHarkError } from '../errors.js';
import { browserPlatform } from '../platform/browserPlatform.js';
import type { Platform } from '../platform/platform.js';
import type { HarkConfigInput } from '../schema/config.js';
import { parseConfig } from '../schema/parse.js';
import { reducer, type Action, type HarkState } from './state.js';
import { openIdbStorage } from '../storage/idbStorage.js';
import { createObservable } from './observable.js';
import { loadSurveys } from './loadSurveys.js';
import { checkConsent, checkIdentify, checkTrack } from './checkArguments.js';
import { deliverySettings } from '../delivery/deliveryConfig.js';
import { createPromptActions } from '../prompt/promptActions.js';
import { createPromptEngine } from '../prompt/promptEngine.js';
import type { PromptSessions } from '../prompt/promptSession.js';
import { deliveryOnNeed } from './deliveryOnNeed.js';
import { openSession, type StorageOpener } from './session.js';
import { openDurableStorage } from '../storage/durableStorage.js';
import type { ClientOptions, HarkClient, HarkEvents } from './types.js';
import { ENGLISH_QUESTIONS, type Questions } from '../i18n/english.js';
import { languageOf } from '../i18n/languages.js';
import type { Survey } from '../schema/survey.js';

const defaultEnvironment: Omit<HarkEnvironment, 'fetch' | 'platform' | 'loadDelivery'> = {
  random: Math.random,
  uuid: uuidv7,
  openStorage: () => openIdbStorage(),
};

/**
 * The page's `fetch` as it is when the client starts: a wrapper the page adds
 * later (instrumentation that retries, drops `keepalive` or loses errors)
 * never sees Hark's requests.
 */
function fetchAtStart(): typeof fetch {
  const fetch = globalThis.fetch;
  return (...args) => fetch.apply(globalThis, args);
}

/**
 * The client's options where the delivery code is not bundled with it: how to
 * fetch it is required, and so is `loadQuestions` when that code comes without
 * the default questions.
 */
export type BootClientOptions = Omit<ClientOptions, 'loadDelivery' | 'loadQuestions'> &
  (
    | { readonly loadDelivery: () => Promise<DeliveryModule>; readonly loadQuestions?: HarkEnvironment['loadQuestions'] }
    | { readonly loadDelivery: () => Promise<DeliveryCode>; readonly loadQuestions: NonNullable<HarkEnvironment['loadQuestions']> }
  );

/**
 * Creates a client and starts it: it opens storage, listens to the page and
 * shows prompts as they trigger. With `lazy: true` it starts at its first
 * `mount()` instead. Throws a HarkError naming the field when the config is
 * invalid; after that, no method throws into the host page. The code that
 * stores and sends records is fetched with `loadDelivery` when first needed.
 */
export function createClient(input: HarkConfigInput, options: BootClientOptions): HarkClient {
  // One fetch of the delivery code at a time for everything that needs it (the storage fallbacks, the delivery, the answer path); a failed one is forgotten.
  let code: Promise<DeliveryModule> | null = null;
  const loadDelivery = () =>
    (code ??= (options.loadDelivery as () => Promise<DeliveryModule>)().catch((error: unknown) => {
      code = null;
      throw error;
    }));
  // The storage fallbacks come with that code, fetched only when IndexedDB fails them or localStorage holds an earlier page's records.
  return createClientWith(input, { ...options, loadDelivery }, (open, report) =>
    openDurableStorage({
      ...open,
      loadFallbacks: () => loadDelivery().then(({ resilientStorage }) => resilientStorage),
      onError: (cause) => report(new HarkError('storage_unavailable', `the storage fallbacks could not be fetched (${messageOf(cause)})`, { cause })),
    }),
  );
}

/** `createClient`, with the delivery code given when it is bundled (`@hark/core`): wired at once. */
export function createClientWith(input: HarkConfigInput, options: BootClientOptions, openDurable: StorageOpener, bundled?: DeliveryModule): HarkClient {
  const { lazy = false, ...environment } = options;
  const config = parseConfig(input);
  // What touches the page or storage waits for the start; calls made before it are held by the engine.
  let started = false;
  const starting: Array<() => void> = [];
  const afterStart = (fn: () => void) => (started ? fn() : void starting.push(fn));
  // Nothing starts after destroy(), so a listener stopped before the start simply never attaches.
  const onceStarted = (listen: (fn: () => void) => () => void) => (fn: () => void) => {
    let stop = () => undefined as void;
    afterStart(() => (stop = listen(fn)));
    return () => stop();
  };
  const given = environment.platform ?? browserPlatform();
  const platform: Platform = {
    ...given,
    onOnline: onceStarted(given.onOnline),
    onHide: onceStarted(given.onHide),
    onLeave: onceStarted(given.onLeave),
    onRestore: onceStarted(given.onRestore),
  };
  // Delivery code without the default questions comes with a `loadQuestions` (BootClientOptions), so its missing `questionsIn` is never called.
  const env = { ...defaultEnvironment, ...environment, fetch: environment.fetch ?? fetchAtStart(), platform } as HarkEnvironment;
  const initialConsent = config.consent !== false && !(config.respectDoNotTrack && platform.doNotTrack());
  const emitter = createEmitter<HarkEvents>();
  const store = createObservable<HarkState, Action>(
    {
      status: 'starting',
      locale: config.locale ?? platform.language() ?? 'en',
      user: { id: config.user?.id ?? null, attributes: { ...config.user?.attributes } },
      activePrompt: null,
      inlinePrompts: {},
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
    // Production builds word no debug lines (see dev.ts): only hark.debug.min.js and development builds log.
    if (config.debug && message) console.info(message);
  };

  let destroyed = false;
  let consented = initialConsent;

  const session = openSession({ config, env, report, afterStart, openDurable, onReady: (storage) => store.dispatch({ type: 'ready', storage }) });
  const { ready, history } = session;
  // Storage opens before the rest is built: opening IndexedDB is the longest wait on the way to a first prompt.
  if (!lazy) start();
  const userKey = () => store.getState().user.id ?? session.anonymousId();
  const settings = deliverySettings(config.delivery, config.batchSize);
  // This tab's id as lease owner, and holder of the scores it holds back.
  const owner = env.uuid();
  const delivery = deliveryOnNeed({
    loadDelivery: env.loadDelivery,
    bundled,
    config,
    settings,
    owner,
    env,
    storage: session.storage,
    // consent: false holds everything, records queued by an earlier page included.
    mayDeliver: () => consented,
    onSent: (records) => emitter.emit('sent', { records }),
    ready,
    state: store.getState,
    anonymousId: session.anonymousId,
    report,
    debug,
  });
  const { records, flush } = delivery;
  /** `use` with the delivery code: at once when it is there, else once it is fetched. */
  const withCode = <T>(use: (code: DeliveryModule) => T): T | Promise<T> => {
    const code = delivery.loaded();
    return code ? use(code) : delivery.code().then(use);
  };
  // The default questions in the client's language. Other than English they are fetched (env.loadQuestions; by default
  // with the delivery code), so a prompt without a question of its own waits for them, as its UI does for its strings.
  // If they cannot be fetched, the prompt asks in English (what fetched them reported it) and the next one tries again.
  const language = languageOf(store.getState().locale);
  let questions: Questions | null = language === 'en' ? ENGLISH_QUESTIONS : null;
  let fetchingQuestions: Promise<void> | null = null;
  // Bundled delivery code has them at once: such a client never waits.
  const known = () => (questions ??= (!env.loadQuestions && delivery.loaded()?.questionsIn?.(language)) || null);
  const question = (survey: Survey) => survey.question ?? (known() ?? ENGLISH_QUESTIONS)[survey.kind];
  const wording = (survey: Survey): Promise<void> | null =>
    survey.question !== undefined || known()
      ? null
      : (fetchingQuestions ??= new Promise<Questions | undefined>((resolve) =>
          resolve(env.loadQuestions ? env.loadQuestions(language) : delivery.code().then((code) => code.questionsIn?.(language))),
        )
          .then(
            (found) => void (questions = found ?? ENGLISH_QUESTIONS),
            () => undefined,
          )
          .finally(() => (fetchingQuestions = null)));
  const sessions: PromptSessions = new Map();
  const lastOutcome = new Map<string, string>();
  const actions = createPromptActions({
    store,
    sessions,
    records,
    history,
    platform,
    userKey,
    emitter,
    holdMs: settings.holdMs,
    owner,
    destroyed: () => destroyed,
    report,
    note: (surveyId, what) => lastOutcome.set(surveyId, what),
    answering: (options) => withCode((code) => code.createAnswering(options)),
  });
  const engine = createPromptEngine({
    config,
    platform,
    uuid: env.uuid,
    question,
    wording,
    store,
    history,
    sessions,
    userKey,
    consented: () => consented,
    destroyed: () => destroyed,
    retire: actions.retire,
    report,
    debug,
  }, lastOutcome);

  const surveysFromUrl = async () =>
    loadSurveys({ url: config.surveysUrl!, fetch: env.fetch, meta: (await session.storage).meta, clock: platform, timeoutMs: settings.surveysTimeoutMs, onError: report });
  // Registered before anyone can await `ready`, so with inline surveys the engine runs by the time `ready` resolves.
  void ready
    .then(async () => engine.start(config.surveysUrl ? await surveysFromUrl() : []))
    .catch(report);
  // What an earlier page left is sent now (and its unreported dead letters reported), fetching the delivery code for
  // it; a start that found none (a first visit, or a returning one with nothing left) fetches nothing until a record
  // is written or a send is asked for.
  void ready.then(() => {
    if (session.queued()) void flush();
  });

  const stopLeave = platform.onLeave(actions.leave);
  let mounts = 0;
  function start(): void {
    if (started) return;
    started = true;
    for (const open of starting.splice(0)) open();
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

  const client: HarkClient = {
    config,
    ready,
    identify: (userId, attributes) =>
      guard('identify', () => {
        checkIdentify(userId, attributes);
        store.dispatch({ type: 'identify', user: { id: userId, attributes: { ...attributes } } });
        engine.userChanged();
      }),
    track: (event, props = {}) =>
      guard('track', () => {
        checkTrack(event, props);
        engine.signal({ type: 'event', name: event, props: props ?? {} });
      }),
    show: (surveyId) => guard('show', () => engine.show(surveyId)),
    dismiss: (promptId) => guard('dismiss', () => actions.dismiss(promptId)),
    submit: actions.submit,
    choose: actions.choose,
    displayed: (promptId) => guard('displayed', () => actions.displayed(promptId)),
    place(surveyId) {
      let release = () => undefined as void;
      guard('place', () => {
        if (typeof surveyId !== 'string' || !surveyId) throw new HarkError('invalid_argument', 'place(surveyId): surveyId must be a non-empty string', { field: 'surveyId' });
        release = engine.place(surveyId);
      });
      return release;
    },
    on: (event, fn) => emitter.on(event, fn),
    getState: store.getState,
    subscribe: store.subscribe,
    // The host asking to send now is the sign that credentials changed: it ends a 401/403 pause.
    flush: delivery.resume,
    consent: (granted) =>
      guard('consent', () => {
        checkConsent(granted);
        consented = granted;
        if (!granted) engine.cancel('consent was withdrawn', true);
        store.dispatch({ type: 'consent', granted });
        if (granted) {
          engine.replayHeld();
          void flush();
        }
      }),
    explain(surveyId) {
      const explanation = engine.explain(surveyId, destroyed);
      debug(explanation.message);
      return explanation;
    },
    getDeliveryState: delivery.state,
    async reset() {
      engine.cancel('reset() was called', true);
      store.dispatch({ type: 'close' });
      const previousId = store.getState().user.id;
      store.dispatch({ type: 'identify', user: { id: null, attributes: {} } });
      await ready;
      engine.forgetOutcomes();
      await session.renew(previousId ?? session.anonymousId());
      engine.userChanged();
    },
    mount: () =>
      guard('mount', () => {
        mounts += 1;
        start();
      }),
    unmount() {
      // A microtask later: StrictMode unmounts and mounts again at once, and that keeps this client.
      if (mounts && !--mounts) queueMicrotask(() => mounts || client.destroy());
    },
    reportError(error) {
      if (!emitter.emit('error', error)) console.error(error);
    },
    destroy() {
      if (destroyed) return;
      actions.leave();
      actions.stop();
      engine.cancel('destroy() was called');
      destroyed = true;
      engine.stop();
      stopLeave();
      history.close();
      delivery.stop();
      store.dispatch({ type: 'destroy' });
      store.clear();
      emitter.clear();
    },
  };
  return client;
}
