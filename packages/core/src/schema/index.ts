// `@hark/core/schema`: the wire contract as zod schemas (what an endpoint validates with, as the
// collector does), config and survey parsing, and the scores a server computes from records.
export { BatchSchema, EventRecordSchema, MAX_BATCH_RECORDS, ResponseRecordSchema, WireRecordSchema } from './wire.js';
export type { Batch, EventRecord, ResponseRecord, WireRecord } from './wire.js';
export { SurveyKindSchema, SurveySchema, TriggerSchema, UrlRuleSchema } from './survey.js';
export type { Frequency, Scale, Survey, SurveyKind, Targeting, Trigger, UrlRule } from './survey.js';
export { ConfigSchema, DeliveryConfigSchema, PositionSchema } from './config.js';
export type { DeliveryConfig, HarkConfig, HarkConfigInput, HarkInitConfig } from './config.js';
export { parseConfig, parseSurvey } from './parse.js';
export { categorize, ces, csat, DEFAULT_SCALES, nps, scoreDistribution } from './scoring.js';
export type { CesResult, CsatResult, Distribution, NpsResult, ScoreCategory } from './scoring.js';
export { defaultQuestion } from '../i18n/questions.js';
