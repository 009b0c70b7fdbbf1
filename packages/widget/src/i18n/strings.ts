import type { SurveyKind } from '@hark/core';

/** Every word the prompt shows besides the survey's own question. */
export interface WidgetStrings {
  readonly send: string;
  readonly sending: string;
  readonly close: string;
  readonly thankYou: string;
  /** The follow-up question when the survey sets none. */
  readonly followUp: string;
  /** Characters left in the follow-up; `{n}` is replaced by the count. */
  readonly counter: string;
  readonly saveFailed: string;
  /** Announced by screen readers when a prompt appears. */
  readonly announce: string;
  /** The words at both ends of each kind's scale. */
  readonly labels: Readonly<Record<SurveyKind, { readonly low: string; readonly high: string }>>;
  /** Text equivalents of a 5-point CSAT scale, lowest first (faces and stars). */
  readonly choices: readonly string[];
}

/** English, the fallback for every language without its own strings. */
export const EN: WidgetStrings = {
  send: 'Send',
  sending: 'Sending…',
  close: 'Close',
  thankYou: 'Thank you for your feedback!',
  followUp: 'What is the main reason for your score?',
  counter: '{n} characters left',
  saveFailed: 'Your answer could not be saved. Please try again.',
  announce: 'Feedback request',
  labels: {
    nps: { low: 'Not at all likely', high: 'Extremely likely' },
    ces: { low: 'Strongly disagree', high: 'Strongly agree' },
    csat: { low: 'Very dissatisfied', high: 'Very satisfied' },
  },
  choices: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
};
