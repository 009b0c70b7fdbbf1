export { HarkProvider } from './HarkProvider.js';
export type { HarkProviderProps } from './HarkProvider.js';
export { useHark } from './useHark.js';
export { useSurveyState } from './useSurveyState.js';
export { Survey } from './Survey.js';
export type { SurveyProps } from './Survey.js';
export type { HarkReactConfig, HarkWidgetOptions } from './config.js';
