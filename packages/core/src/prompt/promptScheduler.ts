import type { Verdict } from '../eligibility/evaluate.js';
import type { Platform } from '../platform/platform.js';
import type { Survey } from '../schema/survey.js';
import { BUSY_POLL_MS } from '../defaults.js';
import { dev } from '../dev.js';

/** Holds at most one survey between its trigger and its display. */
export interface PromptScheduler {
  /** Shows now, or after `delayMs`, once no host dialog is open and the user is not typing. */
  schedule(survey: Survey, trigger: Record<string, unknown>): void;
  /** Drops the pending survey, if any, noting `why`. */
  cancel(why: string): void;
  /** The pending survey and what it waits for, or null. */
  pending(): { readonly survey: Survey; readonly why: string } | null;
}

/**
 * The pending-prompt state machine: delay → wait until the user is free →
 * re-check the rules → display. Its listeners (route change cancels, focus
 * leaving a field re-checks) and its one timer live only while a survey waits.
 */
export function createPromptScheduler({ platform, verdict, display, note }: {
  /** The page: its timers, route changes and whether the user is busy. */
  readonly platform: Platform;
  /** The rules, re-checked just before showing: another tab may have shown a prompt meanwhile. */
  readonly verdict: (survey: Survey) => Verdict;
  readonly display: (survey: Survey, trigger: Record<string, unknown>) => void;
  /** Told why a pending survey did not show (cancelled, or no longer eligible). */
  readonly note: (survey: Survey, why: string) => void;
}): PromptScheduler {
  let current: { survey: Survey; trigger: Record<string, unknown>; why: string; delayed: boolean; timer: unknown; off: () => void } | null = null;

  function clear() {
    if (!current) return null;
    const done = current;
    if (done.timer !== null) platform.clearTimeout(done.timer);
    done.off();
    current = null;
    return done;
  }

  function arm(ms: number) {
    if (!current) return;
    if (current.timer !== null) platform.clearTimeout(current.timer);
    current.timer = platform.setTimeout(() => {
      if (current) current.timer = null;
      if (current) current.delayed = false;
      attempt();
    }, ms);
  }

  function attempt() {
    if (!current || current.delayed) return;
    const busy = platform.busy();
    if (busy) {
      current.why = busy === 'modal' ? 'waiting for a host dialog to close' : 'waiting for the user to stop typing';
      arm(BUSY_POLL_MS);
      return;
    }
    const { survey, trigger } = clear()!;
    const result = verdict(survey);
    if (result.eligible) display(survey, trigger);
    else note(survey, dev(() => `became ineligible before showing: ${result.blocks.map((b) => b.reason).join('; ')}`));
  }

  return {
    schedule(survey, trigger) {
      clear();
      const delay = survey.delayMs ?? 0;
      if (delay === 0 && !platform.busy()) return display(survey, trigger);
      const offNavigate = platform.onNavigate(() => cancel(dev(() => 'cancelled: the user navigated away before it showed')));
      const offBusy = platform.onBusyChange(attempt);
      current = { survey, trigger, why: `delay of ${delay} ms`, delayed: delay > 0, timer: null, off: () => (offNavigate(), offBusy()) };
      if (delay > 0) arm(delay);
      else attempt();
    },
    cancel,
    pending: () => (current ? { survey: current.survey, why: current.why } : null),
  };

  function cancel(why: string) {
    const dropped = clear();
    if (dropped) note(dropped.survey, why);
  }
}
