import type { SurveyKind } from '@hark/core';

/** Every word the prompt shows besides the survey's own text. */
export interface WidgetStrings {
  readonly send: string;
  readonly sending: string;
  readonly close: string;
  readonly thankYou: string;
  readonly followUp: string;
  readonly saveFailed: string;
  /** Announced by screen readers when a prompt appears. */
  readonly announce: string;
  readonly labels: Readonly<Record<SurveyKind, { readonly low: string; readonly high: string }>>;
}

/** English, the fallback for every language without its own strings. */
export const EN: WidgetStrings = {
  send: 'Send',
  sending: 'Sending…',
  close: 'Close',
  thankYou: 'Thank you for your feedback!',
  followUp: 'What is the main reason for your score?',
  saveFailed: 'Your answer could not be saved. Please try again.',
  announce: 'Feedback request',
  labels: {
    nps: { low: 'Not at all likely', high: 'Extremely likely' },
    ces: { low: 'Strongly disagree', high: 'Strongly agree' },
    csat: { low: 'Very dissatisfied', high: 'Very satisfied' },
  },
};
