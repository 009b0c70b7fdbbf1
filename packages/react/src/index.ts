export { HarkProvider, useHark, useSurveyState } from './HarkProvider';
export type { HarkProviderProps } from './HarkProvider';
