import { explainSurvey, type Explanation } from '../eligibility/explain.js';
import { evaluate, INLINE_RULES, type Verdict } from '../eligibility/evaluate.js';
import { FREQUENCY_DEFAULTS, MAX_HELD_SIGNALS } from '../defaults.js';
import { createPromptScheduler } from './promptScheduler.js';
import { HarkError } from '../errors.js';
import type { Platform } from '../platform/platform.js';
import type { HarkConfig } from '../schema/config.js';
import type { Survey, Trigger } from '../schema/survey.js';
import { describeTrigger, kindOf, matchTriggers } from '../triggers/matchTriggers.js';
import type { Signal } from '../triggers/types.js';
import { createInlineSurveys } from './inlineSurveys.js';
import { createPromptDisplay, type PromptDisplayOptions } from './promptDisplay.js';
import type { PromptActions } from './promptActions.js';
import { dev } from '../dev.js';

/** Decides which survey shows when and where: triggers in, eligibility checked, one floating prompt at a time, inline surveys by their own rules. */
export interface PromptEngine {
  /** Adds the surveys from `surveysUrl`, starts listening, and replays what came in meanwhile. */
  start(extra: readonly Survey[]): void;
  /** Something happened (an event, a page view, a click...). Held until started and consented. */
  signal(signal: Signal): void;
  /** Shows a survey now, skipping triggers and eligibility; held in call order until started and consented. */
  show(surveyId: string): void;
  /** Runs what was held back for consent, and decides the placed inline surveys. */
  replayHeld(): void;
  /** Places an inline survey (see `HarkClient.place`); returns the release. */
  place(surveyId: string): () => void;
  /** Another user (identify, logout): placed inline surveys decided for someone else are decided again. */
  userChanged(): void;
  /** Cancels a prompt waiting for its delay; `forget` also drops the prompts on the page from the history's view. */
  cancel(reason: string, forget?: boolean): void;
  /** Logout: forgets what was triggered and how it ended. */
  forgetOutcomes(): void;
  /** Why `surveyId` did or did not show (see `HarkClient.explain`). */
  explain(surveyId: string, destroyed: boolean): Explanation;
  /** Stops every trigger listener and drops what was held. */
  stop(): void;
}

/** What `createPromptEngine` needs: the surveys (in config), the page and the client's consent, plus what its display needs. */
export interface PromptEngineOptions extends Omit<PromptDisplayOptions, 'placedInline'> {
  /** The surveys, `surveysUrl` and the global recontact window. */
  readonly config: HarkConfig;
  /** The page the triggers watch and the URL rules read, and the one clock. */
  readonly platform: Platform;
  /** False while consent is withheld: signals and `show()` are held until it is granted. */
  readonly consented: () => boolean;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
  /** Ends an inline survey's page view (`PromptActions.retire`). */
  readonly retire: PromptActions['retire'];
  /**
   * Null when the survey's question is at hand; else a promise, never
   * rejecting, that settles once it is (or the English one stands in): the
   * default questions in other languages are fetched (`loadQuestions`).
   */
  readonly wording: (survey: Survey) => Promise<void> | null;
}

function triggerInfo(trigger: Trigger, signal: Signal): Record<string, unknown> {
  if (trigger.on === 'event') return { event: trigger.event };
  if (signal.type === 'pageview') return { on: 'pageview', url: signal.href };
  const { on, ...rest } = trigger;
  return { on, ...rest };
}

/**
 * The engine behind `track()`, `show()`, `place()` and every trigger;
 * `lastOutcome` (survey id → what its last firing or prompt led to) is where
 * `explain()` reads, shared with the prompt actions.
 */
