// `@hark/widget`: the host every adapter uses. The prompt itself (Preact, CSS) is
// `@hark/widget/ui`, which the host loads when it is needed: nothing here imports it.
export { createHost } from './createHost.js';
export type { Host, HostOptions, LoadUi, UiModule } from './createHost.js';
export type { WidgetOptions } from './mountWidget.js';
export type { Surfaces } from './renderSurfaces.js';
export type { WidgetStrings } from './i18n/strings.js';
export type { LoadLocale } from './i18n/importLocale.js';
export { defineSurveyElement, SURVEY_ELEMENT } from './defineSurveyElement.js';
