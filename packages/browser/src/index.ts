export { createHark } from './createHark.js';
export type { BrowserConfig, Hark } from './createHark.js';
export { installHark } from './installHark.js';
export { readScriptConfig } from './readScriptConfig.js';
export { SNIPPET_METHODS, VERBS } from './methods.js';
export type { SnippetCall, SnippetPlaceholder } from './methods.js';
