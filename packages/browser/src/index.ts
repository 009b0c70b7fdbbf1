export { createHark } from './createHark';
export type { BrowserConfig, Hark } from './createHark';
export { installHark } from './installHark';
export { readScriptConfig } from './readScriptConfig';
export { defineSurveyElement, SURVEY_ELEMENT } from './defineSurveyElement';
export { FORWARDED, SNIPPET_METHODS } from './methods';
export type { ForwardedMethod } from './methods';
export type { SnippetCall, SnippetStub } from './snippetTypes';
