import { v7 as uuidv7 } from 'uuid';
import { createEmitter } from '../emitter';
import { browserPage, systemClock, type ClientEnvironment } from '../env';
import { HarkError, toHarkError } from '../errors';
import { browserCoordination } from '../outbox/coordination';
import { createBrowserPageView } from '../page/browserPageView';
import { createInertPageView } from '../page/inertPageView';
import type { PageView } from '../page/pageView';
import type { HarkConfigInput } from '../schema/config';
import { parseConfig } from '../schema/parse';
import { reducer, type Action, type ActivePrompt, type HarkState } from '../state';
import { openIdbStorage } from '../storage/idbStorage';
import { createStore } from '../store';
import { loadSurveys } from '../surveys/loadSurveys';
import { checkAnswer } from './checkAnswer';
import { wireDelivery } from './deliveryWiring';
import { createPromptEngine } from './promptEngine';
import { createRecordKeeper } from './recordKeeper';
import { openSession } from './session';
import type { Answer, HarkClient, HarkEnvironment, HarkEvents } from './types';

const defaultEnvironment: ClientEnvironment = {
  clock: systemClock,
  fetch: (...args) => globalThis.fetch(...args),
  random: Math.random,
  uuid: uuidv7,
  openStorage: () => openIdbStorage(),
  page: browserPage,
  tabs: browserCoordination,
};

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
  const store = createStore<HarkState, Action>(
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

  let destroyed = false;
  let consented = initialConsent;
  let pendingSubmit: Promise<void> | null = null;

  const session = openSession({ config, env, view, report, onReady: (storage) => store.dispatch({ type: 'ready', storage }) });
  const { ready, history } = session;
  const userKey = () => store.getState().user.id ?? session.anonymousId();
  const delivery = wireDelivery({
    config,
    env,
    storage: session.storage,
    // consent: false holds everything, records queued by an earlier page included.
    mayDeliver: () => consented,
    onSent: (records) => emitter.emit('sent', { records }),
    report,
  });
  const { flush } = delivery;
  const records = createRecordKeeper({
    config,
    env,
    ready,
    state: store.getState,
    anonymousId: session.anonymousId,
    outbox: delivery.outbox,
    flush,
    report,
    debug,
  });
  const engine = createPromptEngine({
    config,
    view,
    clock,
    uuid: env.uuid,
    store,
    history,
    userKey,
    consented: () => consented,
    destroyed: () => destroyed,
    onShown(prompt) {
      emitter.emit('shown', { survey: prompt.survey });
      records.event('shown', prompt).catch(report);
    },
    report,
    debug,
  });

  const surveysFromUrl = async () =>
    loadSurveys({ url: config.surveysUrl!, fetch: env.fetch, meta: (await session.storage).meta, now: clock.now(), onError: report });
  // Registered before anyone can await `ready`, so with inline surveys the engine runs by the time `ready` resolves.
  void ready
    .then(async () => engine.start(config.surveysUrl ? await surveysFromUrl() : []))
    .catch(report);
  void ready.then(() => flush());

  const stopLeave = view.onLeave(() => {
    const prompt = store.getState().activePrompt;
    if (prompt?.phase === 'asking') engine.ended(prompt.survey.id, 'ignored');
  });

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

  async function save(prompt: ActivePrompt, answer: Answer) {
    try {
      const record = await records.response(prompt, answer.score, answer.comment);
      store.dispatch({ type: 'answered' });
      engine.ended(prompt.survey.id, 'answered');
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
  }

  return {
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
        engine.signal({ type: 'event', name: event, props: props ?? {} });
      }),
    show: (surveyId) => guard('show', () => engine.show(surveyId)),
    dismiss: () =>
      guard('dismiss', () => {
        const prompt = store.getState().activePrompt;
        if (!prompt || prompt.phase === 'saving') return;
        store.dispatch({ type: 'close' });
        if (prompt.phase === 'thanks') return;
        engine.ended(prompt.survey.id, 'dismissed');
        emitter.emit('dismissed', { survey: prompt.survey });
        records.event('dismissed', prompt).catch(report);
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
      pendingSubmit = save(prompt, checked);
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
    getDeliveryState: () => delivery.delivery.then((loop) => loop.state()),
    async reset() {
      engine.cancel('reset() was called', true);
      store.dispatch({ type: 'close' });
      const previousId = store.getState().user.id;
      store.dispatch({ type: 'identify', user: { id: null, attributes: {} } });
      await ready;
      engine.forgetOutcomes();
      await session.renew(previousId ?? session.anonymousId());
    },
    destroy() {
      if (destroyed) return;
      const prompt = store.getState().activePrompt;
      if (prompt?.phase === 'asking') engine.ended(prompt.survey.id, 'ignored');
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
}