export function createPromptEngine(options: PromptEngineOptions, lastOutcome = new Map<string, string>()): PromptEngine {
  const { config, platform, store, history, userKey, consented, destroyed, report, debug } = options;
  let surveys: readonly Survey[] = config.surveys;
  let started = false;
  /** Work that waits for Hark to start, or for consent. */
  const held: Array<() => void> = [];
  const lastTrigger = new Map<string, { trigger: string; at: number }>();
  /** The survey about to show once its question is at hand, and what then shows it. */
  let wording: { readonly survey: Survey } | null = null;
  const stopSources: Array<() => void> = [];
  const note = (survey: Survey, why: string) => {
    lastOutcome.set(survey.id, why);
    debug(dev(() => `[hark] survey "${survey.id}" ${why}`));
  };

  function verdictFor(survey: Survey, rules?: typeof INLINE_RULES): Verdict {
    const { user } = store.getState();
    return evaluate({
      survey,
      userKey: userKey(),
      attributes: user.attributes,
      history: history.impressions(userKey()),
      now: platform.now(),
      href: platform.href(),
      globalRecontactDays: config.recontactDays ?? FREQUENCY_DEFAULTS.recontactDays,
    }, rules);
  }

  const inline = createInlineSurveys({
    store,
    sessions: options.sessions,
    uuid: options.uuid,
    userKey,
    platform,
    active: () => started && consented() && !destroyed(),
    survey: (surveyId) => surveys.find((candidate) => candidate.id === surveyId),
    verdict: (survey) => verdictFor(survey, INLINE_RULES),
    retire: options.retire,
    question: options.question,
    wording: options.wording,
    note,
    report,
  });
  const promptDisplay = createPromptDisplay({ ...options, placedInline: inline.placed }, lastOutcome);
  // An answer another tab stored (a score chosen there counts) ends this user's inline prompt still asking here.
  const stopHearing = options.history.onHeard((impression) => {
    if (impression.user === userKey() && (impression.outcome === 'answered' || impression.answeredAt !== undefined)) inline.answeredElsewhere(impression.surveyId);
  });

  const scheduler = createPromptScheduler({ platform, verdict: verdictFor, display: promptDisplay.display, note });

  /** Runs `next` once the survey's question is at hand: at once when it is, as it nearly always is. */
  function whenWorded(survey: Survey, next: (waited: boolean) => void) {
    const wait = options.wording(survey);
    if (!wait) return next(false);
    const waiting = (wording = { survey });
    void wait.then(() => {
      if (wording !== waiting || destroyed()) return;
      wording = null;
      next(true);
    });
  }

  function hold(task: () => void) {
    held.push(task);
    if (held.length > MAX_HELD_SIGNALS) held.shift();
  }

  function signal(signal: Signal) {
    if (destroyed()) return;
    if (!started || !consented()) {
      // Keep only signals that could fire something, so time ticks cannot push a held event out.
      if (started && !surveys.some((survey) => matchTriggers(survey, signal, () => Number.MAX_SAFE_INTEGER))) return;
      hold(() => engine.signal(signal));
      return;
    }
    let chosen = false;
    for (const survey of surveys) {
      const hit = matchTriggers(survey, signal, (index) => history.increment(userKey(), `${survey.id}:${index}`));
      if (!hit) continue;
      lastTrigger.set(survey.id, { trigger: describeTrigger(hit.trigger), at: platform.now() });
      const verdict = verdictFor(survey);
      if (!verdict.eligible) {
        note(survey, dev(() => `triggered but blocked by ${verdict.blocks.map((b) => `${b.rule}: ${b.reason}`).join('; ')}`));
        continue;
      }
      // One prompt at a time: the first eligible candidate wins, later ones are dropped, not queued.
      if (chosen || store.getState().activePrompt || scheduler.pending() || wording) {
        note(survey, dev(() => 'triggered but dropped: another prompt was showing or about to show'));
        continue;
      }
      chosen = true;
      const trigger = triggerInfo(hit.trigger, signal);
      whenWorded(survey, (waited) => {
        // After a wait for its question, the rules again (another tab may have shown a prompt meanwhile), as after a delay.
        const again = waited && verdictFor(survey);
        if (again && !again.eligible) return note(survey, dev(() => `became ineligible before showing: ${again.blocks.map((b) => b.reason).join('; ')}`));
        scheduler.schedule(survey, trigger);
      });
    }
  }

  function show(surveyId: string) {
    const later = () =>
      hold(() => {
        try {
          engine.show(surveyId);
        } catch (error) {
          report(error);
        }
      });
    // Until history (and surveysUrl) have loaded, hold it in call order with track(): calls made
    // before the bundle loaded replay in the order the host made them.
    if (!started) return later();
    const survey = surveys.find((candidate) => candidate.id === surveyId);
    if (!survey) {
      throw new HarkError('unknown_survey', `show("${String(surveyId)}"): no survey with that id; known ids: ${surveys.map((s) => s.id).join(', ') || '(none)'}`, { field: 'surveyId' });
    }
    if (!consented()) return later();
    cancel(dev(() => `replaced by show("${surveyId}")`));
    whenWorded(survey, () => promptDisplay.display(survey, { manual: true }));
  }

  function cancel(reason: string) {
    scheduler.cancel(reason);
    if (wording) note(wording.survey, reason);
    wording = null;
  }

  const engine: PromptEngine = {
    start(extra) {
      if (destroyed()) return;
      const own = new Set(surveys.map((survey) => survey.id));
      surveys = [...surveys, ...extra.filter((survey) => !own.has(survey.id))];
      started = true;
      for (const on of new Set(surveys.flatMap((survey) => survey.triggers.map((trigger) => trigger.on)))) {
        const listen = kindOf({ on } as Trigger).listen;
        if (listen) stopSources.push(listen(platform, engine.signal));
      }
      if (consented()) engine.replayHeld();
    },
    signal,
    show,
    replayHeld() {
      if (!started) return;
      for (const task of held.splice(0)) task();
      inline.decide();
    },
    place: inline.place,
    userChanged: inline.userChanged,
    cancel(reason, forget = false) {
      cancel(reason);
      if (!forget) return;
      promptDisplay.forget();
      inline.reset();
    },
    forgetOutcomes() {
      lastTrigger.clear();
      lastOutcome.clear();
    },
    explain(surveyId, isDestroyed) {
      const survey = surveys.find((candidate) => candidate.id === surveyId);
      const waiting = isDestroyed
        ? 'the client was destroyed'
        : !consented()
          ? 'waiting for consent: call consent(true)'
          : !started
            ? `Hark is still starting${config.surveysUrl ? ' (loading surveysUrl)' : ''}`
            : null;
      const pending = scheduler.pending();
      // Placed inline: page content, with its own rules, which records `shown` once in view.
      const placed = inline.describe(surveyId);
      const asking = !!placed?.prompt && placed.prompt.phase !== 'answered';
      return explainSurvey({
        surveyId,
        known: survey !== undefined || (!started && !!config.surveysUrl),
        triggers: survey?.triggers.map(describeTrigger) ?? [],
        inline:
          placed &&
          `placed inline on this page${placed.closed ? ', closed by the user for this page view' : placed.prompt?.phase === 'answered' ? ", showing its answered state (inline.answered: 'hidden' shows nothing)" : ' (only its own targeting, sampling, answer and dismissal rules apply)'}`,
        onScreen: placed ? asking && placed.displayed : store.getState().activePrompt?.survey.id === surveyId,
        pending: placed
          ? asking && !placed.displayed
            ? 'it records "shown" when it enters the viewport'
            : null
          : pending?.survey.id === surveyId
            ? pending.why
            : wording?.survey.id === surveyId
              ? dev(() => 'waiting for its default question in this language, which is being fetched')
              : null,
        held: waiting,
        verdict: survey && started && !asking ? verdictFor(survey, placed ? INLINE_RULES : undefined) : null,
        lastTrigger: lastTrigger.get(surveyId) ?? null,
        lastOutcome: lastOutcome.get(surveyId) ?? null,
      });
    },
    stop() {
      for (const stop of stopSources.splice(0)) stop();
      stopHearing();
      inline.stop();
      held.length = 0;
      wording = null;
    },
  };
  return engine;
}
