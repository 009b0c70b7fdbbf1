import type { Survey } from '@hark/core';
import type { WidgetStrings } from './strings.js';

/**
 * Strings for a prompt, most specific last: the built-in ones of its
 * language, the app-wide `strings` option, then the survey's own `strings`,
 * `labels` and `thankYou`.
 */
export function resolveStrings(builtIn: WidgetStrings, survey: Survey, appStrings: Partial<WidgetStrings> = {}): WidgetStrings {
  const { choices, ...words } = survey.strings ?? {};
  const base = { ...builtIn, ...appStrings };
  const kindLabels = { ...base.labels[survey.kind], ...survey.labels };
  return {
    ...base,
    ...words,
    ...(survey.thankYou ? { thankYou: survey.thankYou } : {}),
    labels: { ...base.labels, [survey.kind]: kindLabels },
    choices: choices ?? base.choices,
  };
}
