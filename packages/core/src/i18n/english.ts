import type { SurveyKind } from '../schema/survey.js';

/** The default question of each kind, in one language. */
export type Questions = Readonly<Record<SurveyKind, string>>;

/**
 * The default questions in English, the fallback language: the only ones in
 * the code every page loads. The others (`questions.ts`) are fetched when a
 * prompt in that language needs one (`HarkEnvironment.loadQuestions`). The CES
 * wording is the standard agree-scale statement ("The company made it easy
 * for me to handle my issue").
 */
export const ENGLISH_QUESTIONS: Questions = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  ces: 'The company made it easy for me to handle my issue.',
  csat: 'How satisfied are you with your experience?',
};
