// What apps and adapters call. The zod contract and scoring are `@hark/core/schema`;
// test doubles for the seams are `@hark/core/testing`; the client without its delivery code
// bundled is `@hark/core/boot`, and that code `@hark/core/delivery`.
export { createClient } from './client/bundledClient.js';
export type { Answer, ClientOptions, HarkClient, HarkEvents } from './client/types.js';
export type { DeliveryCode, DeliveryModule, HarkEnvironment } from './client/environment.js';
export type { ActivePrompt, HarkState, UserState } from './client/state.js';
export { HarkError, toHarkError } from './errors.js';
export type { HarkErrorCode } from './errors.js';
export type { DeliveryConfig, HarkConfig, HarkConfigInput, HarkInitConfig, HeadersOption, RequestHeaders } from './schema/config.js';
export type { Frequency, Scale, Survey, SurveyKind, Targeting, Trigger, UrlRule } from './schema/survey.js';
export type { EventRecord, ResponseRecord, WireRecord } from './schema/wire.js';
export type { Explanation } from './eligibility/explain.js';
export type { DeliveryState, FlushResult } from './delivery/delivery.js';
export { LANGUAGES, languageOf } from './i18n/languages.js';
export { mayPromptOn } from './triggers/mayPromptOn.js';
export { SDK_VERSION } from './version.js';
export type { Language } from './i18n/languages.js';
export type { Questions } from './i18n/english.js';
