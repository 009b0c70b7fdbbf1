export { createHark } from './createHark';
export type { BrowserConfig, Hark } from './createHark';
