export { HarkProvider } from './HarkProvider';
export type { HarkProviderProps } from './HarkProvider';
export { useHark } from './useHark';
export { useSurveyState } from './useSurveyState';
export { Survey } from './Survey';
export type { SurveyProps } from './Survey';
export { VERBS } from './clientHandle';
export type { HarkVerbs } from './clientHandle';
export type { HarkReactConfig, HarkWidgetOptions } from './config';
